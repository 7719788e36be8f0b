"""Provides the list of team meetings and a meeting's summary (questions, notes, time used)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from relasjon_tui.content.model import Library
from relasjon_tui.dates import format_datetime
from relasjon_tui.records.reflection import Meeting, QuestionNote
from relasjon_tui.records.storage import DataFileError
from relasjon_tui.records.store import RecordStore
from relasjon_tui.strings import t
from relasjon_tui.ui.display import NEWLINE, join, literal, literal_line
from relasjon_tui.ui.keys import quiet_focus, vim_keys
from relasjon_tui.ui.messages import notify_text
from relasjon_tui.ui.screens.meeting import clock


class MeetingList(OptionList):
    """Meetings, newest first; option ids are meeting ids."""

    BINDINGS = vim_keys("meetings")


def meeting_line(meeting: Meeting, notes: int) -> Content:
    """One meeting in the list: «Møte 7 · title · date · 3 spørsmål», then notes, time used and
    whether it is still on."""
    state = t("meetings_open") if meeting.is_open else t("meetings_ended")
    facts = t("meetings_facts", notes=notes, used=clock(meeting.seconds_used))
    return join(
        [
            literal_line(f"{t('meeting_number', number=meeting.id)} · ", "bold $text-accent"),
            literal_line(meeting.title, "bold"),
            literal_line(f" · {format_datetime(meeting.start)} · "),
            literal_line(t("meetings_line", questions=len(meeting.agenda))),
            NEWLINE,
            literal_line(f"  {facts} · ", "dim"),
            literal_line(state, "$text-warning" if meeting.is_open else "$text-success"),
        ]
    )


class MeetingsScreen(ModalScreen[None]):
    """Start a meeting, resume one that was left, or read and export an ended one."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("n", "new", "key_new_meeting", id="meetings.new"),
        Binding("x", "export", "key_export_meeting", id="meetings.export"),
        Binding("escape,q", "dismiss(None)", "key_close", id="meetings.close"),
    ]

    class Chosen(Message):
        """A meeting to resume (open) or to show (ended); `meeting` None asks for a new one."""

        def __init__(
            self, meeting: Meeting | None, *, export: bool = False, initial_document: str | None = None
        ) -> None:
            super().__init__()
            self.meeting = meeting
            self.export = export
            self.initial_document = initial_document
            """For a new meeting: the measure whose questions to offer first."""

    def __init__(self, store: RecordStore, *, initial_document: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.initial_document = initial_document
        self.meetings: list[Meeting] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="meetings-dialog") as box:
            box.border_title = t("meetings_title")
            box.border_subtitle = t("meetings_keys")
            yield Static(literal_line(t("meetings_intro"), "dim"))
            yield MeetingList(id="meeting-list")

    def on_mount(self) -> None:
        try:
            self.meetings = self.store.meetings()
            counts: dict[int, int] = {}
            for meeting in self.meetings:
                counts[meeting.id or 0] = len(self.store.meeting_notes(meeting.id or 0))
        except (OSError, DataFileError) as error:
            notify_text(self, str(error), severity="error")
            return
        options = [Option(meeting_line(m, counts.get(m.id or 0, 0)), id=str(m.id)) for m in self.meetings]
        if not options:
            options = [Option(literal_line(t("meetings_none"), "italic"), disabled=True)]
        meeting_list = self.query_one(MeetingList)
        meeting_list.set_options(options)
        if self.meetings:
            meeting_list.highlighted = 0
        meeting_list.focus()

    def _highlighted(self) -> Meeting | None:
        meeting_list = self.query_one(MeetingList)
        if meeting_list.highlighted is None:
            return None
        option_id = meeting_list.get_option_at_index(meeting_list.highlighted).id
        return next((m for m in self.meetings if str(m.id) == option_id), None)

    @on(OptionList.OptionSelected, "#meeting-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        meeting = self._highlighted()
        if meeting is not None:
            self.dismiss(None)
            self.app.post_message(self.Chosen(meeting))

    def action_new(self) -> None:
        self.dismiss(None)
        self.app.post_message(self.Chosen(None, initial_document=self.initial_document))

    def action_export(self) -> None:
        meeting = self._highlighted()
        if meeting is not None:
            self.app.post_message(self.Chosen(meeting, export=True))


class MeetingSummaryScreen(ModalScreen[None]):
    """What a meeting came to: each question with its time and notes."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("x", "export", "key_export_meeting", id="summary.export"),
        Binding("escape,q", "dismiss(None)", "key_close", id="summary.close"),
    ]

    def __init__(self, meeting: Meeting, notes: dict[str, QuestionNote], library: Library) -> None:
        super().__init__()
        self.meeting = meeting
        self.notes = notes
        self.library = library

    def compose(self) -> ComposeResult:
        meeting = self.meeting
        with VerticalScroll(id="summary-dialog") as box:
            box.border_title = t("summary_title")
            box.border_subtitle = t("summary_keys")
            head = t(
                "summary_head",
                when=format_datetime(meeting.start),
                attendees=meeting.attendees or "–",
                used=clock(meeting.seconds_used),
                planned=clock(meeting.planned_minutes * 60),
                notes=len(self.notes),
            )
            label = literal_line(f"{t('meeting_number', number=meeting.id)}: ", "bold $text-accent")
            title = join([label, literal_line(meeting.title, "bold $text-primary")])
            yield Static(join([title, literal(head, "dim")], "\n"))
            for number, item in enumerate(meeting.agenda, start=1):
                question = self.library.question(item.question_id)
                text = question.text if question else item.question_id
                time_used = t("summary_item_time", used=clock(item.seconds_used), planned=item.minutes)
                if not item.visited:
                    time_used = f"{time_used} · {t('md_meeting_not_reached')}"
                parts = [literal_line(f"{number}. ", "bold"), literal(text, "bold"), NEWLINE,
                         literal_line(f"   {time_used}", "$text-accent")]  # fmt: skip
                note = self.notes.get(item.question_id)
                parts += [NEWLINE, literal(note.text) if note else literal_line(t("md_meeting_no_notes"), "dim italic")]
                yield Static(join(parts), classes="summary-item")

    def action_export(self) -> None:
        self.app.post_message(MeetingsScreen.Chosen(self.meeting, export=True))
