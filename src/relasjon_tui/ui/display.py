"""Provides the one display path for text that is data: literal, never markup, controls made visible.

Every widget that shows a title, a question, a note, a file name or an error goes through
`literal` (or `literal_line` for one-line cells). Textual parses Rich markup in plain strings
and passes escape sequences through; a `Content` built from sanitised text does neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style

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


class LiteralCell:
    """One line of literal text for a DataTable cell (DataTable parses markup in a str, and draws
    every cell through Rich): cut to the cell's width with «…», never wrapped. A Rich Text did the
    same through its wrapping machinery, 7× slower per cell (120 µs against 16 here), and the Logg
    table draws some 200 cells a screen."""

    __slots__ = ("_width", "plain")

    def __init__(self, text: str) -> None:
        self.plain = one_line(text)
        self._width = cell_len(self.plain)

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"LiteralCell({self.plain!r})"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width
        if self._width <= width:
            yield Segment(self.plain)
        elif width > 0:
            yield Segment(set_cell_size(self.plain, width - 1) + "…")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self._width, self._width)


def literal_cell(text: str) -> LiteralCell:
    """One-line literal text for a DataTable cell."""
    return LiteralCell(text)


def draw_line(line: Content, width: int, style: Style, get_style: Callable[[str | Style], Style]) -> Strip:
    """One line of content that fits in `width` cells, on `style` (a widget's `visual_style`),
    its style names resolved by `get_style` (a widget's `_get_style`).

    As `Visual.to_strips` draws it, but without wrapping it again and without a selection offset
    in every segment, which neither the reader nor the option lists can use: a tenth of the time.
    tests/test_steady.py compares every cell of both.
    """
    segments = [Segment(text, part.rich_style) for text, part in line.render(style, "", get_style)]
    return Strip(segments, line.cell_length).extend_cell_length(width, style.rich_style)
