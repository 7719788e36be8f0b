"""Provides the guidance view: an outline of sections beside the text of one document.

Each document's reader is built the first time it is shown and kept, so going back to a
measure keeps its scroll position.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from relasjon_tui.content.blocks import Block, parse_blocks
from relasjon_tui.content.model import Document, Library
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal, literal_line
from relasjon_tui.ui.widgets.blocks_view import BlocksView


def _list_words(words: list[str], conjunction: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {t(conjunction)} {words[-1]}"


def document_facts(doc: Document) -> list[str]:
    """The measure's key facts for the header: relation and cadence, where the guidance gives them."""
    facts: list[str] = []
    if doc.relation:
        facts.append(t(f"meta_relation_{doc.relation}"))
    cadence = doc.cadence
    if cadence.weeks:
        facts.append(t("meta_period", span=cadence.weeks))
    if cadence.frequencies:
        frequencies = _list_words([t(f"freq_{f}") for f in cadence.frequencies], "word_or")
        if cadence.fixed_times:
            frequencies = f"{frequencies}, {t('meta_fixed_times')}"
        facts.append(t("meta_frequency", frequencies=frequencies))
    if cadence.session_minutes:
        facts.append(t("meta_session", span=cadence.session_minutes))
    if cadence.group_max:
        facts.append(t("meta_group", span=cadence.group_max))
    if cadence.consent:
        facts.append(t("meta_consent", who=_list_words([t(f"consent_{c}") for c in cadence.consent], "word_and")))
    return facts


def _chunks(blocks: list[Block]) -> list[list[Block]]:
    """Split blocks before every heading, so each heading can be scrolled to."""
    chunks: list[list[Block]] = []
    for block in blocks:
        if block.kind == "heading" or not chunks:
            chunks.append([])
        chunks[-1].append(block)
    return chunks


class DocumentReader(VerticalScroll):
    """One document: a header with title and facts, then its text, one widget per heading."""

    BINDINGS = [
        Binding("j", "scroll_down", t("key_scroll_down"), show=False, id="reader.down"),
        Binding("k", "scroll_up", t("key_scroll_up"), show=False, id="reader.up"),
    ]

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="document-reader")
        self.document = document
        self._pending: tuple[str | None, str | None] | None = None

    def compose(self) -> ComposeResult:
        doc = self.document
        header = [literal_line(doc.title, "bold $text-primary")]
        header.extend(literal_line(f"• {fact}", "$text-secondary") for fact in document_facts(doc))
        yield Static(join(header, "\n"), classes="document-header")
        for chunk in _chunks(parse_blocks(doc.body_markdown())):
            yield BlocksView(chunk, classes="document-part")
        yield Static(literal(t("source_line"), "dim italic"), classes="document-source")

    def on_resize(self) -> None:
        # A reader that was hidden (narrow layout) gets its size only when shown.
        self.call_after_refresh(self._scroll_to_pending)

    def goto(self, section_id: str | None, heading: str | None = None) -> None:
        """Scroll to a section (by id) and, within it, to a sub-heading (by title).

        While the reader has no size yet, the target is kept and reached once it has.
        """
        self._pending = (section_id, heading)
        self.call_after_refresh(self._scroll_to_pending)

    def _sections(self) -> list[BlocksView]:
        return [part for part in self.query(BlocksView) if part.heading and part.heading.level == 2]

    def _scroll_to_pending(self) -> None:
        if self._pending is None or not self.size.height:
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

    def _settle(self, target: BlocksView, attempts: int) -> None:
        # A reader that has just been shown may still be laid out again (its header rewraps
        # to the new width), which moves the target: scroll again until it stays put.
        y = target.virtual_region.y
        if self.scroll_y != y:
            self.scroll_to(y=y, animate=False, immediate=True)
        if attempts > 1:
            self.call_after_refresh(self._settle, target, attempts - 1)

    def _target(self, section_index: int, heading: str | None) -> BlocksView | None:
        parts = list(self.query(BlocksView))
        sections = self._sections()
        if section_index >= len(sections):
            return None
        start = parts.index(sections[section_index])
        if heading:
            for part in parts[start + 1 :]:
                if part.heading is None or part.heading.level == 2:
                    break
                if part.heading.text.strip() == heading.strip():
                    return part
        return sections[section_index]

    def current_section_index(self) -> int:
        """The section whose heading is at or above the top of the view; -1 above the first."""
        current = -1
        for index, part in enumerate(self._sections()):
            if part.virtual_region.y <= self.scroll_y + 1:
                current = index
        return current


class Outline(OptionList):
    """The sections of the shown document; moving in it scrolls the text."""

    BINDINGS = [
        Binding("j", "cursor_down", t("key_down"), show=False, id="outline.down"),
        Binding("k", "cursor_up", t("key_up"), show=False, id="outline.up"),
    ]

    def show_document(self, document: Document) -> None:
        self.set_options(Option(literal_line(section.title), id=section.id) for section in document.sections)
        self.border_title = t("outline_title")


class GuidanceView(Horizontal):
    """Outline and text of the document named by `document_id`."""

    BINDINGS = [
        Binding("right_square_bracket", "section(1)", t("key_next_section"), id="guidance.next_section"),
        Binding("left_square_bracket", "section(-1)", t("key_prev_section"), id="guidance.prev_section"),
    ]

    document_id: reactive[str | None] = reactive(None, init=False)
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
        if self._initial is None:
            yield outline
            yield ContentSwitcher(id="readers")
            return
        outline.show_document(self._initial)
        yield outline
        reader_id = f"reader-{self._initial.id}"
        with ContentSwitcher(id="readers", initial=reader_id):
            yield DocumentReader(self._initial, id=reader_id)

    @property
    def reader(self) -> DocumentReader | None:
        """The reader on show, if any."""
        switcher = self.query_one("#readers", ContentSwitcher)
        return switcher.visible_content if isinstance(switcher.visible_content, DocumentReader) else None

    async def watch_document_id(self, document_id: str | None) -> None:
        document = self.library.document(document_id) if document_id else None
        if document is None:
            return
        switcher = self.query_one("#readers", ContentSwitcher)
        reader_id = f"reader-{document.id}"
        if not switcher.query(f"#{reader_id}"):
            await switcher.add_content(DocumentReader(document, id=reader_id))
        with self.app.batch_update():
            switcher.current = reader_id
            self.query_one(Outline).show_document(document)
            self._apply_pending()

    def show(self, document_id: str, section_id: str | None = None, heading: str | None = None) -> None:
        """Show a document at a section and sub-heading, and focus its text.

        The reader may not exist yet (it is mounted by the `document_id` watcher), so the
        target is kept until it does.
        """
        self._pending = (section_id, heading)
        self.document_id = document_id
        self._apply_pending()

    def _apply_pending(self) -> None:
        # Until the watcher has mounted and switched to this document's reader, wait.
        if self._pending is None or self.reader is None or self.reader.document.id != self.document_id:
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
        if self.reader is not None and event.option.id:
            self.reader.goto(event.option.id)
        if isinstance(event, OptionList.OptionSelected) and self.reader is not None:
            self.reader.focus()

    def action_section(self, step: int) -> None:
        reader = self.reader
        if reader is None or not reader.document.sections:
            return
        index = min(reader.current_section_index() + step, len(reader.document.sections) - 1)
        section_id = reader.document.sections[index].id if index >= 0 else None
        self.show(reader.document.id, section_id)
