"""Provides the records of reflection: notes on the guidance's questions, and team meetings.

Questions are known here only by their stable ids from the content; what a question says is
the content's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from relasjon_tui.records.model import (
    Revision,
    ValidationError,
    revisions_from_record,
    revisions_to_record,
)
from relasjon_tui.records.rules import (  # noqa: F401 - the limits are used from here too
    MAX_AGENDA,
    MAX_ITEM_MINUTES,
    MIN_ITEM_MINUTES,
    TITLE_LIMIT,
    Known,
    check_meeting,
    check_note,
)


@dataclass(frozen=True, slots=True)
class QuestionNote:
    """A dated note on one question, written in a meeting (`meeting_id`) or on its own."""

    question_id: str
    text: str
    author: str
    created: datetime
    updated: datetime | None = None
    meeting_id: int | None = None
    id: int | None = None
    revisions: tuple[Revision, ...] = ()

    def edited(self, now: datetime, author: str, text: str) -> QuestionNote:
        """A new version with `text`; the old text is kept as a revision."""
        if text == self.text:
            return self
        revision = Revision(self.updated or self.created, self.author, {"text": self.text}, replaced=now,
                            replaced_by=author)  # fmt: skip
        return replace(self, text=text, updated=now, author=author, revisions=(*self.revisions, revision))


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One question on a meeting's agenda, the minutes set for it and the time it has had."""

    question_id: str
    minutes: int
    seconds_used: int = 0
    visited: bool = False
    """True once the question has been on screen: ending the meeting marks it discussed."""


@dataclass(frozen=True, slots=True)
class Meeting:
    """A team meeting working through reflection questions on a shared screen."""

    title: str
    start: datetime
    attendees: str
    """Who is there: initials, or a count."""
    agenda: tuple[AgendaItem, ...]
    author: str = ""
    created: datetime | None = None
    ended: datetime | None = None
    current: int = 0
    """The agenda item on screen, so an interrupted meeting resumes where it was."""
    id: int | None = None

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)

    @property
    def seconds_used(self) -> int:
        return sum(item.seconds_used for item in self.agenda)

    @property
    def is_open(self) -> bool:
        return self.ended is None

    def with_item(self, index: int, **changes: Any) -> Meeting:
        """The meeting with agenda item `index` changed."""
        items = list(self.agenda)
        items[index] = replace(items[index], **changes)
        return replace(self, agenda=tuple(items))


@dataclass(frozen=True, slots=True)
class QuestionStatus:
    """Whether a question has been discussed: the last date, and how many notes it has."""

    last_discussed: date | None = None
    notes: int = 0


def validate_note(note: QuestionNote, question_ids: Iterable[str]) -> None:
    """Raise ValidationError listing every problem with `note`: the rules every door uses
    (`rules.check_note`, on the note's stored form), its question included."""
    problems = check_note("", note_to_record(note), Known(questions=frozenset(question_ids)))
    if problems:
        raise ValidationError([problem.message for problem in problems])


