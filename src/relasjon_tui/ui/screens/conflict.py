"""Provides ConflictScreen: someone else changed the record being edited; both versions are shown
(as data, never markup) and the user keeps theirs, takes the other, or merges by hand."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal, literal_line
from relasjon_tui.ui.keys import quiet_focus


class ConflictScreen(ModalScreen[str | None]):
    """Dismisses with "mine" (save mine as the newest version; theirs stays in the revisions),
    "theirs" (drop mine), "merge" (edit again with both texts), or None (back to the form)."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("m", "answer('mine')", "key_conflict_mine", id="conflict.mine"),
        Binding("t", "answer('theirs')", "key_conflict_theirs", id="conflict.theirs"),
        Binding("f", "answer('merge')", "key_conflict_merge", id="conflict.merge"),
        Binding("escape", "answer(None)", "key_back", id="conflict.back"),
    ]

    def __init__(self, question: str, who: str, theirs: str, mine: str) -> None:
        super().__init__()
        self.question = question
        self.who = who
        self.theirs = theirs
        self.mine = mine

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-dialog") as box:
            box.border_title = t("conflict_title")
            yield Static(literal(self.question))
            yield Static(literal_line(t("conflict_theirs", who=self.who), "bold $text-warning"))
            with VerticalScroll(classes="conflict-text"):
                yield Static(literal(self.theirs))
            yield Static(literal_line(t("conflict_mine"), "bold $text-accent"))
            with VerticalScroll(classes="conflict-text"):
                yield Static(literal(self.mine))
            yield Static(literal_line(t("conflict_hint"), "bold $text-accent"), id="conflict-hint")

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
