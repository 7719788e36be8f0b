"""Provides the app's case flow: opening and creating cases, and deleting a pupil or group everywhere.

A plain object the app holds; the screens it strings together know nothing of each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from relasjon_tui.records.tables import CASES
from relasjon_tui.strings import t
from relasjon_tui.ui.messages import LeaveCase

if TYPE_CHECKING:
    from relasjon_tui.records.cases import Case
    from relasjon_tui.records.drafts import Draft
    from relasjon_tui.ui.app import RelasjonApp


class CaseFlow:
    """Cases and the deletion of a pupil or group."""

    def __init__(self, app: RelasjonApp) -> None:
        self.app = app

    def open_case(self, case: Case | None, *, resume: Draft | None = None) -> None:
        """A case's view; for None, the form of a new case first. `resume` reopens a form's draft."""
        from dataclasses import replace

        from relasjon_tui.ui.screens.case import CaseScreen
        from relasjon_tui.ui.screens.case_forms import CaseFormScreen

        app = self.app

        def closed(_result: None) -> None:
            app.records_changed(CASES)

        if case is not None:
            app.push_screen(
                CaseScreen(app.store, app.library, case, evaluation_weeks=app.settings.evaluation_weeks,
                           drafts=app.drafts, resume=resume, school=app.settings.school, unit=app.settings.unit),
                closed,
            )  # fmt: skip
            return

        stored: list[Case] = []

        def commit(new: Case) -> None:
            stored.append(replace(new, id=app.store.add_case(new)))

        def created(new: Case | None) -> None:
            if new is None or not stored:
                return
            app.records_changed(CASES)
            app.push_screen(
                CaseScreen(app.store, app.library, stored[0], evaluation_weeks=app.settings.evaluation_weeks,
                           drafts=app.drafts, school=app.settings.school, unit=app.settings.unit),
                closed,
            )  # fmt: skip

        form = CaseFormScreen(
            app.library, evaluation_weeks=app.settings.evaluation_weeks, drafts=app.drafts, commit=commit,
            restore=resume.fields if resume is not None else None,
        )  # fmt: skip
        app.push_screen(form, created)

    async def leave_case(self, message: LeaveCase) -> None:
        """An area key or `/` in a case view: the case is closed; show the area or the search."""
        main = self.app.main_screen
        if message.where == "search":
            main.action_search()
        else:
            await main.action_area(message.where)

    def _export_for_archive(self, cases: list[Case]) -> None:
        """Write each case's document for the archive as a PDF in the home folder, privately."""
        from relasjon_tui.records.case_document import Facts, render
        from relasjon_tui.records.export import write_export
        from relasjon_tui.records.store import default_author
        from relasjon_tui.records.when import local_now

        app = self.app
        now = local_now()
        titles = {doc.id: doc.title for doc in app.library.measures}
        facts = Facts(default_author(), now, app.settings.school, app.settings.unit)
        for case in cases:
            path = Path.home() / f"sak-{case.id}-{now.date().isoformat()}.pdf"
            try:
                write_export(path, render(case, app.store.case_logs(case), titles, facts, pdf=True))
            except Exception as error:  # noqa: BLE001 - nothing is deleted; say what failed
                app.notify_text(t("export_failed", path=path, error=error), severity="error", timeout=15)
                return
            app.notify_text(t("export_written", path=path), timeout=10)

    def delete_subject(self) -> None:
        """Delete a pupil or group and everything about it, drafts included, after saying how much
        goes and which other records still mention the code (offering to replace it there)."""
        from relasjon_tui.records import deletion
        from relasjon_tui.records.store import default_author
        from relasjon_tui.records.when import local_now
        from relasjon_tui.ui.screens.delete_subject import DeleteSubjectConfirmScreen, DeleteSubjectScreen

        app = self.app

        def chosen(code: str | None) -> None:
            if not code:
                return
            try:
                counts = app.store.subject_records(code)
                found = app.store.subject_mentions(code) if any(counts.values()) else []
            except Exception as error:  # noqa: BLE001 - shown; nothing was deleted
                app.notify_text(str(error), severity="error")
                return
            if not any(counts.values()):
                app.notify_text(t("cli_slett_unknown", code=code), severity="warning")
                return
            try:
                unarchived = [case for case in app.store.cases() if code in case.subjects and case.archived is None]
            except Exception:  # noqa: BLE001 - the warning is a reminder; the file was just read
                unarchived = []

            def answer(choice: str | None) -> None:
                if choice == "export":
                    self._export_for_archive(unarchived)
                    ask()
                    return
                if choice not in ("delete", "replace"):
                    return
                try:
                    done = deletion.delete_subject(app.store, app.drafts, code, replace_mentions=choice == "replace",
                                                   author=default_author(), now=local_now())  # fmt: skip
                except Exception as error:  # noqa: BLE001 - the store writes all or nothing
                    app.notify_text(t("delete_subject_failed", error=error), severity="error", timeout=15)
                    return
                message = t("delete_subject_done", code=code, **done)
                if done["replaced"]:
                    message += " " + t("delete_subject_done_replaced", word=deletion.redacted_word(), **done)
                elif done["mentions"]:
                    message += " " + t("delete_subject_done_kept", code=code, **done)
                app.notify_text(message, timeout=10)
                app.records_changed()

            question = t("delete_subject_question", code=code, **counts)
            lines = [deletion.mention_line(mention) for mention in found]
            records = len({(mention.kind, mention.id) for mention in found})
            labels = [t("case_label", number=case.id, title=case.title) for case in unarchived]

            def ask() -> None:
                app.push_screen(DeleteSubjectConfirmScreen(code, question, lines, records, labels), answer)

            ask()

        try:
            codes = [subject.code for subject in app.store.subjects()]
        except Exception:  # noqa: BLE001 - suggestions only
            codes = []
        app.push_screen(DeleteSubjectScreen(codes), chosen)
