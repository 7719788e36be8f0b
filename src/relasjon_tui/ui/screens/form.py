"""Provides FormScreen: what every form shares, so typed text is never lost.

`ctrl+s` saves, `esc` asks before throwing typed text away, and while the form is open what
is typed is kept as a private draft (a quarter of a second after typing stops), which the
next start offers back after a crash. The order of keys is the app's job (`ui/key_order.py`):
by the time `ctrl+s` or `esc` runs here, every key typed before it is in the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import ClassVar, Generic, TypeVar

from textual import events, on
from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.when import local_now
from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal
from relasjon_tui.ui.keys import quiet_focus
from relasjon_tui.ui.messages import notify_text
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.screens.conflict import ConflictScreen

ResultT = TypeVar("ResultT")

DRAFT_DELAY = 0.25
"""Seconds after the last key before the draft is written: often enough to lose nothing,
rarely enough to cost nothing."""

Commit = Callable[[ResultT], None]
"""Stores what the form made; raises (OSError, DataFileError, ValueError …) if it could not,
or StaleEdit if someone else changed the record since the form opened it."""


class StaleEdit(Exception):
    """Raised by a form's `commit`: someone else changed (`theirs`, as text) or deleted (`theirs` None)
    the record since the form opened it, and nothing was stored. The form shows both and asks.

    `keep_mine` stores the user's version on top of theirs (theirs stays as an earlier version);
    None when that cannot be offered (a case deleted for privacy must not come back). `rebase`
    makes the next save build on theirs (merging by hand); `merged` puts both texts into the
    fields it names (by field id)."""

    def __init__(
        self,
        question: str,
        who: str,
        theirs: str | None,
        mine: str,
        keep_mine: Callable[[], None] | None,
        rebase: Callable[[], None] | None = None,
        merged: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(question)
        self.question = question
        self.who = who
        self.theirs = theirs
        self.mine = mine
        self.keep_mine = keep_mine
        self.rebase = rebase
        self.merged = dict(merged or {})


class FormScreen(ModalScreen[ResultT | None], Generic[ResultT]):
    """A form of fields (Input, TextArea, Select, each with an id) that ends in `finish(result)`.

    Subclasses set `DRAFT_FORM` (the draft's kind), build the fields in `compose`, and call
    `finish` from `action_save` with what they made. A `commit` given by the caller stores it
    before the form closes; if that fails the form stays open with every word and its draft.
    """

    focused: Reactive[Widget | None] = quiet_focus()

    DRAFT_FORM: ClassVar[str] = ""
    ERRORS_SELECTOR: ClassVar[str] = ".form-errors"

    BINDINGS = [
        # Priority, so that a text field does not take ctrl+s; KeyOrder makes it wait for earlier keys.
        Binding("ctrl+s", "save", "key_save", id="form.save", priority=True),
        Binding("escape", "cancel", "key_cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        *,
        drafts: DraftStore | None = None,
        draft_context: Mapping[str, str] | None = None,
        draft_title: str = "",
        restore: Mapping[str, str] | None = None,
        commit: Commit[ResultT] | None = None,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__()
        self.drafts = drafts
        self.draft_context = dict(draft_context or {})
        self.draft_title = draft_title
        self.restore = dict(restore or {})
        """Values to put back into the fields once they are built (a draft offered after a crash)."""
        self.commit = commit
        self.now = now
        self._initial: dict[str, str] | None = None
        self._draft_timer: Timer | None = None

    # Fields

    def field_widgets(self) -> list[Input | TextArea | Select]:
        """The form's fields: every Input, TextArea and Select with an id."""
        return [widget for widget in self.query("Input, TextArea, Select") if widget.id]  # type: ignore[misc]

    def form_values(self) -> dict[str, str]:
        """What the form holds now, as text, by field id."""
        values: dict[str, str] = {}
        for widget in self.field_widgets():
            assert widget.id is not None
            if isinstance(widget, TextArea):
                values[widget.id] = widget.text
            elif isinstance(widget, Select):
                values[widget.id] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                values[widget.id] = widget.value
        return values

    def apply_values(self, values: Mapping[str, str]) -> None:
        """Put `values` back into the fields they came from (unknown ids and choices are skipped)."""
        for widget in self.field_widgets():
            if widget.id is None or widget.id not in values:
                continue
            value = values[widget.id]
            if isinstance(widget, TextArea):
                widget.load_text(value)
            elif isinstance(widget, Select):
                try:
                    widget.value = value if value else Select.NULL
                except InvalidSelectValueError:
                    pass  # a choice that is gone (a measure no longer loaded): keep the form's own
            else:
                widget.value = value

    def has_changes(self) -> bool:
        """Whether anything was typed since the form opened (a restored draft counts as typed)."""
        return self._initial is not None and self.form_values() != self._initial

    def _on_mount(self, event: events.Mount) -> None:
        # After the subclass's own on_mount has filled and focused the fields.
        self.call_after_refresh(self._start_watching)

    def _start_watching(self) -> None:
        self._initial = self.form_values()
        if self.restore:
            # Put back as typed, without the reactions to a choice made now (proposals, defaults).
            with self.prevent(Input.Changed, TextArea.Changed, Select.Changed):
                self.apply_values(self.restore)
            self.restored()
            self.save_draft()

    def restored(self) -> None:
        """Called once a draft's values are back in the fields; subclasses bring their state in line."""

    # Drafts

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _typed(self) -> None:
        if self._initial is None or not self.is_mounted:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._draft_if_changed)

    def _draft_if_changed(self) -> None:
        if self.has_changes():
            self.save_draft()
        elif self.drafts is not None:
            self.drafts.clear(self.DRAFT_FORM, self.draft_context)  # typed, then undone

    def save_draft(self) -> None:
        """Write what is typed to the private draft file now."""
        if self.drafts is None or not self.DRAFT_FORM:
            return
        try:
            self.drafts.save(self.DRAFT_FORM, self.draft_context, self.form_values(), self.now(),
                             title=self.draft_title)  # fmt: skip
        except OSError as error:
            self.show_problems([t("form_draft_failed", error=error)])

    def _forget_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.drafts is not None and self.DRAFT_FORM:
            try:
                self.drafts.clear(self.DRAFT_FORM, self.draft_context)
            except OSError:
                pass  # a draft left behind is offered once more at the next start; nothing is lost

    # Ending

    def show_problems(self, problems: list[str]) -> None:
        box = self.query_one(self.ERRORS_SELECTOR, Static)
        box.update(literal("\n".join(f"• {problem}" for problem in problems), "$text-error"))
        box.scroll_visible()

    def finish(self, result: ResultT) -> None:
        """Store `result` (through `commit`) and close; on failure stay open, keeping every word."""
        if self.commit is not None:
            commit = self.commit
            if not self._stored(lambda: commit(result)):
                return
        self._forget_draft()
        self.dismiss(result)

    def _stored(self, store: Callable[[], None]) -> bool:
        """Run `store`; on failure keep the form open with its text and draft, and say why."""
        try:
            store()
        except StaleEdit as stale:
            self.save_draft()
            self._resolve_stale(stale)
            return False
        except Exception as error:  # noqa: BLE001 - the form stays open with its text and draft
            self.save_draft()
            self.show_problems([t("form_not_saved", error=error)])
            return False
        return True

    def _resolve_stale(self, stale: StaleEdit) -> None:
        """Someone else saved first: show both, and let the user keep theirs, take the other, or merge."""
        def keep_mine() -> None:
            assert stale.keep_mine is not None
            if self._stored(stale.keep_mine):
                self._forget_draft()
                self.dismiss(None)
                notify_text(self, t("conflict_kept_mine"))

        if stale.theirs is None:
            if stale.keep_mine is None:
                self.show_problems([stale.question])
                return
            self.app.push_screen(ConfirmScreen(stale.question), lambda yes: keep_mine() if yes else None)
            return

        def chosen(choice: str | None) -> None:
            if choice == "theirs":
                self._discard(True)
                notify_text(self, t("conflict_took_theirs"))
            elif choice == "mine" and stale.keep_mine is not None:
                keep_mine()
            elif choice == "merge":
                if stale.rebase is not None:
                    stale.rebase()
                self.apply_values(stale.merged)
                self.show_problems([t("conflict_merge_hint" if stale.merged else "conflict_merge_fields_hint",
                                      who=stale.who)])  # fmt: skip

        self.app.push_screen(ConflictScreen(stale.question, stale.who, stale.theirs, stale.mine), chosen)

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        if not self.has_changes():
            self._discard(True)
            return
        self.app.push_screen(ConfirmScreen(t("form_discard_question")), self._discard)

    def _discard(self, yes: bool | None) -> None:
        if yes:
            self._forget_draft()
            self.dismiss(None)
