"""Provides the app's team-meeting flow: set-up, meeting mode, summary, export, and resuming.

A plain object the app holds; the screens it strings together know nothing of each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from relasjon_tui.dates import format_datetime
from relasjon_tui.records.tables import MEETINGS, NOTES
from relasjon_tui.strings import t

if TYPE_CHECKING:
    from relasjon_tui.records.reflection import Meeting
    from relasjon_tui.ui.app import RelasjonApp
    from relasjon_tui.ui.screens.meetings import MeetingsScreen


class MeetingFlow:
    """Team meetings, from the list to the summary."""

    def __init__(self, app: RelasjonApp) -> None:
        self.app = app

    def offer_unfinished(self) -> None:
        """A meeting that was never ended (the app closed, the laptop died) is offered back."""
        try:
            meeting = self.app.store.open_meeting()
        except Exception:  # noqa: BLE001 - the Logg area reports an unreadable file; this offer is optional
            return
        if meeting is None:
            return
        def answer(yes: bool | None) -> None:
            if yes:
                self.present(meeting)

        when = format_datetime(meeting.start)
        self.app.ask(t("meeting_resume_question", title=meeting.title, when=when), answer, default=True)

    def show_list(self, initial_document: str | None = None) -> None:
        from relasjon_tui.ui.screens.meetings import MeetingsScreen

        self.app.push_screen(MeetingsScreen(self.app.store, initial_document=initial_document))

    def start_setup(self, initial_document: str | None = None, restore: dict[str, str] | None = None) -> None:
        """The meeting set-up (with a draft's values in `restore`); the meeting starts when it is saved."""
        from relasjon_tui.ui.screens.meeting_setup import MeetingSetupScreen

        def started(meeting: Meeting | None) -> None:
            if meeting is not None:
                self.present(meeting)

        setup = MeetingSetupScreen(
            self.app.store, self.app.library, initial_document=initial_document, drafts=self.app.drafts, restore=restore
        )
        self.app.push_screen(setup, started)

    def present(self, meeting: Meeting) -> None:
        """Meeting mode for `meeting`; when it ends, its summary."""
        from relasjon_tui.ui.screens.meeting import MeetingScreen

        def finished(ended: Meeting | None) -> None:
            self.app.records_changed(MEETINGS, NOTES)
            if ended is not None:
                self.show_summary(ended)

        self.app.push_screen(MeetingScreen(self.app.store, self.app.library, meeting), finished)

    def show_summary(self, meeting: Meeting) -> None:
        from relasjon_tui.ui.screens.meetings import MeetingSummaryScreen

        try:
            notes = self.app.store.meeting_notes(meeting.id or 0)
        except Exception as error:  # noqa: BLE001 - shown; nothing is written here
            self.app.notify_text(str(error), severity="error")
            return
        self.app.push_screen(MeetingSummaryScreen(meeting, notes, self.app.library))

    def chosen(self, message: MeetingsScreen.Chosen) -> None:
        meeting = message.meeting
        if meeting is None:
            self.start_setup(message.initial_document)
        elif message.export:
            self.export(meeting)
        elif meeting.is_open:
            self.present(meeting)
        else:
            self.show_summary(meeting)

    def export(self, meeting: Meeting) -> None:
        """Ask where, then write the meeting as Markdown (privately, atomically)."""
        from relasjon_tui.records.export import meeting_to_markdown, write_export
        from relasjon_tui.ui.screens.save_as import SaveAsScreen

        suggested = Path.home() / f"mote-{meeting.id}-{meeting.start.strftime('%Y-%m-%d')}.md"

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                notes = {qid: [note] for qid, note in self.app.store.meeting_notes(meeting.id or 0).items()}
                text = meeting_to_markdown(meeting, notes, self.app.library.question_labels())
                write_export(path, text.encode("utf-8"))
            except Exception as error:  # noqa: BLE001 - the meeting is safe in the store; say what failed
                self.app.notify_text(t("export_failed", path=path, error=error), severity="error", timeout=15)
                return
            self.app.notify_text(t("export_written", path=path))

        self.app.push_screen(SaveAsScreen(t("export_meeting_title"), suggested), chosen)
