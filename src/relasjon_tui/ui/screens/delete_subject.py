"""Provides the dialogs that delete a pupil or group everywhere: ask for the code; say what goes and
which other records still mention it, then confirm (optionally replacing those mentions)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Static

from relasjon_tui.records.deletion import redacted_word
from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal, literal_line
from relasjon_tui.ui.keys import quiet_focus
from relasjon_tui.ui.widgets.steady import SteadyInput


class DeleteSubjectScreen(ModalScreen[str | None]):
    """Dismisses with the code to delete (not yet confirmed), or None."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [Binding("escape", "dismiss(None)", "key_cancel", id="delete.cancel")]

    def __init__(self, codes: list[str]) -> None:
        super().__init__()
        self.codes = codes

    def compose(self) -> ComposeResult:
        with Vertical(id="delete-dialog") as box:
            box.border_title = t("delete_subject_title")
            box.border_subtitle = t("save_as_keys")
            yield Static(literal_line(t("delete_subject_hint"), "dim"))
            yield SteadyInput(placeholder=t("quicklog_subject_placeholder"), id="delete-code", max_length=20,
                        suggester=SuggestFromList(self.codes, case_sensitive=True))  # fmt: skip

    @on(Input.Submitted, "#delete-code")
    def _chosen(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())


class DeleteSubjectConfirmScreen(ModalScreen[str | None]):
    """Says what goes and which other records still name the code (for review), then asks.

    Dismisses with "delete", "replace" (delete, and put the neutral word in place of the code in
    those other texts), "export" (write the cases not yet archived for the archive first, when
    there are any) or None. Enter and Esc take the safe answer: nothing happens.
    """

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("j,y", "answer('delete')", "key_delete_subject_yes", id="delete_confirm.yes"),
        Binding("e", "answer('replace')", "key_delete_subject_replace", id="delete_confirm.replace"),
        Binding("x", "answer('export')", "key_delete_subject_export", id="delete_confirm.export"),
        Binding("n,escape,enter", "answer(None)", "key_no", id="delete_confirm.no"),
    ]

    def __init__(
        self, code: str, question: str, mentions: list[str], mention_records: int, unarchived: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.code = code
        self.unarchived = list(unarchived)
        """The cases about the code that the archive has not received (their numbers and titles)."""
        self.question = question
        self.mentions = mentions
        """The review list: one line per text (record kind, id, field, a short excerpt)."""
        self.mention_records = mention_records

    def compose(self) -> ComposeResult:
        with Vertical(id="delete-confirm-dialog") as box:
            box.border_title = t("delete_subject_title")
            yield Static(literal(self.question))
            if self.unarchived:
                warning = t("delete_subject_unarchived", cases="; ".join(self.unarchived))
                yield Static(literal(warning, "bold $text-error"), id="delete-unarchived")
            if self.mentions:
                head = t("delete_subject_mentions", count=self.mention_records, code=self.code)
                yield Static(literal(head, "bold $text-warning"), id="delete-mentions-head")
                with VerticalScroll(id="delete-mentions"):
                    yield Static(literal("\n".join(self.mentions)))
                hint = t("delete_subject_confirm_hint_mentions", word=redacted_word())
            else:
                yield Static(literal(t("delete_subject_no_mentions", code=self.code), "dim"))
                hint = t("delete_subject_confirm_hint")
            yield Static(literal(hint, "bold $text-accent"), id="delete-confirm-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Replacing is offered only when there is something to replace.
        if action == "answer" and parameters == ("replace",):
            return bool(self.mentions)
        if action == "answer" and parameters == ("export",):
            return bool(self.unarchived)
        return True

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
