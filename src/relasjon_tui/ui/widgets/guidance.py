"""Provides the guidance view: an outline of sections beside the text of one document."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Self

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Region, Size, Spacing
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from relasjon_tui.content.blocks import Block
from relasjon_tui.content.model import Document, Library
from relasjon_tui.dates import format_date
from relasjon_tui.strings import t
from relasjon_tui.ui.display import draw_line, literal, literal_line
from relasjon_tui.ui.format import document_facts
from relasjon_tui.ui.keys import vim_keys
from relasjon_tui.ui.widgets.blocks_view import hanging, wrap_blocks
from relasjon_tui.ui.widgets.steady import SteadyFrame, SteadyList, SteadyScroll

SOURCE_CHANGED = date(2019, 1, 29)
"""When the Directorate last changed the page this guidance retells."""


@dataclass(frozen=True, slots=True)
class _Page:
    """One document laid out at one width: every line, and the line each text block starts on."""

    lines: list[Content]
    block_starts: list[int]


_PAGES_KEPT = 64
"""Documents whose lines are kept: all of the guidance at two or three widths."""

_RENDERS_KEPT = 1024
"""Drawn options the outline keeps: every section of the guidance in a few styles and widths."""

_PREPARE_AFTER = 0.3
"""Seconds after the reader is shown at a width before the other documents are laid out at it."""

_PREPARE_PAUSE = 0.01
"""Seconds between two documents laid out ahead."""


def _source(document: Document) -> str:
    # A school's own measure is the school's text, not a retelling of the Directorate's.
    if document.local:
        return t("source_local", folder=str(document.path.parent))
    return t("source_line", changed=format_date(SOURCE_CHANGED))


def _layout(document: Document | None, blocks: Sequence[Block], width: int) -> _Page:
    """`document` (its text as `blocks`) as lines of `width` cells.

    The margins the reader has always had: two cells on the left (the stylesheet's padding, so
    a line is one segment fewer), a blank line before the text and before the source, the
    source one cell from the right.
    """
    lines: list[Content] = []
    if document is None:
        return _Page(lines, [])
    lines += literal_line(document.title, "bold $text-primary").wrap(width)
    bullet, indent = Content.styled("• ", "$text-secondary"), Content("  ")
    for fact in document_facts(document):  # a wrapped fact goes on under its first word
        lines += hanging(literal_line(fact, "$text-secondary"), width, bullet, indent)
    lines.append(Content(""))
    text, starts = wrap_blocks(blocks, width)
    top = len(lines)
    lines += text
    lines.append(Content(""))
    lines += literal(_source(document), "dim italic").wrap(max(1, width - 1))
    return _Page(lines, [top + start for start in starts])


class DocumentReader(SteadyScroll, can_focus=True):
    """The text of one document at a time: a header with title and facts, the text, the source.

    One widget draws it all as lines, and only the lines on screen: a move to another document
    sets how tall the text is and repaints, in one frame (a scroll container of widgets of
    changing height needs a second layout pass, and a second frame, for every move). Each
    document is laid out once per width, and its scroll position is remembered.
    """

    BINDINGS = vim_keys("reader", scroll=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="document-reader")
        self.document: Document | None = None
        self.blocks: tuple[Block, ...] = ()
        self._positions: dict[str, float] = {}
        self._pending: tuple[str | None, str | None] | None = None
        self._pages: dict[tuple[str, int], _Page] = {}
        self._strips: dict[tuple[str, int, VisualStyle], dict[int, Strip]] = {}
        """Drawn lines, by document, width and style (a theme change draws them again)."""
        self._ahead: tuple[tuple[Document, ...], Callable[[Document], Sequence[Block]]] | None = None
        """The documents to lay out ahead, and where their text comes from (see `prepare`)."""
        self._to_prepare: deque[Document] = deque()
        self._prepared_width = 0
        self._prepare_timer: Timer | None = None

    # Lines

    @property
    def line_width(self) -> int:
        """The cells a line has (the width inside the padding and the scrollbar gutter)."""
        return self.scrollable_content_region.width

    def own_words(self) -> list[str]:
        """What the app itself says here (the facts and the source line), not the guidance's text."""
        if self.document is None:
            return []
        return [*document_facts(self.document), _source(self.document)]

    def page(self, width: int | None = None) -> _Page:
        """The shown document at `width` cells (default: the current width)."""
        return self._page(self.document, self.blocks, self.line_width if width is None else width)

    def _page(self, document: Document | None, blocks: Sequence[Block], width: int) -> _Page:
        width = max(width, 2)
        key = (document.id if document else "", width)
        found = self._pages.get(key)
        if found is None:
            found = _layout(document, blocks, width)
            if len(self._pages) >= _PAGES_KEPT:
                self._pages.pop(next(iter(self._pages)))
            self._pages[key] = found
        return found

    def render_line(self, y: int) -> Strip:
        width = self.line_width
        style = self.visual_style
        strips = self._drawn(self.document, width, style)
        number = self.scroll_offset.y + y
        strip = strips.get(number)
        if strip is None:
            lines = self.page().lines
            if number >= len(lines):
                return Strip.blank(width, style.rich_style)
            strip = strips[number] = draw_line(lines[number], width, style, self._get_style)
        return strip

    def _drawn(self, document: Document | None, width: int, style: VisualStyle) -> dict[int, Strip]:
        key = (document.id if document else "", width, style)
        strips = self._strips.get(key)
        if strips is None:
            if len(self._strips) >= _PAGES_KEPT:
                self._strips.pop(next(iter(self._strips)))
            strips = self._strips[key] = {}
        return strips

    def prepare(self, documents: Sequence[Document], blocks: Callable[[Document], Sequence[Block]]) -> None:
        """Lay out `documents` (their text from `blocks`) ahead, with the lines each shows first,
        at each width the reader is shown at: a first visit to a measure is then as quick as a
        return to it (a third of the time at 140×40)."""
        self._ahead = (tuple(documents), blocks)
        self._prepare_soon()

    def _prepare_soon(self) -> None:
        # After a pause: a terminal being resized passes through many widths.
        if self._ahead is not None:
            if self._prepare_timer is not None:
                self._prepare_timer.stop()
            self._prepare_timer = self.set_timer(_PREPARE_AFTER, self._prepare_at_width)

    def _prepare_at_width(self) -> None:
        width = self.line_width
        if self._ahead is None or width <= 0 or width == self._prepared_width:
            return
        self._prepared_width = width
        self._to_prepare = deque(self._ahead[0])
        self._prepare_next()

    def _prepare_next(self) -> None:
        width = self.line_width
        if not self._to_prepare or self._ahead is None or width != self._prepared_width or not self.is_attached:
            return
        document = self._to_prepare.popleft()
        lines = self._page(document, self._ahead[1](document), width).lines
        style = self.visual_style
        strips = self._drawn(document, width, style)
        top = int(self._positions.get(document.id, 0))
        for number in range(top, min(top + self.scrollable_content_region.height, len(lines))):
            if number not in strips:
                strips[number] = draw_line(lines[number], width, style, self._get_style)
        # One document a turn (3 ms at 140×40): a key pressed meanwhile waits for that one only.
        self.set_timer(_PREPARE_PAUSE, self._prepare_next)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _fit(self) -> None:
        """Tell the scrolling how tall the shown document is at the current width."""
        if self.line_width > 0:
            self.virtual_size = Size(self.line_width, len(self.page().lines))

    # Showing and moving

    def show(self, document: Document, blocks: Sequence[Block]) -> None:
        """Show another document (its text as `blocks`) where the reader last left it."""
        if self.document is not None:
            self._positions[self.document.id] = self.scroll_y
        self.document = document
        self.blocks = tuple(blocks)
        self._fit()
        self._scroll(self._positions.get(document.id, 0))
        self.refresh(Region(0, 0, *self.content_size))  # the lines inside the border: the border stays

    def _scroll(self, y: float) -> None:
        # `force`: whether the scrollbar shows is only known after the next layout; the height
        # just set is what the position is checked against, and the bar is told where it is.
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
        self.vertical_scrollbar.position = self.scroll_y

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Textual's hook for a new size, called within the layout pass: the text's height at the
        # new width is set here, without a refresh of its own, so the scrollbar is right in the
        # same frame. (A private method of Textual, which constraints.txt pins. `on_resize` comes
        # a frame later: setting the height there cost a second layout and a second full paint.)
        # ScrollView updates the bars when the virtual size it is given differs from the one
        # the widget has. Given the layout's (the reader has no children: its own size), it
        # updated them (and repainted the bar, 2 KB) at every layout of the screen; given the
        # text's height, which is set first, never. So it is given the height the bars were last
        # set for, and updates them when the text is another (shown while the reader was hidden).
        shown = self.virtual_size
        width = size.width - self.styles.gutter.width - self.scrollbar_gutter.width
        if width > 0 and self.document is not None:
            self.set_reactive(Widget.virtual_size, Size(width, len(self.page(width).lines)))
        return super()._size_updated(size, shown, container_size, layout)

    def on_mount(self) -> None:
        # Nearly every document is longer than the screen: with the scrollbar in the first
        # layout, finding it needed there asks for no second layout and full paint (13 KB at
        # 140×40). Where a text fits, the first layout takes it away again.
        self.set_reactive(ScrollView.show_vertical_scrollbar, True)

    def on_resize(self) -> None:
        # A reader that was hidden (narrow layout) gets its size only when shown.
        self.call_after_refresh(self._scroll_to_pending)
        if self.line_width != self._prepared_width:
            self._prepare_soon()

    def goto(self, section_id: str | None, heading: str | None = None) -> None:
        """Scroll to a section (by id) and, within it, to a sub-heading (by title).

        While the reader has no size yet, the target is kept and reached once it has.
        """
        self._pending = (section_id, heading)
        self._scroll_to_pending()

    def _headings(self) -> list[tuple[int, Block]]:
        """(block index, block) of every heading in the shown document."""
        return [(index, block) for index, block in enumerate(self.blocks) if block.kind == "heading"]

    def _section_blocks(self) -> list[int]:
        return [index for index, block in self._headings() if block.level == 2]

    def block_line(self, index: int) -> int:
        """The line, at the current width, on which block `index` starts."""
        return self.page().block_starts[index]

    def _scroll_to_pending(self) -> None:
        if self._pending is None or not self.size.height or self.document is None:
            return
        section_id, heading = self._pending
        self._pending = None
        ids = [section.id for section in self.document.sections]
        if section_id is None or section_id not in ids:
            self._scroll(0)
            return
        target = self._target(ids.index(section_id), heading)
        if target is not None:
            self._scroll(self.block_line(target))

    def _target(self, section_index: int, heading: str | None) -> int | None:
        sections = self._section_blocks()
        if section_index >= len(sections):
            return None
        start = sections[section_index]
        if heading:
            for index, block in self._headings():
                if index <= start:
                    continue
                if block.level == 2:
                    break
                if block.text.strip() == heading.strip():
                    return index
        return start

    def _top_line(self) -> float:
        return self.scroll_y + 1

    def current_section_index(self) -> int:
        """The section whose heading is at or above the top of the view; -1 above the first."""
        top = self._top_line()
        return sum(1 for index in self._section_blocks() if self.block_line(index) <= top) - 1

    def heading_at_top(self) -> str | None:
        """The last heading at or above the top of the view."""
        top = self._top_line()
        above = [block.text for index, block in self._headings() if self.block_line(index) <= top]
        return above[-1] if above else None


