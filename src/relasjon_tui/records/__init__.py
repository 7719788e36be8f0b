"""Provides the records layer: session logs and their store, with no Textual import."""
