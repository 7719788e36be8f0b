"""Provides ConfirmScreen: a yes/no question answered with j/n, y/n, Enter or Esc."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal, literal_line
from relasjon_tui.ui.keys import quiet_focus


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for yes, False for no. Enter takes the safe answer, `default`."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("j,y", "answer(True)", "key_yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "key_no", id="confirm.no"),
        Binding("enter", "default", "key_choose", show=False, id="confirm.default"),
    ]

    def __init__(self, question: str, *, default: bool = False) -> None:
        super().__init__()
        self.question = question
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(literal(self.question))
            hint = t("confirm_hint_yes") if self.default else t("confirm_hint_no")
            yield Static(literal_line(hint, "bold $text-accent"), id="confirm-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_default(self) -> None:
        self.dismiss(self.default)