def validate_meeting(meeting: Meeting, question_ids: Iterable[str]) -> None:
    """Raise ValidationError listing every problem with `meeting` (`rules.check_meeting` on its stored form)."""
    problems = check_meeting("", meeting_to_record(meeting), Known(questions=frozenset(question_ids)))
    if problems:
        raise ValidationError(list(dict.fromkeys(problem.message for problem in problems)))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(record: dict[str, Any], key: str) -> datetime | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(key)
    return datetime.fromisoformat(value)


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key, "")
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def _int(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(name)
    return value


def note_to_record(note: QuestionNote) -> dict[str, Any]:
    """The stored form; the id is the table key."""
    return {
        "question_id": note.question_id,
        "text": note.text,
        "author": note.author,
        "created": _iso(note.created),
        "updated": _iso(note.updated),
        "meeting_id": note.meeting_id,
        "revisions": revisions_to_record(note.revisions),
    }


def note_from_record(record: dict[str, Any], note_id: int | None = None) -> QuestionNote:
    """Read the stored form back; raises KeyError/ValueError/TypeError on a malformed record."""
    created = _when(record, "created")
    if created is None:
        raise ValueError("created")
    meeting_id = record.get("meeting_id")
    revisions = revisions_from_record(record)
    return QuestionNote(
        question_id=_text(record, "question_id"),
        text=_text(record, "text"),
        author=_text(record, "author"),
        created=created,
        updated=_when(record, "updated"),
        meeting_id=None if meeting_id is None else _int(meeting_id, "meeting_id"),
        id=note_id,
        revisions=revisions,
    )


def meeting_to_record(meeting: Meeting) -> dict[str, Any]:
    """The stored form; the id is the table key."""
    return {
        "title": meeting.title,
        "start": meeting.start.isoformat(),
        "attendees": meeting.attendees,
        "agenda": [
            {"question_id": i.question_id, "minutes": i.minutes, "seconds_used": i.seconds_used, "visited": i.visited}
            for i in meeting.agenda
        ],
        "author": meeting.author,
        "created": _iso(meeting.created),
        "ended": _iso(meeting.ended),
        "current": meeting.current,
    }


def meeting_from_record(record: dict[str, Any], meeting_id: int | None = None) -> Meeting:
    """Read the stored form back; raises KeyError/ValueError/TypeError on a malformed record."""
    start = _when(record, "start")
    if start is None:
        raise ValueError("start")
    agenda = record["agenda"]
    if not isinstance(agenda, list):
        raise TypeError("agenda")
    items = tuple(
        AgendaItem(
            question_id=_text(item, "question_id"),
            minutes=_int(item["minutes"], "minutes"),
            seconds_used=_int(item.get("seconds_used", 0), "seconds_used"),
            visited=bool(item.get("visited", False)),
        )
        for item in agenda
    )
    return Meeting(
        title=_text(record, "title"),
        start=start,
        attendees=_text(record, "attendees"),
        agenda=items,
        author=_text(record, "author"),
        created=_when(record, "created"),
        ended=_when(record, "ended"),
        current=_int(record.get("current", 0), "current"),
        id=meeting_id,
    )


def question_statuses(notes: Iterable[dict[str, Any]], meetings: Iterable[dict[str, Any]]) -> dict[str, QuestionStatus]:
    """Status of every question that has any, from the stored records (read without building objects).

    A question is discussed on the day a note on it was written, and on the day of an ended
    meeting where it was on screen.
    """
    counts: dict[str, int] = {}
    last: dict[str, date] = {}

    def seen(question_id: str, day: date) -> None:
        if question_id not in last or day > last[question_id]:
            last[question_id] = day

    for note in notes:
        question_id = note.get("question_id")
        created = note.get("created")
        if not isinstance(question_id, str) or not isinstance(created, str):
            continue
        counts[question_id] = counts.get(question_id, 0) + 1
        seen(question_id, date.fromisoformat(created[:10]))
    for meeting in meetings:
        start = meeting.get("start")
        if not meeting.get("ended") or not isinstance(start, str):
            continue
        day = date.fromisoformat(start[:10])
        for item in meeting.get("agenda", []):
            if isinstance(item, dict) and item.get("visited") and isinstance(item.get("question_id"), str):
                seen(item["question_id"], day)
    return {
        question_id: QuestionStatus(last.get(question_id), counts.get(question_id, 0))
        for question_id in set(counts) | set(last)
    }


def suggest(
    questions: Iterable[tuple[str, str]], statuses: dict[str, QuestionStatus], logged_measures: set[str]
) -> list[str]:
    """Question ids in the order a meeting should take them up.

    `questions` are (question id, document id) pairs in guidance order. Never-discussed
    questions come first, then the longest since last discussed; within each, questions of
    measures the school logs sessions for come before the rest.
    """
    ranked = []
    for order, (question_id, document_id) in enumerate(questions):
        status = statuses.get(question_id)
        last = status.last_discussed if status else None
        ranked.append((last is not None, last or date.min, document_id not in logged_measures, order, question_id))
    return [question_id for *_, question_id in sorted(ranked)]
