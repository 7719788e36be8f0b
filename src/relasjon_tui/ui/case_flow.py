"""Provides the app's case flow: opening and creating cases, and deleting a pupil or group everywhere.

Mixed into RelasjonApp.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from relasjon_tui.strings import t
from relasjon_tui.ui.messages import LeaveCase
from relasjon_tui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.app import App

    from relasjon_tui.content.model import Library
    from relasjon_tui.records.cases import Case
    from relasjon_tui.records.drafts import Draft, DraftStore
    from relasjon_tui.records.store import RecordStore
    from relasjon_tui.settings import Settings

    _Base = App[None]
else:
    _Base = object


class CaseFlow(_Base):
    """Cases and the deletion of a pupil or group."""

    store: RecordStore
    library: Library
    notify_text: Callable[..., None]
    """The app's notification of literal text (`RelasjonApp.notify_text`)."""
    drafts: DraftStore
    settings: Settings

    def open_case(self, case: Case | None, *, resume: Draft | None = None) -> None:
        """A case's view; for None, the form of a new case first. `resume` reopens a form's draft."""
        from dataclasses import replace

        from relasjon_tui.ui.screens.case import CaseScreen
        from relasjon_tui.ui.screens.case_forms import CaseFormScreen

        def closed(_result: None) -> None:
            self._refresh_cases()

        if case is not None:
            self.push_screen(
                CaseScreen(self.store, self.library, case, evaluation_weeks=self.settings.evaluation_weeks,
                           drafts=self.drafts, resume=resume),
                closed,
            )  # fmt: skip
            return

        stored: list[Case] = []

        def commit(new: Case) -> None:
            stored.append(replace(new, id=self.store.add_case(new)))

        def created(new: Case | None) -> None:
            if new is None or not stored:
                return
            self._refresh_cases()
            self.push_screen(
                CaseScreen(self.store, self.library, stored[0], evaluation_weeks=self.settings.evaluation_weeks,
                           drafts=self.drafts),
                closed,
            )  # fmt: skip

        form = CaseFormScreen(
            self.library, evaluation_weeks=self.settings.evaluation_weeks, drafts=self.drafts, commit=commit,
            restore=resume.fields if resume is not None else None,
        )  # fmt: skip
        self.push_screen(form, created)

    async def on_leave_case(self, message: LeaveCase) -> None:
        """An area key or `/` in a case view: the case is closed; show the area or the search."""
        main = next((screen for screen in self.screen_stack if isinstance(screen, MainScreen)), None)
        if main is None:
            return
        if message.where == "search":
            main.action_search()
        else:
            await main.action_area(message.where)

    def action_delete_subject(self) -> None:
        """Delete a pupil or group and everything about it, drafts included, after saying how much
        goes and which other records still mention the code (offering to replace it there)."""
        from relasjon_tui.records import deletion
        from relasjon_tui.records.store import default_author
        from relasjon_tui.records.when import local_now
        from relasjon_tui.ui.screens.delete_subject import DeleteSubjectConfirmScreen, DeleteSubjectScreen

        def chosen(code: str | None) -> None:
            if not code:
                return
            try:
                counts = self.store.subject_records(code)
                found = self.store.subject_mentions(code) if any(counts.values()) else []
            except Exception as error:  # noqa: BLE001 - shown; nothing was deleted
                self.notify_text(str(error), severity="error")
                return
            if not any(counts.values()):
                self.notify_text(t("cli_slett_unknown", code=code), severity="warning")
                return

            def answer(choice: str | None) -> None:
                if choice not in ("delete", "replace"):
                    return
                try:
                    done = deletion.delete_subject(self.store, self.drafts, code, replace_mentions=choice == "replace",
                                                   author=default_author(), now=local_now())  # fmt: skip
                except Exception as error:  # noqa: BLE001 - the store writes all or nothing
                    self.notify_text(t("delete_subject_failed", error=error), severity="error", timeout=15)
                    return
                message = t("delete_subject_done", code=code, **done)
                if done["replaced"]:
                    message += " " + t("delete_subject_done_replaced", word=deletion.redacted_word(), **done)
                elif done["mentions"]:
                    message += " " + t("delete_subject_done_kept", code=code, **done)
                self.notify_text(message, timeout=10)
                self._refresh_cases()
                for screen in self.screen_stack:
                    if isinstance(screen, MainScreen):
                        screen.refresh_logs()

            question = t("delete_subject_question", code=code, **counts)
            lines = [deletion.mention_line(mention) for mention in found]
            records = len({(mention.kind, mention.id) for mention in found})
            self.push_screen(DeleteSubjectConfirmScreen(code, question, lines, records), answer)

        try:
            codes = [subject.code for subject in self.store.subjects()]
        except Exception:  # noqa: BLE001 - suggestions only
            codes = []
        self.push_screen(DeleteSubjectScreen(codes), chosen)

    def _refresh_cases(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.refresh_cases()
