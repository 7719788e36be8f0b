"""Provides the note editor: one text, `ctrl+s` to save, Esc to leave (asking if anything was typed)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal
from relasjon_tui.ui.screens.confirm import ConfirmScreen


class NoteEditorScreen(ModalScreen[str | None]):
    """Dismisses with the text once `check` finds no problem with it, or None when left."""

    BINDINGS = [
        Binding("ctrl+s", "save", t("key_save"), id="note.save", priority=True),
        Binding("escape", "cancel", t("key_cancel"), id="note.cancel"),
    ]

    def __init__(self, title: str, about: str, text: str, check: Callable[[str], list[str]]) -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.initial = text
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor") as box:
            box.border_title = self.title_text
            box.border_subtitle = t("note_editor_keys")
            yield Static(literal(self.about, "italic"), id="note-about")
            yield TextArea(self.initial, id="note-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            yield Static(id="note-errors")

    def on_mount(self) -> None:
        text = self.query_one(TextArea)
        text.focus()
        text.move_cursor(text.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        problems = self.check(self.text)
        if problems:
            self.query_one("#note-errors", Static).update(
                literal("\n".join(f"• {problem}" for problem in problems), "$text-error")
            )
            return
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        if self.text == self.initial:
            self.dismiss(None)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(t("note_discard_question")), answer)
