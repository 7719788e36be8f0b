"""Provides cases: the written plan opplæringslova § 12-4 asks for, its evaluations, and its progress.

A plan is complete when it says what problem the measures are to solve, which measures,
when they are carried out, who carries them out and when they are evaluated.

How sessions are counted (progress arithmetic), by the school calendar (`calendar.py`):
- daily: one session per school day (Monday to Friday, not a public holiday, not in one of
  the school's holiday periods) from the start to the end day, both included.
- weekly: `per_week` sessions for every started seven days from the start day (a period of
  10 days is two weeks) that has at least one school day.
Proposed evaluation days that fall on a day off move to the next school day.
A session log counts for a planned measure when its pupil or group is one of the case's
codes, its measure is the planned one, and it started on a day inside the period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

from relasjon_tui.records.calendar import SchoolCalendar, school_calendar
from relasjon_tui.records.model import (
    NOTE_LIMIT,
    Revision,
    ValidationError,
    revisions_from_record,
    revisions_to_record,
    storable,
)
from relasjon_tui.strings import t

Frequency = Literal["daglig", "ukentlig"]
FREQUENCIES: tuple[Frequency, ...] = ("daglig", "ukentlig")
ConsentStatus = Literal["ikke-spurt", "venter", "gitt", "avslatt"]
CONSENT_STATUSES: tuple[ConsentStatus, ...] = ("ikke-spurt", "venter", "gitt", "avslatt")
Decision = Literal["fortsette", "justere", "avslutte"]
DECISIONS: tuple[Decision, ...] = ("fortsette", "justere", "avslutte")
EntryKind = Literal["elev-hort", "andre-hort", "fulgt-med", "grepet-inn", "varslet", "undersokt", "tiltak"]
ENTRY_KINDS: tuple[EntryKind, ...] = (
    "elev-hort", "andre-hort", "fulgt-med", "grepet-inn", "varslet", "undersokt", "tiltak",
)  # fmt: skip
"""What a dated entry records: the pupil heard, other pupils directly affected heard (§§ 10-1,
10-2), and the sub-duties of the activity duty (§ 12-4: følge med, gripe inn, varsle, undersøke,
sette inn tiltak)."""
VOICE_KINDS: tuple[EntryKind, ...] = ("elev-hort", "andre-hort")
REQUIRED = ("problem", "tiltak", "nar", "hvem", "evaluering")
"""The five items § 12-4 requires, in the order the law lists them."""
DEFAULT_EVALUATION_WEEKS = (1, 2, 4)


@dataclass(frozen=True, slots=True)
class PlannedMeasure:
    """One measure of a plan: a measure of the guidance (`measure`), or a local one (`local_title`)."""

    measure: str = ""
    local_title: str = ""
    start: date | None = None
    end: date | None = None
    frequency: Frequency = "ukentlig"
    per_week: int = 1
    """For weekly measures: sessions per week."""
    minutes: int = 15
    carried_out_by: str = ""
    """Who carries the measure out: the fourth item of § 12-4 («kven som skal gjennomføre tiltaka»)."""
    responsible: str = ""
    """Who is responsible for it, where that is someone else (optional)."""
    consent_pupil: ConsentStatus = "ikke-spurt"
    consent_parents: ConsentStatus = "ikke-spurt"

    @property
    def is_local(self) -> bool:
        return not self.measure

    def active_on(self, day: date) -> bool:
        return self.start is not None and self.end is not None and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A dated look at how the measures work, and what happens next."""

    day: date
    worked: str
    not_worked: str
    pupil_experience: str
    decision: Decision
    author: str = ""
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class CaseEntry:
    """A dated entry in the case: when and how a pupil was heard, or what the school did under one
    of the sub-duties of the activity duty."""

    day: date
    kind: EntryKind
    text: str
    """What was done or said, and how (for a hearing: how the pupil was heard, and what they said)."""
    author: str = ""
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A pupil, or a group or situation linking several codes, and the plan for them."""

    title: str
    subjects: tuple[str, ...]
    problem: str = ""
    measures: tuple[PlannedMeasure, ...] = ()
    evaluation_dates: tuple[date, ...] = ()
    pupil_view: str = ""
    best_interests: str = ""
    evaluations: tuple[Evaluation, ...] = ()
    entries: tuple[CaseEntry, ...] = ()
    """Dated entries: hearings and the activity duty's steps, in the order they were written."""
    author: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    closed: datetime | None = None
    archived: date | None = None
    """When the case was handed to the archive (the municipality's records system)."""
    archive_ref: str = ""
    """The archive's reference: journalpost or saksnummer."""
    id: int | None = None
    revisions: tuple[Revision, ...] = field(default=())

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def edited(self, now: datetime, author: str, **changes: Any) -> Case:
        """A new version; what the plan said before (its texts, measures and evaluation days) is
        kept as a revision, so the case shows every change to the plan with who and when."""
        old = {
            name: _plan_value(name, getattr(self, name))
            for name in PLAN_FIELDS
            if name in changes and changes[name] != getattr(self, name)
        }
        revisions = self.revisions
        if old:
            revisions = (
                *revisions,
                Revision(self.updated or self.created or now, self.author, old, replaced=now, replaced_by=author),
            )
        return replace(self, **changes, updated=now, author=author, revisions=revisions)


