"""Provides the rules every stored record must keep, one set per record kind, for every door.

The app's forms, `relasjon logg`, `relasjon importer`, reading the data file and `relasjon
sjekk` all ask these functions. They are pure: a stored dict (the JSON form of a record) in,
a list of located problems out (table, record id, field, message), nothing raised.

Two sorts of problem: *damage* (a record the app cannot read or would never have written:
wrong types, a code that is not a short code, NUL in a text, a time without a time zone)
and *references* (a measure, question or code this installation does not know). Reading the
data file quarantines damage only, since a school's own content folder may simply not be
given this time; imports and new records refuse both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from relasjon_tui.records.tables import CASES, LOGS, MEETINGS, NOTES, SUBJECTS
from relasjon_tui.strings import t

SUBJECT_RE = re.compile(r"[A-Za-zÆØÅæøåÄÖÜäöü0-9][A-Za-zÆØÅæøåÄÖÜäöü0-9_.-]{0,19}")
CONTENT_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
"""Ids of measures and questions, as the content loader allows them."""
KEY_RE = re.compile(r"[1-9][0-9]{0,8}")
"""A record id: ASCII digits only («²».isdigit() and «١».isdigit() are True), no leading zero."""
SUBJECT_KINDS = ("elev", "gruppe")
MIN_MINUTES, MAX_MINUTES = 1, 240
NOTE_LIMIT = 4000
FIELD_LIMIT = 1000
TITLE_LIMIT = 200
MAX_SUBJECTS = 40
MAX_AGENDA = 30
MIN_ITEM_MINUTES, MAX_ITEM_MINUTES = 1, 120
MAX_LIST = 1000
"""Revisions, evaluations, planned measures, evaluation days: more than this is not a real record."""
MAX_SECONDS = 10**7
YEARS = (1970, 2200)
"""Times outside these years are damage (and would overflow when compared across time zones)."""
LOG_TEXTS = ("activity", "note", "positive", "pupil_words", "next_step")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one record: where (table, record id, field) and what, as a sentence."""

    table: str
    key: str
    field: str
    message: str
    reference: bool = False
    """True when the record only points at something unknown here (not damage)."""

    def line(self) -> str:
        """The problem as one line: «logs 3, feltet minutes: …» (or only the message, for the whole file)."""
        if not self.table:
            return self.message
        where = t("problem_where", table=self.table, id=self.key, field=self.field) if self.field else t(
            "problem_where_record", table=self.table, id=self.key
        )
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Known:
    """What references may point at; None means «do not check this reference»."""

    measures: frozenset[str] | None = None
    questions: frozenset[str] | None = None
    subjects: frozenset[str] | None = None
    meetings: frozenset[str] | None = None


NOTHING_KNOWN = Known()


def valid_key(key: Any) -> bool:
    """True for a record id as the app writes it: «1» … «999999999», ASCII digits only."""
    return isinstance(key, str) and KEY_RE.fullmatch(key) is not None


