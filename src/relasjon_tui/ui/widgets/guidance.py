"""Provides the guidance view: an outline of sections beside the rendered text of one document.

Each document is rendered once, the first time it is shown, and kept: going back to a
measure costs a switch, not a new Markdown render.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from relasjon_tui.content.model import Document, Library
from relasjon_tui.strings import t
from relasjon_tui.textsafe import visible
from relasjon_tui.ui.display import join, literal, literal_line


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


class DocumentReader(VerticalScroll):
    """One document: a header with title and facts, then its sections rendered as Markdown."""

    BINDINGS = [
        Binding("j", "scroll_down", t("key_scroll_down"), show=False, id="reader.down"),
        Binding("k", "scroll_up", t("key_scroll_up"), show=False, id="reader.up"),
    ]

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="document-reader")
        self.document = document
        self._toc: list[tuple[int, str, str | None]] = []
        self._pending: tuple[str | None, str | None] | None = None

    def compose(self) -> ComposeResult:
        doc = self.document
        header = [literal_line(doc.title, "bold $text-primary")]
        header.extend(literal_line(f"• {fact}", "$text-secondary") for fact in document_facts(doc))
        yield Static(join(header, "\n"), classes="document-header")
        yield Markdown(doc.body_markdown(), open_links=False)
        yield Static(literal(t("source_line"), "dim italic"), classes="document-source")

    @property
    def rendered(self) -> bool:
        """True once the Markdown has been turned into blocks."""
        return bool(self._toc)

    @on(Markdown.TableOfContentsUpdated)
    def _toc_ready(self, event: Markdown.TableOfContentsUpdated) -> None:
        event.stop()
        self._toc = list(event.table_of_contents)
        if self._pending is not None:
            section_id, heading = self._pending
            self._pending = None
            self.call_after_refresh(self.goto, section_id, heading)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        # Keyboard-first and often over SSH: opening a browser on the server helps nobody.
        event.stop()
        self.notify(visible(t("link_not_opened", href=event.href)), markup=False, timeout=8)

    def _section_blocks(self) -> list[str | None]:
        return [block_id for level, _, block_id in self._toc if level == 2]

    def goto(self, section_id: str | None, heading: str | None = None) -> None:
        """Scroll to a section (by id) and, within it, to a sub-heading (by title)."""
        if not self.rendered:
            self._pending = (section_id, heading)
            return
        if section_id is None:
            self.scroll_home(animate=False)
            return
        ids = [section.id for section in self.document.sections]
        if section_id not in ids:
            return
        index = ids.index(section_id)
        target = self._target_block(index, heading)
        if target:
            self.scroll_to_widget(self.query_one(f"#{target}"), top=True, animate=False)

    def _target_block(self, section_index: int, heading: str | None) -> str | None:
        level2 = [i for i, (level, _, _) in enumerate(self._toc) if level == 2]
        if section_index >= len(level2):
            return None
        start = level2[section_index]
        end = level2[section_index + 1] if section_index + 1 < len(level2) else len(self._toc)
        if heading:
            for _level, label, block_id in self._toc[start + 1 : end]:
                if label.strip() == heading.strip():
                    return block_id
        return self._toc[start][2]

    def current_section_index(self) -> int:
        """The section whose heading is at or above the top of the view."""
        current = 0
        for index, block_id in enumerate(self._section_blocks()):
            if block_id and self.query_one(f"#{block_id}").virtual_region.y <= self.scroll_y + 1:
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

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library

    def compose(self) -> ComposeResult:
        yield Outline(id="outline")
        yield ContentSwitcher(id="readers")

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
        switcher.current = reader_id
        self.query_one(Outline).show_document(document)

    def goto(self, section_id: str | None, heading: str | None = None) -> None:
        """Scroll the shown document to a section and sub-heading."""
        reader = self.reader
        if reader is None:
            return
        reader.goto(section_id, heading)
        if section_id:
            outline = self.query_one(Outline)
            with outline.prevent(OptionList.OptionHighlighted):
                outline.highlighted = outline.get_option_index(section_id)

    @on(OptionList.OptionHighlighted, "#outline")
    @on(OptionList.OptionSelected, "#outline")
    def _outline_moved(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> None:
        event.stop()
        if self.reader is not None and event.option.id:
            self.reader.goto(event.option.id)
        if isinstance(event, OptionList.OptionSelected) and self.reader is not None:
            self.reader.focus()

    def action_section(self, step: int) -> None:
        reader = self.reader
        if reader is None or not reader.document.sections:
            return
        index = reader.current_section_index() + step
        index = max(0, min(index, len(reader.document.sections) - 1))
        self.goto(reader.document.sections[index].id)
