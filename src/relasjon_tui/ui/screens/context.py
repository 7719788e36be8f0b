"""Provides the context dialog: the guidance section a question stands in, without leaving where you are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from relasjon_tui.content.blocks import parse_blocks
from relasjon_tui.content.model import Library, Question
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal_line
from relasjon_tui.ui.keys import quiet_focus, vim_keys
from relasjon_tui.ui.widgets.blocks_view import BlocksView


class ContextText(VerticalScroll):
    """The section's text; j/k and the arrows scroll it."""

    BINDINGS = vim_keys("context", scroll=True)


class ContextScreen(ModalScreen[None]):
    """The section of the guidance where `question` is asked; Esc returns."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [Binding("escape,q,ctrl+g", "dismiss", "key_close", id="context.close")]

    def __init__(self, library: Library, question: Question) -> None:
        super().__init__()
        self.library = library
        self.question = question

    def compose(self) -> ComposeResult:
        question = self.question
        document = self.library.document(question.document_id)
        section = document.section(question.section_id) if document else None
        with ContextText(id="context-dialog") as box:
            box.border_title = t("context_title")
            box.border_subtitle = t("context_keys")
            title = document.title if document else question.document_id
            yield Static(
                join([literal_line(title, "bold $text-primary"), literal_line(question.text, "italic")], "\n"),
                id="context-head",
            )
            if section is not None:
                yield BlocksView(parse_blocks(f"## {section.title}\n\n{section.markdown}"), id="context-text")

    def on_mount(self) -> None:
        self.query_one(ContextText).focus()
