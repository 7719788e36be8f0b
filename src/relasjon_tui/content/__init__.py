"""Provides the guidance content model, its Markdown loader and its search index (no Textual)."""
