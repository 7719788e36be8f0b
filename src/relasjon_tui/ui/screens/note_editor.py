"""Provides the note editor: one text, `ctrl+s` to save, Esc to leave (asking if anything was typed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal
from relasjon_tui.ui.screens.form import FormScreen


class NoteEditorScreen(FormScreen[str]):
    """Dismisses with the text once `check` finds no problem with it (and `commit` has stored it), or None."""

    DRAFT_FORM = "notat"
    ERRORS_SELECTOR = "#note-errors"
    BINDINGS = [
        Binding("ctrl+s", "save", "key_save", id="note.save", priority=True),
        Binding("escape", "cancel", "key_cancel", id="note.cancel"),
    ]

    def __init__(self, title: str, about: str, text: str, check: Callable[[str], list[str]], **form: Any) -> None:
        super().__init__(**form)
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

    def restored(self) -> None:
        text = self.query_one(TextArea)
        text.move_cursor(text.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        problems = self.check(self.text)
        if problems:
            self.show_problems(problems)
            return
        self.finish(self.text)
