"""Provides the Textual user interface: app, screens and widgets. Nothing here opens data files."""
