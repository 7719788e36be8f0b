"""Provides the one display path for text that is data: literal, never markup, controls made visible.

Every widget that shows a title, a question, a note, a file name or an error goes through
`literal` (or `literal_line` for one-line cells). Textual parses Rich markup in plain strings
and passes escape sequences through; a `Content` built from sanitised text does neither.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from relasjon_tui.textsafe import one_line, visible

NEWLINE = Content("\n")
"""A line break between already-safe pieces (see `join`)."""


def literal(text: str, style: str = "") -> Content:
    """Text shown exactly as written (multi-line allowed)."""
    safe = visible(text)
    return Content.styled(safe, style) if style else Content(safe)


def literal_line(text: str, style: str = "") -> Content:
    """Text shown exactly as written, folded to one line."""
    safe = one_line(text)
    return Content.styled(safe, style) if style else Content(safe)


def join(parts: list[Content], separator: str = "") -> Content:
    """Join already-safe pieces."""
    return Content(separator).join(parts)


def literal_cell(text: str) -> Text:
    """One-line literal text for Rich-based widgets (DataTable cells), which parse markup in str."""
    return Text(one_line(text), no_wrap=True, overflow="ellipsis")