PLAN_FIELDS = ("title", "problem", "measures", "evaluation_dates", "pupil_view", "best_interests")
"""The fields whose earlier values a revision keeps."""


def _plan_value(name: str, value: Any) -> Any:
    # The stored form, so a revision is plain JSON like the record it belongs to.
    if name == "measures":
        return [_measure_to_record(m) for m in value]
    if name == "evaluation_dates":
        return [day.isoformat() for day in value]
    return value


def missing_voice(case: Case) -> list[str]:
    """Where the pupil's voice is missing: «plan» when the pupil has not been heard (no hearing
    entry and no pupil's view written), and «evaluation:<day>» for each evaluation without the
    pupil's own experience."""
    missing = []
    if not case.pupil_view.strip() and not any(e.kind == "elev-hort" for e in case.entries):
        missing.append("plan")
    missing += [f"evaluation:{e.day.isoformat()}" for e in case.evaluations if not e.pupil_experience.strip()]
    return missing


def is_mine(case: Case, me: str) -> bool:
    """A case `me` works on: wrote it or last changed it, carries out or is responsible for one of
    its measures, or wrote one of its evaluations or entries."""
    people = {case.author, *(r.author for r in case.revisions[:1])}
    people |= {m.carried_out_by for m in case.measures} | {m.responsible for m in case.measures}
    people |= {e.author for e in case.evaluations} | {e.author for e in case.entries}
    return me in people


def needs_archiving(case: Case) -> bool:
    """A closed case the archive has not yet received."""
    return case.closed is not None and case.archived is None


def consent_not_given(
    cases: Iterable[Case], code: str, measure: str, parties: Iterable[str]
) -> list[tuple[Case, PlannedMeasure]]:
    """The open cases about `code` that plan `measure` without every consent the guidance asks for.

    `parties` are those the guidance asks (`elev`, `foreldre`); a session logged for such a
    measure is warned about first (the guidance requires consent for Elevgrupper).
    """
    wanted = set(parties)
    found: list[tuple[Case, PlannedMeasure]] = []
    for case in cases:
        if case.closed is not None or code not in case.subjects:
            continue
        for planned in case.measures:
            if planned.measure != measure:
                continue
            if ("elev" in wanted and planned.consent_pupil != "gitt") or (
                "foreldre" in wanted and planned.consent_parents != "gitt"
            ):
                found.append((case, planned))
    return found


def missing_items(case: Case) -> list[str]:
    """The required items (keys of REQUIRED) the plan lacks; empty when it is complete."""
    missing = []
    if not case.problem.strip():
        missing.append("problem")
    if not case.measures:
        missing += ["tiltak", "nar", "hvem"]
    else:
        if any(m.start is None or m.end is None for m in case.measures):
            missing.append("nar")
        if any(not m.carried_out_by.strip() for m in case.measures):
            missing.append("hvem")
    if not case.evaluation_dates:
        missing.append("evaluering")
    return missing


