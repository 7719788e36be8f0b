"""Provides the Tiltak area: the document list and the guidance view, side by side or one at a time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import OptionList

from relasjon_tui.content.model import Library
from relasjon_tui.strings import t
from relasjon_tui.ui.widgets.document_list import DocumentList
from relasjon_tui.ui.widgets.guidance import GuidanceView

# Arrowing through the list should not render every measure it passes.
_HIGHLIGHT_DELAY = 0.12


class MeasuresPane(Container):
    """Owns which document is shown; in a narrow terminal shows either the list or the text."""

    BINDINGS = [
        Binding("escape", "back_to_list", t("key_back_to_list"), id="measures.back"),
    ]

    document_id: reactive[str | None] = reactive(None)
    """The document on show, passed down to the guidance view."""

    reading: reactive[bool] = reactive(False)
    """True while the text (outline or reader) has focus: in a narrow terminal the list hides."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self._highlight_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield DocumentList(self.library, id="document-list")
        yield GuidanceView(self.library, id="guidance").data_bind(MeasuresPane.document_id)

    def on_mount(self) -> None:
        first = self.library.documents[0].id if self.library.documents else None
        if first:
            self.query_one(DocumentList).select_document(first)
            self.document_id = first

    def watch_reading(self, reading: bool) -> None:
        self.set_class(reading, "-reading")
        self.refresh_bindings()

    def open(self, document_id: str, section_id: str | None = None, heading: str | None = None) -> None:
        """Show a document (at a section and heading) and put the reader in focus."""
        if self.library.document(document_id) is None:
            return
        self._cancel_highlight()
        self.query_one(DocumentList).select_document(document_id)
        self.document_id = document_id
        guidance = self.query_one(GuidanceView)
        # The reader is mounted by the watcher; act once it exists.
        self.call_after_refresh(self._focus_reader, section_id, heading)
        guidance.refresh()

    def _focus_reader(self, section_id: str | None, heading: str | None) -> None:
        guidance = self.query_one(GuidanceView)
        guidance.goto(section_id, heading)
        if guidance.reader is not None:
            guidance.reader.focus()

    @on(OptionList.OptionHighlighted, "#document-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._cancel_highlight()
        if event.option.id:
            document_id = event.option.id
            self._highlight_timer = self.set_timer(_HIGHLIGHT_DELAY, lambda: self._show(document_id))

    def _show(self, document_id: str) -> None:
        self.document_id = document_id

    def _cancel_highlight(self) -> None:
        if self._highlight_timer is not None:
            self._highlight_timer.stop()
            self._highlight_timer = None

    @on(OptionList.OptionSelected, "#document-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.open(event.option.id)

    def on_descendant_focus(self) -> None:
        focused = self.app.focused
        self.reading = focused is not None and focused is not self.query_one(DocumentList)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back_to_list":
            return self.reading
        return True

    def action_back_to_list(self) -> None:
        self.query_one(DocumentList).focus()
