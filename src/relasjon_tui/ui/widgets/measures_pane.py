"""Provides the Tiltak area: the document list and the guidance view, side by side or one at a time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.reactive import reactive, var
from textual.widgets import OptionList

from relasjon_tui.content.model import Library
from relasjon_tui.ui.widgets.document_list import DocumentList
from relasjon_tui.ui.widgets.guidance import GuidanceView
from relasjon_tui.ui.widgets.steady import SteadyFrame


class MeasuresPane(Container, SteadyFrame):
    """Owns which document is shown; in a narrow terminal shows either the list or the text."""

    BINDINGS = [
        Binding("escape", "back_to_list", "key_back_to_list", id="measures.back"),
    ]

    document_id: var[str | None] = var(None)
    """The document on show, passed down to the guidance view (a var: the pane itself is not
    repainted for it, only what shows the document)."""

    reading: reactive[bool] = reactive(False)
    """True while the text (outline or reader) has focus: in a narrow terminal the list hides."""

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        if library.documents:
            self.set_reactive(MeasuresPane.document_id, library.documents[0].id)

    def compose(self) -> ComposeResult:
        yield DocumentList(self.library, id="document-list")
        # The first document is composed with the view rather than mounted after it: one
        # layout pass less before the first screen is usable.
        guidance = GuidanceView(self.library, initial=self.document_id, id="guidance")
        yield guidance.data_bind(MeasuresPane.document_id)

    def on_mount(self) -> None:
        documents = self.query_one(DocumentList)
        if self.document_id:
            documents.select_document(self.document_id)
        self.watch(documents, "document_id", self._follow_list, init=False)

    def _follow_list(self, document_id: str | None) -> None:
        if document_id:
            self.document_id = document_id

    def watch_reading(self, reading: bool) -> None:
        self.set_class(reading, "-reading")
        self.refresh_bindings()

    def open(self, document_id: str, section_id: str | None = None, heading: str | None = None) -> None:
        """Show a document (at a section and heading) and put the reader in focus."""
        if self.library.document(document_id) is None:
            return
        with self.app.batch_update():
            self.query_one(DocumentList).select_document(document_id)
            self.document_id = document_id
            self.query_one(GuidanceView).show(document_id, section_id, heading)

    @on(OptionList.OptionHighlighted, "#document-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # the list's `document_id` says it, in the same handling

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
