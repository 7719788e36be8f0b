"""Provides the export formats: lossless JSON, a spreadsheet CSV and a readable Markdown document."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from relasjon_tui.dates import format_datetime
from relasjon_tui.fsutil import write_private_atomic
from relasjon_tui.records.mentions import substitute
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.reflection import Meeting, QuestionNote
from relasjon_tui.strings import t
from relasjon_tui.textsafe import visible

CSV_COLUMNS = (
    "id", "subject", "subject_kind", "measure_title", "measure", "date", "time", "minutes", "activity", "note",
    "positive", "pupil_words", "next_step", "author", "created", "updated", "revisions",
)  # fmt: skip
# Excel and LibreOffice in a Norwegian locale read these as a date, a time and a date with time.
_CSV_DATE = "%d.%m.%Y"
_CSV_TIME = "%H:%M"
_CSV_STAMP = "%d.%m.%Y %H:%M"
# A cell starting with one of these is a formula to a spreadsheet, also after leading
# whitespace (« =1+1»); user text must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# orjson escapes C0 controls as JSON requires, but writes DEL, C1 controls (U+009B is CSI),
# bidi overrides and line separators raw. They only ever occur inside JSON strings, where a
# \uXXXX escape means the very same character: the dump still loads to exactly the same text.
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def write_export(path: Path, data: bytes) -> None:
    """Write an export as privately as the data file: 0600, atomically, never through a symlink."""
    write_private_atomic(path, data)


def to_json(dump: Mapping[str, Any]) -> bytes:
    """The complete dump, indented, with non-ASCII letters kept as they are and every control
    character escaped, so the file can be shown in a terminal without driving it."""
    encoded = orjson.dumps(dump, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    text = encoded.decode("utf-8")
    escaped = _JSON_RAW_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return escaped.encode("utf-8") if escaped is not text else encoded


def _cell(value: Any) -> str:
    text = visible("" if value is None else str(value))
    return "'" + text if text.lstrip().startswith(_FORMULA_START) or text.startswith(_FORMULA_START) else text


def _local(moment: datetime | None, form: str) -> str:
    return moment.astimezone().strftime(form) if moment is not None else ""


def to_csv(logs: Sequence[SessionLog], titles: Mapping[str, str] | None = None) -> bytes:
    """One row per log, UTF-8 with BOM and semicolons, as Norwegian spreadsheets expect.

    Times are local, as dates and times a spreadsheet reads as such (never ISO text with an
    offset); the measure is given by name (`titles`) as well as by id; minutes are numbers.
    """
    titles = titles or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"csv_{column}") for column in CSV_COLUMNS])
    for log in sorted(logs, key=lambda log: (log.start, log.id or 0)):
        values = {
            "id": log.id,
            "subject": log.subject,
            "subject_kind": log.subject_kind,
            "measure_title": titles.get(log.measure, log.measure),
            "measure": log.measure,
            "date": _local(log.start, _CSV_DATE),
            "time": _local(log.start, _CSV_TIME),
            "minutes": log.minutes,
            "activity": log.activity,
            "note": log.note,
            "positive": log.positive,
            "pupil_words": log.pupil_words,
            "next_step": log.next_step,
            "author": log.author,
            "created": _local(log.created, _CSV_STAMP),
            "updated": _local(log.updated, _CSV_STAMP),
            "revisions": len(log.revisions),
        }
        writer.writerow([_cell(values[column]) for column in CSV_COLUMNS])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _quoted(text: str) -> list[str]:
    # User text goes in a block quote line by line, so it can never become a heading or a list.
    return [f"> {line}" if line else ">" for line in text.splitlines()] or [">"]


_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_{}[]()#+-.!|<>"})


def md_inline(text: str) -> str:
    """User text on one line of Markdown: every character that could become markup is escaped."""
    return " ".join(text.split()).translate(_MARKDOWN_SPECIAL)


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def meeting_to_markdown(
    meeting: Meeting, notes: Mapping[str, Sequence[QuestionNote]], questions: Mapping[str, tuple[str, str]]
) -> str:
    """The meeting as a document: title, date, who was there, each question with its notes.

    `questions` gives, per question id, a context line (measure and audience) and the text.
    """
    lines = [f"# {md_inline(meeting.title)}", ""]
    lines.append(
        t(
            "md_meeting_head",
            when=format_datetime(meeting.start),
            attendees=md_inline(meeting.attendees) or "–",
            used=_clock(meeting.seconds_used),
            planned=meeting.planned_minutes,
        )
    )
    lines.append("")
    if meeting.ended is None:
        lines += [t("md_meeting_open"), ""]
    else:
        lines += [t("md_meeting_ended", when=format_datetime(meeting.ended)), ""]
    for number, item in enumerate(meeting.agenda, start=1):
        context, text = questions.get(item.question_id, ("", item.question_id))
        lines += [f"## {number}. {md_inline(text)}", ""]
        facts = [md_inline(context)] if context else []
        facts.append(t("md_meeting_item_time", used=_clock(item.seconds_used), planned=item.minutes))
        if not item.visited:
            facts.append(t("md_meeting_not_reached"))
        lines += [" · ".join(facts), ""]
        written = sorted(notes.get(item.question_id, ()), key=lambda note: (note.created, note.id or 0))
        if not written:
            lines += [t("md_meeting_no_notes"), ""]
        for note in written:
            lines += [*_quoted(note.text), ""]
            when = format_datetime(note.updated or note.created)
            lines += [t("md_note_byline", author=md_inline(note.author) or "?", when=when), ""]
    return visible("\n".join(lines).rstrip() + "\n")


def to_markdown(logs: Sequence[SessionLog], measure_titles: Mapping[str, str]) -> str:
    """A chronological document per subject."""
    lines = [f"# {t('md_title')}", ""]
    by_subject: dict[str, list[SessionLog]] = {}
    for log in logs:
        by_subject.setdefault(log.subject, []).append(log)
    if not by_subject:
        lines.append(t("md_empty"))
    for subject in sorted(by_subject, key=str.casefold):
        entries = sorted(by_subject[subject], key=lambda log: (log.start, log.id or 0))
        total = sum(log.minutes for log in entries)
        lines += [f"## {subject}", "", t("md_summary", count=len(entries), minutes=total), ""]
        for log in entries:
            title = measure_titles.get(log.measure, log.measure)
            lines += [f"### {format_datetime(log.start)} – {title}, {log.minutes} min", ""]
            lines.append(t("md_byline", author=log.author or "?", id=log.id))
            lines.append("")
            for name in ("activity", "note", "positive", "pupil_words", "next_step"):
                value = getattr(log, name)
                if value:
                    lines += [f"**{t(f'field_{name}').capitalize()}:**", "", *_quoted(value), ""]
            if log.revisions:
                lines += [t("md_revisions", count=len(log.revisions)), ""]
    return visible("\n".join(lines).rstrip() + "\n")


def pseudonyms(codes: Sequence[str]) -> dict[str, str]:
    """A neutral label for each code, in the order given: «Elev A», «Elev B» …"""
    labels = {}
    for number, code in enumerate(codes):
        letters = ""
        n = number
        while True:
            letters = chr(ord("A") + n % 26) + letters
            n = n // 26 - 1
            if n < 0:
                break
        labels[code] = t("md_pseudonym", letters=letters)
    return labels


class Pseudonymiser:
    """Replaces every code of the store in a text by a neutral label (see `records.mentions`).

    The case's own codes get «Elev A», «Elev B» … in the case's order; any other code of the
    store gets the next label where the export first meets it, so labels follow the document,
    never an order (such as the alphabet) that could be undone. No key is kept or written.
    """

    def __init__(self, subjects: Sequence[str], other_codes: Iterable[str] = ()) -> None:
        self.labels = pseudonyms(subjects)
        self.codes = [*subjects, *(code for code in other_codes if code not in self.labels)]

    def _label(self, code: str) -> str:
        if code not in self.labels:
            self.labels[code] = pseudonyms([*self.labels, code])[code]
        return self.labels[code]

    def __call__(self, text: str) -> str:
        return substitute(text, self.codes, self._label)
