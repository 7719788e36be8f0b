"""Provides which files of a content folder hold guidance, in the order they are loaded.

Apart from the loader, so that a start from the cache (content/cache.py), which checks these
files' sizes and times, does not import the parser."""

from __future__ import annotations

from pathlib import Path

from relasjon_tui.content.model import ContentError
from relasjon_tui.strings import t


def content_files(directory: Path) -> tuple[list[Path], list[ContentError]]:
    """The content files of a folder in load order, and a problem if the folder cannot be read."""
    try:
        return sorted(p for p in directory.glob("*.md") if p.is_file() and p.name.lower() != "readme.md"), []
    except OSError as error:
        return [], [ContentError(directory, 0, t("content_folder_unreadable", error=error.strerror))]
