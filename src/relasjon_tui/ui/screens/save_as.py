"""Provides the save-as dialog: where to write an export, with a sensible file name filled in."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal_line
from relasjon_tui.ui.keys import quiet_focus
from relasjon_tui.ui.widgets.steady import SteadyInput


class SaveAsScreen(ModalScreen[Path | None]):
    """Dismisses with the chosen path, or None. A relative path is taken from the suggested folder."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [Binding("escape", "dismiss(None)", "key_cancel", id="saveas.cancel")]

    def __init__(self, title: str, suggested: Path) -> None:
        super().__init__()
        self.title_text = title
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="save-as-dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = t("save_as_keys")
            yield Static(literal_line(t("save_as_hint"), "dim"))
            yield SteadyInput(str(self.suggested), id="save-as-path")

    def on_mount(self) -> None:
        field = self.query_one("#save-as-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#save-as-path")
    def _chosen(self, event: Input.Submitted) -> None:
        if event.value.strip():
            # Relative to the folder suggested, not to wherever the app happened to be started.
            self.dismiss(self.suggested.parent / Path(event.value.strip()).expanduser())