def proposed_evaluations(
    start: date, weeks: Iterable[int] = DEFAULT_EVALUATION_WEEKS, calendar: SchoolCalendar | None = None
) -> tuple[date, ...]:
    """Evaluation days a number of weeks after the start (by default 1, 2 and 4), each moved to
    the next school day when it falls on a day off (a weekend, a public holiday, a holiday week)."""
    calendar = calendar or school_calendar()
    return tuple(sorted({calendar.next_school_day(start + timedelta(weeks=w)) for w in weeks if w > 0}))


def propose_measure(measure: str, cadence: Any, start: date) -> PlannedMeasure:
    """A planned measure with the cadence the guidance gives (`cadence` is the content's Cadence).

    The period is the middle of the guidance's span of weeks (forbedre-relasjon: 2 to 4 weeks
    gives 3), daily if the guidance allows daily sessions, and the middle of its minutes.
    """
    weeks = cadence.weeks.middle if cadence.weeks else 4
    frequency: Frequency = "daglig" if "daglig" in cadence.frequencies else "ukentlig"
    minutes = cadence.session_minutes.middle if cadence.session_minutes else 15
    return PlannedMeasure(measure, start=start, end=start + timedelta(weeks=weeks, days=-1),
                          frequency=frequency, minutes=minutes)  # fmt: skip


def planned_sessions(measure: PlannedMeasure, calendar: SchoolCalendar | None = None) -> int:
    """How many sessions the plan asks for over the whole period (see the module's docstring)."""
    if measure.start is None or measure.end is None or measure.end < measure.start:
        return 0
    calendar = calendar or school_calendar()
    if measure.frequency == "daglig":
        return calendar.school_days(measure.start, measure.end)
    weeks = 0
    block = measure.start
    while block <= measure.end:
        if calendar.school_days(block, min(block + timedelta(days=6), measure.end)):
            weeks += 1
        block += timedelta(days=7)
    return weeks * max(1, measure.per_week)


@dataclass(frozen=True, slots=True)
class Progress:
    """Sessions logged against the plan for one planned measure."""

    done: int
    planned: int
    minutes: int
    per_day: tuple[int, ...]
    """Sessions on each day of the period, for a sparkline."""
    last_session: date | None


def progress(
    measure: PlannedMeasure, sessions: Iterable[tuple[date, int]], calendar: SchoolCalendar | None = None
) -> Progress:
    """`sessions` are (day, minutes) of the case's logs of this measure; those outside the period are left out."""
    if measure.start is None or measure.end is None:
        return Progress(0, 0, 0, (), None)
    length = max(0, (measure.end - measure.start).days + 1)
    per_day = [0] * length
    done = minutes = 0
    last = None
    for day, spent in sessions:
        if not measure.start <= day <= measure.end:
            continue
        per_day[(day - measure.start).days] += 1
        done += 1
        minutes += spent
        last = day if last is None or day > last else last
    return Progress(done, planned_sessions(measure, calendar), minutes, tuple(per_day), last)


def overdue_evaluations(case: Case, today: date) -> list[date]:
    """Planned evaluation days that have passed without an evaluation on or after them."""
    latest = max((evaluation.day for evaluation in case.evaluations), default=None)
    return [day for day in case.evaluation_dates if day < today and (latest is None or latest < day)]


def next_evaluation(case: Case, today: date) -> date | None:
    """The evaluation to do next: the oldest overdue one, else the first from today on."""
    overdue = overdue_evaluations(case, today)
    if overdue:
        return overdue[0]
    return next((day for day in sorted(case.evaluation_dates) if day >= today), None)


def sparkline(per_day: Iterable[int]) -> str:
    """Sessions per day as characters: a dot for a day without, higher blocks for more."""
    blocks = " ▂▄▆█"
    return "".join(blocks[min(count, len(blocks) - 1)] if count else "·" for count in per_day)


@dataclass(frozen=True, slots=True)
class Alert:
    """One line of the overview."""

    kind: Literal["forfalt", "ingen-okt", "slutter"]
    case_id: int
    case_title: str
    day: date | None
    measure_index: int | None = None


