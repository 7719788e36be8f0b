"""Provides the dialog that deletes a pupil or group everywhere: ask for the code, say what goes, confirm."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal_line


class DeleteSubjectScreen(ModalScreen[str | None]):
    """Dismisses with the code to delete (not yet confirmed), or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", t("key_cancel"), id="delete.cancel")]

    def __init__(self, codes: list[str]) -> None:
        super().__init__()
        self.codes = codes

    def compose(self) -> ComposeResult:
        with Vertical(id="delete-dialog") as box:
            box.border_title = t("delete_subject_title")
            box.border_subtitle = t("save_as_keys")
            yield Static(literal_line(t("delete_subject_hint"), "dim"))
            yield Input(placeholder=t("quicklog_subject_placeholder"), id="delete-code", max_length=20,
                        suggester=SuggestFromList(self.codes, case_sensitive=True))  # fmt: skip

    @on(Input.Submitted, "#delete-code")
    def _chosen(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
