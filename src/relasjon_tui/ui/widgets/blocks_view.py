"""Provides BlocksView: a run of Markdown blocks drawn as one widget, wrapped to its width.

Lists get hanging indents and links show their address in brackets, so nothing needs a
browser and a whole section costs one widget to style. Only the lines on screen are drawn,
and the wrapped lines are kept per width. `wrap_blocks` is shared with the document reader.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
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


def _hanging(text: Content, width: int, first: Content, rest: Content) -> list[Content]:
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
        return _hanging(_inline(block.spans), width, Content.styled(marker, "$text-accent"), Content(blank))
    if block.kind == "quote":
        bar = Content.styled("▌ ", "$text-secondary")
        return _hanging(_inline(block.spans, "italic"), width, bar, bar)
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


_LAYOUTS_KEPT = 8
"""Widths whose wrapped lines are kept (a terminal being resized asks for many)."""


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
        self._layouts: dict[tuple[int, int], tuple[tuple[Block, ...], list[Content], list[int]]] = {}
        """(id of the blocks, width) → (the blocks, their lines, the line each block starts on)."""
        self._strips: dict[int, Strip] = {}
        self._strips_key: object = None

    def update(self, blocks: Sequence[Block]) -> None:
        """Show other blocks; the widget is reused, so nothing is mounted."""
        self.blocks = tuple(blocks)
        self._strips.clear()
        self.refresh(layout=True)

    def _layout(self, width: int) -> tuple[list[Content], list[int]]:
        key = (id(self.blocks), width)
        found = self._layouts.get(key)
        if found is not None and found[0] is self.blocks:
            return found[1], found[2]
        lines, starts = wrap_blocks(self.blocks, width)
        if len(self._layouts) >= _LAYOUTS_KEPT:
            self._layouts.pop(next(iter(self._layouts)))
        self._layouts[key] = (self.blocks, lines, starts)
        return lines, starts

    @property
    def width(self) -> int:
        return self.content_region.width or self.size.width

    def lines(self, width: int | None = None) -> list[Content]:
        """All lines at `width` (default: the current width)."""
        return self._layout(self.width if width is None else width)[0]

    def block_line(self, index: int) -> int:
        """The line, at the current width, on which block `index` starts."""
        return self._layout(self.width)[1][index]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        # One line at a time: Textual asks only for the lines on screen. While text is selected
        # with the mouse, the whole text is drawn, so the selection is painted where it is.
        if self.text_selection is not None:
            return super().render_line(y)
        width = self.size.width
        style = self.visual_style
        key = (id(self.blocks), width, style)
        if key != self._strips_key:
            self._strips.clear()
            self._strips_key = key
        strip = self._strips.get(y)
        if strip is None:
            lines = self.lines()
            if y >= len(lines):
                return Strip.blank(width, style.rich_style)
            strip = Visual.to_strips(self, lines[y], width, 1, style, pad=True)[0]
            self._strips[y] = strip
        return strip