def overview(
    cases: Iterable[Case],
    sessions: Mapping[tuple[str, str], list[str]],
    today: date,
    calendar: SchoolCalendar | None = None,
) -> list[Alert]:
    """Overdue evaluations; active measures with no session this week; measures ending within a week.

    `sessions` maps (code, measure) to the ISO days («2026-11-26») of its logs. A week with no
    school day so far (a holiday week) has no «no session this week».
    """
    alerts: list[Alert] = []
    monday = today - timedelta(days=today.weekday())
    school_this_week = (calendar or school_calendar()).school_days(monday, today) > 0
    week_start = monday.isoformat()
    today_iso = today.isoformat()
    for case in cases:
        if not case.is_open or case.id is None:
            continue
        for day in overdue_evaluations(case, today)[:1]:
            alerts.append(Alert("forfalt", case.id, case.title, day))
        for index, measure in enumerate(case.measures):
            if not measure.active_on(today):
                continue
            if not measure.is_local:
                days = [d for code in case.subjects for d in sessions.get((code, measure.measure), ())]
                if school_this_week and not any(week_start <= d <= today_iso for d in days):
                    alerts.append(Alert("ingen-okt", case.id, case.title, None, index))
            if measure.end is not None and measure.end <= today + timedelta(days=7):
                alerts.append(Alert("slutter", case.id, case.title, measure.end, index))
    order = {"forfalt": 0, "ingen-okt": 1, "slutter": 2}
    return sorted(alerts, key=lambda a: (order[a.kind], a.day or today, a.case_id))


def validate_case(case: Case, measures: Iterable[str]) -> None:
    """Raise ValidationError listing every problem (an incomplete plan is allowed: it is flagged, not refused).

    These are the rules every door uses (`rules.check_case`, on the case's stored form).
    """
    from relasjon_tui.records.rules import Known, check_case

    problems = check_case("", case_to_record(case), Known(measures=frozenset(measures)))
    if problems:
        raise ValidationError(list(dict.fromkeys(problem.message for problem in problems)))


def validate_entry(entry: CaseEntry, now: datetime) -> None:
    """Raise ValidationError if the entry has no text, is too long or unstorable, or lies in the future."""
    problems = []
    if not entry.text.strip():
        problems.append(t("err_entry_empty"))
    elif len(entry.text) > NOTE_LIMIT or not storable(entry.text):
        problems.append(t("err_text_long", field=t("case_form_entry_text"), limit=NOTE_LIMIT))
    if entry.day > now.date():
        problems.append(t("err_entry_future"))
    if problems:
        raise ValidationError(problems)


def validate_evaluation(evaluation: Evaluation) -> None:
    """Raise ValidationError listing every problem with an evaluation."""
    problems: list[str] = []
    texts = (evaluation.worked, evaluation.not_worked, evaluation.pupil_experience)
    if not any(text.strip() for text in texts):
        problems.append(t("err_evaluation_empty"))
    for text in texts:
        if len(text) > NOTE_LIMIT or not storable(text):
            problems.append(t("err_text_long", field=t("case_field_evaluation"), limit=NOTE_LIMIT))
    if evaluation.decision not in DECISIONS:
        problems.append(t("err_evaluation_decision"))
    if problems:
        raise ValidationError(problems)


# Stored form


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("date")
    return date.fromisoformat(value)