def storable(text: str) -> bool:
    """False for text with NUL or broken Unicode (a lone surrogate), which is never stored."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text_problem(value: Any, limit: int) -> str | None:
    """The catalogue key of what is wrong with a stored text, or None."""
    if type(value) is not str:
        return "rule_not_text"
    if "\x00" in value or not (value.isascii() or storable(value)):
        return "err_text_unstorable"
    if len(value) > limit:
        return "err_text_long"
    return None


def _time_problem(value: Any) -> str | None:
    """The catalogue key of what is wrong with a stored time (ISO 8601 with an offset), or None."""
    if type(value) is not str or not value.isascii() or len(value) > 40:
        return "rule_not_time"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return "rule_not_time"
    zone = when.tzinfo
    # fromisoformat gives a fixed offset (datetime.timezone), which always has one: asking is
    # skipped for it, since every log has three times and a file may have 100 000 logs.
    if zone is None or (type(zone) is not timezone and when.utcoffset() is None):
        return "err_time_naive"
    if not YEARS[0] <= when.year <= YEARS[1]:
        return "rule_year"
    return None


_REVISION_KEYS = {"saved", "author", "values"}
_REPLACED_KEYS = {"replaced", "replaced_by"}

_LOG_FIELDS = frozenset(
    (*LOG_TEXTS, "subject", "subject_kind", "measure", "start", "minutes", "author", "created", "updated", "revisions")
)
_LOG_REQUIRED = ("subject", "measure", "start", "minutes")


def _log_plainly_valid(record: Mapping[str, Any]) -> bool:
    """True when a log without revisions passes every check of `check_log` (no references
    asked): the same conditions, without building messages. Reading a file of 50 000 logs
    asks this for each, so it must be quick; anything else gets the full check."""
    if not record.keys() <= _LOG_FIELDS or record.get("revisions", []) != []:
        return False
    subject, measure, minutes = record.get("subject"), record.get("measure"), record.get("minutes")
    if type(subject) is not str or SUBJECT_RE.fullmatch(subject) is None:
        return False
    if type(measure) is not str or CONTENT_ID_RE.fullmatch(measure) is None:
        return False
    if type(minutes) is not int or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        return False
    start = record.get("start")
    if record.get("subject_kind", "elev") not in SUBJECT_KINDS or _time_problem(start) is not None:
        return False
    seen = start
    for name in ("created", "updated"):
        value = record.get(name)
        if value is not None and value != seen and _time_problem(value) is not None:
            return False
        seen = value if value is not None else seen
    for name in LOG_TEXTS:
        value = record.get(name, "")
        if value != "" and _text_problem(value, NOTE_LIMIT if name == "note" else FIELD_LIMIT) is not None:
            return False
    return _text_problem(record.get("author", ""), FIELD_LIMIT) is None


class _Checker:
    """Collects the problems of one record; each check names its field."""

    def __init__(self, table: str, key: str, record: Mapping[str, Any], known: Known) -> None:
        self.table, self.key, self.record, self.known = table, key, record, known
        self.problems: list[Problem] = []

    def bad(self, field: str, message: str, *, reference: bool = False) -> None:
        self.problems.append(Problem(self.table, self.key, field, message, reference))

    def fields(self, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
        allowed = set(allowed)
        for name in self.record:
            if name not in allowed:
                self.bad(str(name), t("rule_unknown_field"))
        for name in required:
            if name not in self.record:
                self.bad(name, t("rule_missing"))

    def text(
        self, field: str, value: Any, limit: int, label: str | None = None, *, required: bool = False,
        empty: str | None = None,
    ) -> None:
        problem = _text_problem(value, limit)
        if problem is None and not (required and not value.strip()):
            return
        label = label or field
        if problem == "rule_not_text":
            self.bad(field, t("rule_not_text"))
        elif problem == "err_text_unstorable":
            self.bad(field, t("err_text_unstorable", field=label))
        elif problem == "err_text_long":
            self.bad(field, t("err_text_long", field=label, limit=limit))
        else:
            self.bad(field, empty or t("rule_empty"))

    def code(self, field: str, value: Any) -> bool:
        if not isinstance(value, str) or not value.strip():
            self.bad(field, t("err_subject_empty"))
            return False
        if not SUBJECT_RE.fullmatch(value):
            self.bad(field, t("err_subject_form", subject=value))
            return False
        return True

    def subject_known(self, field: str, code: str) -> None:
        if self.known.subjects is not None and code not in self.known.subjects:
            self.bad(field, t("rule_unknown_subject", code=code), reference=True)

    def integer(self, field: str, value: Any, low: int, high: int, message: str | None = None) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            self.bad(field, t("rule_not_number"))
        elif not low <= value <= high:
            self.bad(field, message or t("rule_range", low=low, high=high, value=value))

    def time(self, field: str, value: Any, *, optional: bool = True) -> None:
        if value is None and optional:
            return
        problem = _time_problem(value)
        if problem == "rule_year":
            self.bad(field, t("rule_year", low=YEARS[0], high=YEARS[1]))
        elif problem:
            self.bad(field, t(problem))

    def day(self, field: str, value: Any, *, optional: bool = True) -> date | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.isascii() or len(value) != 10:
            self.bad(field, t("rule_not_date"))
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.bad(field, t("rule_not_date"))
            return None
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.bad(field, t("rule_year", low=YEARS[0], high=YEARS[1]))
            return None
        return day

    def content_id(self, field: str, value: Any, known: frozenset[str] | None, kind: str) -> None:
        if not isinstance(value, str) or not CONTENT_ID_RE.fullmatch(value):
            self.bad(field, t("rule_not_id", value=str(value)[:60]))
        elif known is not None and value not in known:
            if kind == "measure":
                self.bad(field, t("err_measure_unknown", measure=value, known=", ".join(sorted(known))), reference=True)
            else:
                self.bad(field, t("err_question_unknown", question=value), reference=True)

    def choice(self, field: str, value: Any, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            self.bad(field, t("rule_choice", allowed=", ".join(allowed)))

    def items(self, field: str, value: Any, limit: int = MAX_LIST, too_many: str | None = None) -> list[Any]:
        if not isinstance(value, list):
            self.bad(field, t("rule_not_list"))
            return []
        if len(value) > limit:
            self.bad(field, too_many or t("rule_too_many", limit=limit))
            return []
        return value

    def revisions(self, value: Any) -> None:
        for number, revision in enumerate(self.items("revisions", value)):
            where = f"revisions[{number}]"
            # When and by whom the text was replaced were added later: optional, together.
            keys = set(revision) if isinstance(revision, dict) else set()
            if not isinstance(revision, dict) or keys not in (_REVISION_KEYS, _REVISION_KEYS | _REPLACED_KEYS):
                self.bad(where, t("rule_bad_part"))
                continue
            self.time(f"{where}.saved", revision["saved"], optional=False)
            self.text(f"{where}.author", revision["author"], FIELD_LIMIT)
            if "replaced" in revision:
                self.time(f"{where}.replaced", revision["replaced"], optional=False)
                self.text(f"{where}.replaced_by", revision["replaced_by"], FIELD_LIMIT)
            values = revision["values"]
            if not isinstance(values, dict) or len(values) > 50:
                self.bad(f"{where}.values", t("rule_bad_part"))
                continue
            for name, old in values.items():
                self._old_value(f"{where}.values.{name}", old)

    def _old_value(self, field: str, old: Any) -> None:
        # An earlier text, number or choice; a case's earlier measures are a list of parts.
        if old is None or isinstance(old, int | float) and not isinstance(old, bool):
            return
        if isinstance(old, list):
            for number, item in enumerate(self.items(field, old)):
                if isinstance(item, dict):
                    for key, value in item.items():
                        self._old_value(f"{field}[{number}].{key}", value)
                else:
                    self._old_value(f"{field}[{number}]", item)
            return
        self.text(field, old, NOTE_LIMIT)


def check_subject(key: str, record: Mapping[str, Any], known: Known = NOTHING_KNOWN) -> list[Problem]:
    """A pupil or group: its short code, its kind, when it was first seen."""
    c = _Checker(SUBJECTS, key, record, known)
    c.fields(("code", "kind", "created"), ("code",))
    if "code" in record:
        c.code("code", record["code"])
    c.choice("kind", record.get("kind", "elev"), SUBJECT_KINDS)
    c.time("created", record.get("created"))
    return c.problems


def check_log(key: str, record: Mapping[str, Any], known: Known = NOTHING_KNOWN) -> list[Problem]:
    """A session log. The order of the checks is the order a form shows its messages in."""
    if known is NOTHING_KNOWN and _log_plainly_valid(record):
        return []
    c = _Checker(LOGS, key, record, known)
    c.fields(_LOG_FIELDS, _LOG_REQUIRED)
    subject = record.get("subject")
    if "subject" in record and c.code("subject", subject) and isinstance(subject, str):
        c.subject_known("subject", subject)
    kind = record.get("subject_kind", "elev")
    if kind not in SUBJECT_KINDS:
        c.bad("subject_kind", t("err_subject_kind", kind=kind))
    if "measure" in record:
        c.content_id("measure", record["measure"], known.measures, "measure")
    if "minutes" in record:
        minutes = record["minutes"]
        if type(minutes) is int and not MIN_MINUTES <= minutes <= MAX_MINUTES:
            c.bad("minutes", t("err_minutes", minutes=minutes, low=MIN_MINUTES, high=MAX_MINUTES))
        else:
            c.integer("minutes", minutes, MIN_MINUTES, MAX_MINUTES)
    if "start" in record:
        c.time("start", record["start"], optional=False)
    for name in (*LOG_TEXTS, "author"):
        value, limit = record.get(name, ""), NOTE_LIMIT if name == "note" else FIELD_LIMIT
        if _text_problem(value, limit) is not None:
            c.text(name, value, limit, t(f"field_{name}"))
    c.time("created", record.get("created"))
    c.time("updated", record.get("updated"))
    c.revisions(record.get("revisions", []))
    return c.problems


def check_note(key: str, record: Mapping[str, Any], known: Known = NOTHING_KNOWN) -> list[Problem]:
    """A note on a question, on its own or written in a meeting."""
    c = _Checker(NOTES, key, record, known)
    c.fields(("question_id", "text", "author", "created", "updated", "meeting_id", "revisions"),
             ("question_id", "text", "created"))  # fmt: skip
    if "question_id" in record:
        c.content_id("question_id", record["question_id"], known.questions, "question")
    if "text" in record:
        c.text("text", record["text"], NOTE_LIMIT, t("field_note"), required=True, empty=t("err_note_empty"))
    c.text("author", record.get("author", ""), FIELD_LIMIT)
    if "created" in record:
        c.time("created", record["created"], optional=False)
    c.time("updated", record.get("updated"))
    meeting = record.get("meeting_id")
    if meeting is not None:
        c.integer("meeting_id", meeting, 1, 999_999_999)
        if known.meetings is not None and str(meeting) not in known.meetings:
            c.bad("meeting_id", t("rule_unknown_meeting", meeting=meeting), reference=True)
    c.revisions(record.get("revisions", []))
    return c.problems


def check_meeting(key: str, record: Mapping[str, Any], known: Known = NOTHING_KNOWN) -> list[Problem]:
    """A team meeting: title, time, who was there, its agenda and where it was."""
    c = _Checker(MEETINGS, key, record, known)
    c.fields(("title", "start", "attendees", "agenda", "author", "created", "ended", "current"),
             ("title", "start", "agenda"))  # fmt: skip
    if "title" in record:
        c.text("title", record["title"], TITLE_LIMIT, t("meeting_field_title"), required=True,
               empty=t("err_meeting_title"))
    c.text("attendees", record.get("attendees", ""), TITLE_LIMIT, t("meeting_field_attendees"))
    if "start" in record:
        c.time("start", record["start"], optional=False)
    c.text("author", record.get("author", ""), FIELD_LIMIT)
    c.time("created", record.get("created"))
    c.time("ended", record.get("ended"))
    agenda = []
    if "agenda" in record:
        agenda = c.items("agenda", record["agenda"], MAX_AGENDA, t("err_agenda_long", limit=MAX_AGENDA))
    if "agenda" in record and isinstance(record["agenda"], list) and not record["agenda"]:
        c.bad("agenda", t("err_agenda_empty"))
    seen: set[Any] = set()
    for number, item in enumerate(agenda):
        where = f"agenda[{number}]"
        if not isinstance(item, dict) or not set(item) <= {"question_id", "minutes", "seconds_used", "visited"}:
            c.bad(where, t("rule_bad_part"))
            continue
        question = item.get("question_id")
        c.content_id(f"{where}.question_id", question, known.questions, "question")
        if isinstance(question, str) and question in seen:
            c.bad(f"{where}.question_id", t("err_agenda_twice", question=question))
        seen.add(question if isinstance(question, str) else None)
        c.integer(f"{where}.minutes", item.get("minutes"), MIN_ITEM_MINUTES, MAX_ITEM_MINUTES,
                  t("err_item_minutes", low=MIN_ITEM_MINUTES, high=MAX_ITEM_MINUTES))
        c.integer(f"{where}.seconds_used", item.get("seconds_used", 0), 0, MAX_SECONDS)
        if not isinstance(item.get("visited", False), bool):
            c.bad(f"{where}.visited", t("rule_not_bool"))
    c.integer("current", record.get("current", 0), 0, max(0, len(agenda) - 1), t("err_agenda_current"))
    return c.problems


_CASE_FIELDS = (
    "title", "subjects", "problem", "measures", "evaluation_dates", "pupil_view", "best_interests",
    "evaluations", "entries", "author", "created", "updated", "closed", "archived", "archive_ref", "revisions",
)  # fmt: skip
_ENTRY_FIELDS = ("day", "kind", "text", "author", "created")
_MEASURE_FIELDS = (
    "measure", "local_title", "start", "end", "frequency", "per_week", "minutes", "carried_out_by", "responsible",
    "consent_pupil", "consent_parents",
)  # fmt: skip
_EVALUATION_FIELDS = ("day", "worked", "not_worked", "pupil_experience", "decision", "author", "created")


def check_case(key: str, record: Mapping[str, Any], known: Known = NOTHING_KNOWN) -> list[Problem]:
    """A case: its codes, its plan (planned measures, evaluation days), its evaluations."""
    from relasjon_tui.records.cases import CONSENT_STATUSES, DECISIONS, ENTRY_KINDS, FREQUENCIES

    c = _Checker(CASES, key, record, known)
    c.fields(_CASE_FIELDS, ("title", "subjects"))
    if "title" in record:
        c.text("title", record["title"], FIELD_LIMIT, t("case_field_title"), required=True, empty=t("err_case_title"))
    if "subjects" in record:
        too_many = t("err_case_many_subjects", limit=MAX_SUBJECTS)
        subjects = c.items("subjects", record["subjects"], MAX_SUBJECTS, too_many)
        if isinstance(record["subjects"], list) and not record["subjects"]:
            c.bad("subjects", t("err_case_subjects"))
        for number, code in enumerate(subjects):
            if c.code(f"subjects[{number}]", code):
                c.subject_known(f"subjects[{number}]", code)
    for name in ("problem", "pupil_view", "best_interests"):
        c.text(name, record.get(name, ""), NOTE_LIMIT, t(f"case_field_{name}"))
    c.text("author", record.get("author", ""), FIELD_LIMIT)
    for name in ("created", "updated", "closed"):
        c.time(name, record.get(name))
    for number, measure in enumerate(c.items("measures", record.get("measures", []))):
        where = f"measures[{number}]"
        if not isinstance(measure, dict) or not set(measure) <= set(_MEASURE_FIELDS):
            c.bad(where, t("rule_bad_part"))
            continue
        local = measure.get("local_title", "")
        c.text(f"{where}.local_title", local, FIELD_LIMIT)
        c.text(f"{where}.carried_out_by", measure.get("carried_out_by", ""), FIELD_LIMIT)
        c.text(f"{where}.responsible", measure.get("responsible", ""), FIELD_LIMIT)
        guided = measure.get("measure", "")
        if guided == "":
            if not isinstance(local, str) or not local.strip():
                c.bad(f"{where}.local_title", t("err_case_measure_name", number=number + 1))
        else:
            c.content_id(f"{where}.measure", guided, known.measures, "measure")
        start = c.day(f"{where}.start", measure.get("start"))
        end = c.day(f"{where}.end", measure.get("end"))
        if start and end and end < start:
            c.bad(f"{where}.end", t("err_case_period", number=number + 1))
        c.choice(f"{where}.frequency", measure.get("frequency", "ukentlig"), FREQUENCIES)
        c.integer(f"{where}.per_week", measure.get("per_week", 1), 1, 10, t("err_case_per_week", number=number + 1))
        minutes = measure.get("minutes", 15)
        c.integer(f"{where}.minutes", minutes, MIN_MINUTES, MAX_MINUTES,
                  t("err_minutes", minutes=minutes, low=MIN_MINUTES, high=MAX_MINUTES))
        for name in ("consent_pupil", "consent_parents"):
            c.choice(f"{where}.{name}", measure.get(name, "ikke-spurt"), CONSENT_STATUSES)
    for number, day in enumerate(c.items("evaluation_dates", record.get("evaluation_dates", []))):
        c.day(f"evaluation_dates[{number}]", day, optional=False)
    for number, evaluation in enumerate(c.items("evaluations", record.get("evaluations", []))):
        where = f"evaluations[{number}]"
        if not isinstance(evaluation, dict) or not set(evaluation) <= set(_EVALUATION_FIELDS):
            c.bad(where, t("rule_bad_part"))
            continue
        c.day(f"{where}.day", evaluation.get("day"), optional=False)
        for name in ("worked", "not_worked", "pupil_experience"):
            c.text(f"{where}.{name}", evaluation.get(name, ""), NOTE_LIMIT)
        c.text(f"{where}.author", evaluation.get("author", ""), FIELD_LIMIT)
        c.choice(f"{where}.decision", evaluation.get("decision"), DECISIONS)
        c.time(f"{where}.created", evaluation.get("created"))
    for number, entry in enumerate(c.items("entries", record.get("entries", []))):
        where = f"entries[{number}]"
        if not isinstance(entry, dict) or not set(entry) <= set(_ENTRY_FIELDS):
            c.bad(where, t("rule_bad_part"))
            continue
        c.day(f"{where}.day", entry.get("day"), optional=False)
        c.choice(f"{where}.kind", entry.get("kind"), ENTRY_KINDS)
        c.text(f"{where}.text", entry.get("text", ""), NOTE_LIMIT)
        c.text(f"{where}.author", entry.get("author", ""), FIELD_LIMIT)
        c.time(f"{where}.created", entry.get("created"))
    c.day("archived", record.get("archived"))
    c.text("archive_ref", record.get("archive_ref", ""), FIELD_LIMIT)
    c.revisions(record.get("revisions", []))
    return c.problems


def is_damaged(problems: Iterable[Problem]) -> bool:
    """True when any problem is damage rather than an unknown reference."""
    return any(not problem.reference for problem in problems)
