"""Provides the app's team-meeting flow: set-up, meeting mode, summary, export, and resuming.

Mixed into RelasjonApp; the screens it strings together know nothing of each other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from relasjon_tui.dates import format_datetime
from relasjon_tui.strings import t
from relasjon_tui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.app import App

    from relasjon_tui.content.model import Library
    from relasjon_tui.records.drafts import DraftStore
    from relasjon_tui.records.reflection import Meeting
    from relasjon_tui.records.store import RecordStore
    from relasjon_tui.ui.screens.meetings import MeetingsScreen

    _Base = App[None]
else:
    _Base = object


class MeetingFlow(_Base):
    """Team meetings, from the list to the summary."""

    store: RecordStore
    library: Library
    notify_text: Callable[..., None]
    """The app's notification of literal text (`RelasjonApp.notify_text`)."""
    drafts: DraftStore

    def _offer_meeting(self) -> None:
        """A meeting that was never ended (the app closed, the laptop died) is offered back."""
        try:
            meeting = self.store.open_meeting()
        except Exception:  # noqa: BLE001 - the Logg area reports an unreadable file; this offer is optional
            return
        if meeting is None:
            return
        from relasjon_tui.ui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.present_meeting(meeting)

        when = format_datetime(meeting.start)
        self.push_screen(
            ConfirmScreen(t("meeting_resume_question", title=meeting.title, when=when), default=True), answer
        )

    # Meetings

    def action_meetings(self, initial_document: str | None = None) -> None:
        from relasjon_tui.ui.screens.meetings import MeetingsScreen

        self.push_screen(MeetingsScreen(self.store, initial_document=initial_document))

    def action_new_meeting(self) -> None:
        self.start_meeting_setup()

    def start_meeting_setup(self, initial_document: str | None = None, restore: dict[str, str] | None = None) -> None:
        """The meeting set-up (with a draft's values in `restore`); the meeting starts when it is saved."""
        from relasjon_tui.ui.screens.meeting_setup import MeetingSetupScreen

        def started(meeting: Meeting | None) -> None:
            if meeting is not None:
                self.present_meeting(meeting)

        setup = MeetingSetupScreen(
            self.store, self.library, initial_document=initial_document, drafts=self.drafts, restore=restore
        )
        self.push_screen(setup, started)

    def present_meeting(self, meeting: Meeting) -> None:
        """Meeting mode for `meeting`; when it ends, its summary."""
        from relasjon_tui.ui.screens.meeting import MeetingScreen

        def finished(ended: Meeting | None) -> None:
            self._refresh_reflection()
            if ended is not None:
                self.show_meeting_summary(ended)

        self.push_screen(MeetingScreen(self.store, self.library, meeting), finished)

    def show_meeting_summary(self, meeting: Meeting) -> None:
        from relasjon_tui.ui.screens.meetings import MeetingSummaryScreen

        try:
            notes = self.store.meeting_notes(meeting.id or 0)
        except Exception as error:  # noqa: BLE001 - shown; nothing is written here
            self.notify_text(str(error), severity="error")
            return
        self.push_screen(MeetingSummaryScreen(meeting, notes, self.library))

    def on_meetings_screen_chosen(self, message: MeetingsScreen.Chosen) -> None:
        meeting = message.meeting
        if meeting is None:
            self.start_meeting_setup(message.initial_document)
        elif message.export:
            self.export_meeting(meeting)
        elif meeting.is_open:
            self.present_meeting(meeting)
        else:
            self.show_meeting_summary(meeting)

    def export_meeting(self, meeting: Meeting) -> None:
        """Ask where, then write the meeting as Markdown (privately, atomically)."""
        from relasjon_tui.records.export import meeting_to_markdown, write_export
        from relasjon_tui.ui.screens.save_as import SaveAsScreen

        suggested = Path.home() / f"mote-{meeting.id}-{meeting.start.strftime('%Y-%m-%d')}.md"

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                notes = {qid: [note] for qid, note in self.store.meeting_notes(meeting.id or 0).items()}
                text = meeting_to_markdown(meeting, notes, self.library.question_labels())
                write_export(path, text.encode("utf-8"))
            except Exception as error:  # noqa: BLE001 - the meeting is safe in the store; say what failed
                self.notify_text(t("export_failed", path=path, error=error), severity="error", timeout=15)
                return
            self.notify_text(t("export_written", path=path))

        self.push_screen(SaveAsScreen(t("export_meeting_title"), suggested), chosen)

    def _refresh_reflection(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.refresh_reflection()