class Outline(SteadyList):
    """The sections of the shown document; moving in it scrolls the text."""

    BINDINGS = vim_keys("outline")

    _options_only = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._kept_options: dict[str, list[Option]] = {}
        self._renders: LRUCache[tuple[Option, VisualStyle, Spacing, int], list[Strip]] = LRUCache(_RENDERS_KEPT)
        """Every document's drawn options, kept through a move to another document."""

    def on_mount(self) -> None:
        self.border_title = t("outline_title")

    def show_document(self, document: Document) -> None:
        options = self._kept_options.get(document.id)
        if options is None:  # the same options each time: their drawn lines are kept by option
            options = self._kept_options[document.id] = [
                Option(literal_line(section.title), id=section.id) for section in document.sections
            ]
        rows = len(self._line_cache.lines)  # OptionList's line map (Textual pinned)
        self._options_only = True
        try:
            self.set_options(options)
        finally:
            self._options_only = False
        if self.is_mounted:
            # The lines of the sections, before and after: below them both it stays blank. New
            # options repaint the lines inside the border, not the border with its title (a third
            # of what a move to another measure writes to the terminal at 140×40).
            self._update_lines()
            rows = max(rows, len(self._line_cache.lines))
            self.refresh(Region(0, 0, self.content_size.width, min(rows, self.content_size.height)))

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        # The options' own repaints of the whole list, while they are set (see `show_document`).
        if self._options_only and not regions and repaint and not layout and not recompose and self.is_mounted:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _get_option_render(self, option: Option, style: VisualStyle) -> list[Strip]:
        # OptionList forgets what it has drawn whenever its options are set.
        key = (
            option,
            style,
            self.get_component_styles("option-list--option").padding,
            self.scrollable_content_region.width,
        )
        strips = self._renders.get(key)
        if strips is None:
            strips = self._renders[key] = super()._get_option_render(option, style)
        return strips


