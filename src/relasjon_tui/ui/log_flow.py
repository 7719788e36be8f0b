"""Provides the app's log flow: the quick-log form (new or edit), a log shown whole, deleting a log.

A plain object the app holds; the Logg area, a case and the `n` key all ask for it by message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relasjon_tui.dates import format_datetime
from relasjon_tui.records.tables import LOGS, SUBJECTS
from relasjon_tui.strings import t

if TYPE_CHECKING:
    from relasjon_tui.records.model import SessionLog
    from relasjon_tui.ui.app import RelasjonApp


class LogFlow:
    """Writing, showing and deleting session logs."""

    def __init__(self, app: RelasjonApp) -> None:
        self.app = app

    def open_form(
        self,
        *,
        prefill: dict[str, str] | None = None,
        restore: dict[str, str] | None = None,
        editing: SessionLog | None = None,
    ) -> None:
        """The quick-log form, for a new log (with `prefill`'s first values, or a draft's in `restore`) or an edit."""
        from relasjon_tui.ui.screens.quick_log import QuickLogScreen, Saved

        app = self.app
        if any(isinstance(screen, QuickLogScreen) for screen in app.screen_stack):
            return

        def saved(result: Saved | None) -> None:
            if result is None:
                return
            when = format_datetime(result.start, year=False)
            app.notify_text(t("quicklog_saved", subject=result.subject, when=when))
            app.records_changed(LOGS, SUBJECTS)

        form = QuickLogScreen(app.store, app.library, app.drafts, prefill=prefill, restore=restore, editing=editing)
        app.push_screen(form, saved)

    def show(self, log: SessionLog, measure_title: str) -> None:
        """The log whole; from there `e` edits and `d` deletes it."""
        from relasjon_tui.ui.screens.log_detail import LogDetailScreen

        def after(choice: str | None) -> None:
            if choice == "edit":
                self.open_form(editing=log)
            elif choice == "delete":
                self.delete(log)

        self.app.push_screen(LogDetailScreen(log, measure_title), after)

    def delete(self, log: SessionLog) -> None:
        """Delete `log` after asking."""
        from relasjon_tui.ui.screens.confirm import ConfirmScreen

        app = self.app
        question = t("logs_delete_question", subject=log.subject, when=format_datetime(log.start))

        def answer(yes: bool | None) -> None:
            if not yes or log.id is None:
                return
            try:
                app.store.delete_log(log.id)
            except Exception as error:  # noqa: BLE001 - the store writes all or nothing; say what failed
                app.notify_text(str(error), severity="error")
                return
            app.records_changed(LOGS)

        app.push_screen(ConfirmScreen(question), answer)
