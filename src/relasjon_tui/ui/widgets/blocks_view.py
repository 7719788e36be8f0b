"""Provides BlocksView: a run of Markdown blocks drawn as one widget, wrapped to its width.

Lists get hanging indents and links show their address in brackets, so nothing needs a
browser and a whole section costs one widget to style. `wrap_blocks` is shared with the
document reader (ui/widgets/guidance.py), which draws whole documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from relasjon_tui.content.blocks import Block, Span

_HEADING_STYLES = {2: "bold $text-primary", 3: "bold $text-accent", 4: "bold italic"}


def _span_style(span: Span) -> str:
    parts = []
    if span.strong:
        parts.append("bold")
    if span.emphasis:
        parts.append("italic")
    if span.code:
        parts.append("$text-accent")
    if span.href:
        parts.append("dim")
    return " ".join(parts)


def _inline(spans: Sequence[Span], base: str = "") -> Content:
    parts = []
    for span in spans:
        style = " ".join(filter(None, (base, _span_style(span))))
        parts.append((span.text, style) if style else span.text)
    return Content.assemble(*parts)


def hanging(text: Content, width: int, first: Content, rest: Content) -> list[Content]:
    """Wrap `text` to what is left of `width` after a prefix: `first` on line one, `rest` after."""
    room = max(8, width - first.cell_length)
    lines = text.wrap(room) or [Content("")]
    return [(first if number == 0 else rest) + line for number, line in enumerate(lines)]


def render_block(block: Block, width: int) -> list[Content]:
    """The lines of one block at `width` cells."""
    if block.kind == "heading":
        return _inline(block.spans, _HEADING_STYLES.get(block.level, "bold")).wrap(width)
    if block.kind == "item":
        indent = "  " * max(0, block.level - 1)
        marker = f"{indent}{block.marker} " if block.marker else f"{indent}  "
        blank = " " * len(marker)
        return hanging(_inline(block.spans), width, Content.styled(marker, "$text-accent"), Content(blank))
    if block.kind == "quote":
        bar = Content.styled("▌ ", "$text-secondary")
        return hanging(_inline(block.spans, "italic"), width, bar, bar)
    if block.kind == "code":
        return [Content.styled(line, "$text-accent") for line in block.text.split("\n")]
    if block.kind == "rule":
        return [Content.styled("─" * width, "dim")]
    return _inline(block.spans).wrap(width) or [Content("")]


def _gap(previous: Block, block: Block) -> bool:
    return not (previous.kind == "item" and block.kind == "item")


def wrap_blocks(blocks: Sequence[Block], width: int) -> tuple[list[Content], list[int]]:
    """The lines of `blocks` at `width` cells, and the line each block starts on."""
    lines: list[Content] = []
    starts: list[int] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None and _gap(previous, block):
            lines.append(Content(""))
        starts.append(len(lines))
        lines.extend(render_block(block, max(1, width)))
        previous = block
    return lines, starts


class BlocksView(Widget):
    """Blocks drawn as wrapped lines; its height follows its width."""

    DEFAULT_CSS = """
    BlocksView {
        height: auto;
        text-wrap: nowrap;
    }
    """

    def __init__(self, blocks: Sequence[Block] = (), *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.blocks = tuple(blocks)
        self._cache: tuple[int, list[Content]] | None = None

    def _lines_at(self, width: int) -> list[Content]:
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, wrap_blocks(self.blocks, width)[0])
        return self._cache[1]

    @property
    def width(self) -> int:
        return self.content_region.width or self.size.width

    def lines(self, width: int | None = None) -> list[Content]:
        """All lines at `width` (default: the current width), cached for the last width asked."""
        return self._lines_at(self.width if width is None else width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines())
