"""Provides meeting mode for the shared screen: one question at a time, a clock, and notes saved as typed.

Everything a meeting needs to resume is in the store: the notes (saved a moment after each
pause in typing), the question on screen and the time each question has had (saved when
moving between questions and every few seconds). A closed laptop loses at most that moment.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Digits, Static, TextArea

from relasjon_tui.content.model import Library
from relasjon_tui.dates import format_time
from relasjon_tui.records.model import NOTE_LIMIT
from relasjon_tui.records.reflection import Meeting
from relasjon_tui.records.storage import DataFileError
from relasjon_tui.records.store import RecordStore, default_author
from relasjon_tui.records.when import local_now
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal, literal_line
from relasjon_tui.ui.keys import quiet_focus
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.screens.context import ContextScreen
from relasjon_tui.ui.widgets.key_hints import KeyHints

NOTE_SAVE_DELAY = 0.25
"""Seconds after the last keystroke before the note is written to the store."""
CLOCK_SAVE_EVERY = 10
"""Seconds between saves of the clock while a question is on screen."""


def clock(seconds: float) -> str:
    """«04:07» (or «1:04:07» past an hour)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class MeetingScreen(Screen[Meeting | None]):
    """Presents `meeting`; dismisses with the ended meeting, or None when left to resume later."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("pagedown,ctrl+right", "step(1)", "key_next_question", id="meeting.next", priority=True),
        Binding("pageup,ctrl+left", "step(-1)", "key_prev_question", id="meeting.prev", priority=True),
        Binding("ctrl+g", "context", "key_open_context", id="meeting.context", priority=True),
        Binding("ctrl+e", "end", "key_end_meeting", id="meeting.end", priority=True),
        Binding("ctrl+l", "leave", "key_leave_meeting", id="meeting.leave", priority=True),
    ]

    @property
    def help_area(self) -> str:
        """The screen's name, for the help dialog."""
        return t("area_meeting")

    # A projector at 200×50 has room for a bigger notes field.
    VERTICAL_BREAKPOINTS = [(0, "-small"), (40, "-large")]

    index: reactive[int] = reactive(0, init=False)
    """The agenda item on screen."""
    elapsed: reactive[float] = reactive(0.0, init=False)
    """Seconds the question on screen has had, this time and before."""

    def __init__(
        self,
        store: RecordStore,
        library: Library,
        meeting: Meeting,
        *,
        now: Callable[[], datetime] = local_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.store = store
        self.library = library
        self.meeting = meeting
        self.now = now
        self.monotonic = monotonic
        self.set_reactive(MeetingScreen.index, min(meeting.current, len(meeting.agenda) - 1))
        self.notes: dict[str, str] = {}
        self._shown_since = monotonic()
        self._note_timer: Timer | None = None
        self._last_clock_save = 0.0

    def compose(self) -> ComposeResult:
        yield Static(id="meeting-bar")
        with Horizontal(id="meeting-clock"):
            yield Digits(id="meeting-digits")
            yield Static(id="meeting-plan")
        with Vertical(id="meeting-stage"):
            yield Static(id="meeting-context")
            with Center():
                yield Static(id="meeting-question")
        yield TextArea(id="meeting-note", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield Static(id="meeting-status")
        yield KeyHints(id="meeting-key-hints")

    def on_mount(self) -> None:
        try:
            self.notes = {qid: note.text for qid, note in self.store.meeting_notes(self.meeting.id or 0).items()}
        except (OSError, DataFileError) as error:
            self._status(str(error), error=True)
        self.query_one("#meeting-note", TextArea).border_title = t("meeting_note_title")
        self._show()
        self.set_interval(1.0, self._tick)
        self.query_one("#meeting-note", TextArea).focus()

    # What is on screen

    def _item(self):
        return self.meeting.agenda[self.index]

    def _show(self) -> None:
        item = self._item()
        question = self.library.question(item.question_id)
        document = self.library.document(question.document_id) if question else None
        context = [document.title if document else "", t(f"audience_{question.audience}") if question else ""]
        self.query_one("#meeting-context", Static).update(
            literal_line(" · ".join(filter(None, context)), "$text-accent")
        )
        self.query_one("#meeting-question", Static).update(
            literal(question.text if question else item.question_id, "bold")
        )
        note = self.query_one("#meeting-note", TextArea)
        with note.prevent(TextArea.Changed):
            note.text = self.notes.get(item.question_id, "")
        note.move_cursor(note.document.end)
        self._shown_since = self.monotonic()
        self._last_clock_save = 0.0
        self.meeting = self.meeting.with_item(self.index, visited=True)
        self.elapsed = float(item.seconds_used)
        self._draw_clock()

    def _draw_clock(self) -> None:
        item = self._item()
        planned = item.minutes * 60
        digits = self.query_one("#meeting-digits", Digits)
        digits.update(clock(self.elapsed))
        digits.set_class(self.elapsed > planned, "-over")
        self.query_one("#meeting-plan", Static).update(
            literal_line(t("meeting_clock_plan", planned=item.minutes), "dim")
        )
        total = self.meeting.seconds_used - item.seconds_used + self.elapsed
        over = total > self.meeting.planned_minutes * 60
        bar = [
            literal_line(self.meeting.title, "bold"),
            literal_line(f"  ·  {t('meeting_position', number=self.index + 1, count=len(self.meeting.agenda))}  ·  "),
            literal_line(
                t("meeting_total", used=clock(total), planned=clock(self.meeting.planned_minutes * 60)),
                "bold $text-error" if over else "",
            ),
        ]
        self.query_one("#meeting-bar", Static).update(join(bar))

    def _tick(self) -> None:
        self.elapsed = self._item().seconds_used + (self.monotonic() - self._shown_since)
        self._draw_clock()
        if self.monotonic() - self._shown_since - self._last_clock_save >= CLOCK_SAVE_EVERY:
            self._last_clock_save = self.monotonic() - self._shown_since
            self._save_meeting(self._with_clock())

    def _status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#meeting-status", Static).update(literal_line(text, "$text-error" if error else "dim"))

    # Saving

    def _with_clock(self) -> Meeting:
        """The meeting with the time on the current question counted in, and the position kept."""
        seconds = self._item().seconds_used + int(self.monotonic() - self._shown_since)
        return replace(self.meeting.with_item(self.index, seconds_used=seconds), current=self.index)

    def _save_meeting(self, meeting: Meeting) -> bool:
        try:
            self.store.replace_meeting(meeting)
        except (OSError, DataFileError, KeyError) as error:
            self._status(t("meeting_not_saved", error=error), error=True)
            return False
        return True

    @on(TextArea.Changed, "#meeting-note")
    def _typed(self, event: TextArea.Changed) -> None:
        self.notes[self._item().question_id] = event.text_area.text
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SAVE_DELAY, self.save_note)

    def save_note(self) -> bool:
        """Write the note on screen to the store now."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        question_id = self._item().question_id
        text = self.notes.get(question_id, "")
        if len(text) > NOTE_LIMIT:
            self._status(t("meeting_note_too_long", limit=NOTE_LIMIT), error=True)
            return False
        try:
            self.store.save_meeting_note(self.meeting.id or 0, question_id, text, default_author(), self.now())
        except (OSError, DataFileError) as error:
            self._status(t("meeting_not_saved", error=error), error=True)
            return False
        self._status(t("meeting_saved_at", when=format_time(self.now(), seconds=True)))
        return True

    # Keys

    def action_step(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.meeting.agenda):
            return
        self.save_note()
        self.meeting = self._with_clock()
        self.index = target
        self.meeting = replace(self.meeting, current=target)
        self._show()
        self._save_meeting(self.meeting)

    def action_context(self) -> None:
        question = self.library.question(self._item().question_id)
        if question is not None:
            self.app.push_screen(ContextScreen(self.library, question))

    def action_leave(self) -> None:
        """Leave the meeting open, to resume later from the list of meetings."""
        self.save_note()
        self.meeting = self._with_clock()
        if self._save_meeting(self.meeting):
            self.dismiss(None)

    def action_end(self) -> None:
        def answer(yes: bool | None) -> None:
            if not yes:
                return
            if not self.save_note():
                return
            ended = replace(self._with_clock(), ended=self.now())
            if self._save_meeting(ended):
                self.meeting = ended
                self.dismiss(ended)

        self.app.push_screen(ConfirmScreen(t("meeting_end_question")), answer)