def _when(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("time")
    return datetime.fromisoformat(value)


def _str(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key, "")
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def _int(record: Mapping[str, Any], key: str, default: int) -> int:
    value = record.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(key)
    return value


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> Any:
    if value not in allowed:
        raise ValueError(name)
    return value


def _measure_to_record(m: PlannedMeasure) -> dict[str, Any]:
    return {
        "measure": m.measure,
        "local_title": m.local_title,
        "start": m.start.isoformat() if m.start else None,
        "end": m.end.isoformat() if m.end else None,
        "frequency": m.frequency,
        "per_week": m.per_week,
        "minutes": m.minutes,
        "carried_out_by": m.carried_out_by,
        "responsible": m.responsible,
        "consent_pupil": m.consent_pupil,
        "consent_parents": m.consent_parents,
    }


def case_to_record(case: Case) -> dict[str, Any]:
    """The stored form; the id is the table key."""
    return {
        "title": case.title,
        "subjects": list(case.subjects),
        "problem": case.problem,
        "measures": [_measure_to_record(m) for m in case.measures],
        "evaluation_dates": [day.isoformat() for day in case.evaluation_dates],
        "pupil_view": case.pupil_view,
        "best_interests": case.best_interests,
        "evaluations": [
            {
                "day": e.day.isoformat(),
                "worked": e.worked,
                "not_worked": e.not_worked,
                "pupil_experience": e.pupil_experience,
                "decision": e.decision,
                "author": e.author,
                "created": e.created.isoformat() if e.created else None,
            }  # fmt: skip
            for e in case.evaluations
        ],
        "entries": [
            {
                "day": e.day.isoformat(),
                "kind": e.kind,
                "text": e.text,
                "author": e.author,
                "created": e.created.isoformat() if e.created else None,
            }  # fmt: skip
            for e in case.entries
        ],
        "author": case.author,
        "created": case.created.isoformat() if case.created else None,
        "updated": case.updated.isoformat() if case.updated else None,
        "closed": case.closed.isoformat() if case.closed else None,
        "archived": case.archived.isoformat() if case.archived else None,
        "archive_ref": case.archive_ref,
        "revisions": revisions_to_record(case.revisions),
    }


def case_from_record(record: Mapping[str, Any], case_id: int | None = None) -> Case:
    """Read the stored form back; raises KeyError/ValueError/TypeError on a malformed record."""
    subjects = record["subjects"]
    if not isinstance(subjects, list) or not all(isinstance(code, str) for code in subjects):
        raise TypeError("subjects")
    measures = tuple(
        PlannedMeasure(
            measure=_str(m, "measure"),
            local_title=_str(m, "local_title"),
            start=_day(m.get("start")),
            end=_day(m.get("end")),
            frequency=_choice(m.get("frequency", "ukentlig"), FREQUENCIES, "frequency"),
            per_week=_int(m, "per_week", 1),
            minutes=_int(m, "minutes", 15),
            carried_out_by=_str(m, "carried_out_by"),
            responsible=_str(m, "responsible"),
            consent_pupil=_choice(m.get("consent_pupil", "ikke-spurt"), CONSENT_STATUSES, "consent"),
            consent_parents=_choice(m.get("consent_parents", "ikke-spurt"), CONSENT_STATUSES, "consent"),
        )
        for m in record.get("measures", [])
    )
    evaluations = tuple(
        Evaluation(
            day=date.fromisoformat(e["day"]),
            worked=_str(e, "worked"),
            not_worked=_str(e, "not_worked"),
            pupil_experience=_str(e, "pupil_experience"),
            decision=_choice(e.get("decision"), DECISIONS, "decision"),
            author=_str(e, "author"),
            created=_when(e.get("created")),
        )
        for e in record.get("evaluations", [])
    )
    entries = tuple(
        CaseEntry(
            day=date.fromisoformat(e["day"]),
            kind=_choice(e.get("kind"), ENTRY_KINDS, "kind"),
            text=_str(e, "text"),
            author=_str(e, "author"),
            created=_when(e.get("created")),
        )
        for e in record.get("entries", [])
    )
    revisions = revisions_from_record(record)
    return Case(
        title=_str(record, "title"),
        subjects=tuple(subjects),
        problem=_str(record, "problem"),
        measures=measures,
        evaluation_dates=tuple(sorted(date.fromisoformat(d) for d in record.get("evaluation_dates", []))),
        pupil_view=_str(record, "pupil_view"),
        best_interests=_str(record, "best_interests"),
        evaluations=evaluations,
        entries=entries,
        author=_str(record, "author"),
        created=_when(record.get("created")),
        updated=_when(record.get("updated")),
        closed=_when(record.get("closed")),
        archived=_day(record.get("archived")),
        archive_ref=_str(record, "archive_ref"),
        id=case_id,
        revisions=revisions,
    )
