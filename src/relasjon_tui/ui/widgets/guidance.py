"""Provides the guidance view: an outline of sections beside the text of one document."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive, var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from relasjon_tui.content.blocks import Block
from relasjon_tui.content.model import Document, Library
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal, literal_line
from relasjon_tui.ui.format import document_facts
from relasjon_tui.ui.keys import vim_keys
from relasjon_tui.ui.widgets.blocks_view import BlocksView


class DocumentReader(VerticalScroll):
    """The text of one document at a time: a header with title and facts, then the text.

    The same widgets are reused for every document, so a switch costs a redraw, not a mount;
    each document's scroll position is remembered.
    """

    BINDINGS = vim_keys("reader", scroll=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="document-reader")
        self.document: Document | None = None
        self._positions: dict[str, float] = {}
        self._pending: tuple[str | None, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="document-header")
        yield BlocksView(id="document-text")
        yield Static(literal(t("source_line"), "dim italic"), classes="document-source")

    @property
    def text(self) -> BlocksView:
        return self.query_one("#document-text", BlocksView)

    def show(self, document: Document, blocks: Sequence[Block]) -> None:
        """Show another document (its text as `blocks`) where the reader last left it."""
        if self.document is not None:
            self._positions[self.document.id] = self.scroll_y
        self.document = document
        header = [literal_line(document.title, "bold $text-primary")]
        header.extend(literal_line(f"• {fact}", "$text-secondary") for fact in document_facts(document))
        self.query_one(".document-header", Static).update(join(header, "\n"))
        # A school's own measure is the school's text, not a retelling of the Directorate's.
        source = t("source_local", folder=str(document.path.parent)) if document.local else t("source_line")
        self.query_one(".document-source", Static).update(literal(source, "dim italic"))
        self.text.update(blocks)
        y = self._positions.get(document.id, 0)
        self.scroll_to(y=y, animate=False, immediate=True)
        self.call_after_refresh(self.scroll_to, y=y, animate=False)

    def on_resize(self) -> None:
        # A reader that was hidden (narrow layout) gets its size only when shown.
        self.call_after_refresh(self._scroll_to_pending)

    def goto(self, section_id: str | None, heading: str | None = None) -> None:
        """Scroll to a section (by id) and, within it, to a sub-heading (by title).

        While the reader has no size yet, the target is kept and reached once it has.
        """
        self._pending = (section_id, heading)
        self.call_after_refresh(self._scroll_to_pending)

    def _headings(self) -> list[tuple[int, Block]]:
        """(block index, block) of every heading in the shown document."""
        return [(index, block) for index, block in enumerate(self.text.blocks) if block.kind == "heading"]

    def _section_blocks(self) -> list[int]:
        return [index for index, block in self._headings() if block.level == 2]

    def _scroll_to_pending(self) -> None:
        if self._pending is None or not self.size.height or self.document is None:
            return
        section_id, heading = self._pending
        self._pending = None
        ids = [section.id for section in self.document.sections]
        if section_id is None or section_id not in ids:
            self.scroll_home(animate=False)
            return
        target = self._target(ids.index(section_id), heading)
        if target is not None:
            self._settle(target, attempts=3)

    def _settle(self, block_index: int, attempts: int) -> None:
        # A reader that has just been shown may still be laid out again (its header rewraps
        # to the new width), which moves the target: scroll again until it stays put.
        y = self.text.virtual_region.y + self.text.block_line(block_index)
        if self.scroll_y != y:
            self.scroll_to(y=y, animate=False, immediate=True)
        if attempts > 1:
            self.call_after_refresh(self._settle, block_index, attempts - 1)

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
        return self.scroll_y - self.text.virtual_region.y + 1

    def current_section_index(self) -> int:
        """The section whose heading is at or above the top of the view; -1 above the first."""
        top = self._top_line()
        return sum(1 for index in self._section_blocks() if self.text.block_line(index) <= top) - 1

    def heading_at_top(self) -> str | None:
        """The last heading at or above the top of the view."""
        top = self._top_line()
        above = [block.text for index, block in self._headings() if self.text.block_line(index) <= top]
        return above[-1] if above else None


class Outline(OptionList):
    """The sections of the shown document; moving in it scrolls the text."""

    BINDINGS = vim_keys("outline")

    def show_document(self, document: Document) -> None:
        self.set_options(Option(literal_line(section.title), id=section.id) for section in document.sections)
        self.border_title = t("outline_title")


class GuidanceView(Horizontal):
    """Outline and text of the document named by `document_id`."""

    BINDINGS = [
        Binding("right_square_bracket", "section(1)", "key_next_section", id="guidance.next_section"),
        Binding("left_square_bracket", "section(-1)", "key_prev_section", id="guidance.prev_section"),
    ]

    document_id: reactive[str | None] = var(None, init=False)
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