class GuidanceView(Horizontal, SteadyFrame):
    """Outline and text of the document named by `document_id`."""

    BINDINGS = [
        Binding("right_square_bracket", "section(1)", "key_next_section", id="guidance.next_section"),
        Binding("left_square_bracket", "section(-1)", "key_prev_section", id="guidance.prev_section"),
    ]

    document_id: var[str | None] = var(None, init=False)
    """The document on show; bound from the measures pane."""

    def __init__(self, library: Library, *, initial: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self._initial = library.document(initial) if initial else None
        if self._initial is not None:
            self.set_reactive(GuidanceView.document_id, self._initial.id)
        self._pending: tuple[str | None, str | None] | None = None

    def compose(self) -> ComposeResult:
        outline = Outline(id="outline")
        if self._initial is not None:
            outline.show_document(self._initial)
        yield outline
        yield DocumentReader(id="reader")

    def on_mount(self) -> None:
        if self._initial is not None:
            self.reader.show(self._initial, self.library.blocks(self._initial))
        self.reader.prepare(self.library.documents, self.library.blocks)

    @property
    def reader(self) -> DocumentReader:
        """The reader (one for all documents)."""
        return self.query_one(DocumentReader)

    def watch_document_id(self, document_id: str | None) -> None:
        document = self.library.document(document_id) if document_id else None
        if document is None:
            return
        with self.app.batch_update():
            self.reader.show(document, self.library.blocks(document))
            self.query_one(Outline).show_document(document)
            self._apply_pending()

    def show(self, document_id: str, section_id: str | None = None, heading: str | None = None) -> None:
        """Show a document at a section and sub-heading, and focus its text."""
        self._pending = (section_id, heading)
        self.document_id = document_id
        self._apply_pending()

    def _apply_pending(self) -> None:
        document = self.reader.document
        if self._pending is None or document is None or document.id != self.document_id:
            return
        section_id, heading = self._pending
        self._pending = None
        self.reader.focus()
        self.reader.goto(section_id, heading)
        if section_id:
            outline = self.query_one(Outline)
            with outline.prevent(OptionList.OptionHighlighted):
                try:
                    outline.highlighted = outline.get_option_index(section_id)
                except OptionDoesNotExist:
                    pass

    @on(OptionList.OptionHighlighted, "#outline")
    @on(OptionList.OptionSelected, "#outline")
    def _outline_moved(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> None:
        event.stop()
        # Only a user moving in the outline scrolls the text; highlights set by code do not.
        if not event.option_list.has_focus:
            return
        if event.option.id:
            self.reader.goto(event.option.id)
        if isinstance(event, OptionList.OptionSelected):
            self.reader.focus()

    def action_section(self, step: int) -> None:
        reader = self.reader
        if reader.document is None or not reader.document.sections:
            return
        index = min(reader.current_section_index() + step, len(reader.document.sections) - 1)
        section_id = reader.document.sections[index].id if index >= 0 else None
        self.show(reader.document.id, section_id)
