"""Provides the session log record, its validation and its stored form."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Literal

from relasjon_tui.dates import format_datetime
from relasjon_tui.records.rules import (  # noqa: F401 - the limits are used from here too
    FIELD_LIMIT,
    LOG_TEXTS,
    MAX_MINUTES,
    MIN_MINUTES,
    NOTE_LIMIT,
    SUBJECT_RE,
    Known,
    check_log,
    storable,
)
from relasjon_tui.strings import t

SubjectKind = Literal["elev", "gruppe"]
SUBJECT_KINDS: tuple[SubjectKind, ...] = ("elev", "gruppe")

# The limits and the short-code pattern live with the rules every door uses (records/rules.py).
TEXT_FIELDS = LOG_TEXTS


class ValidationError(ValueError):
    """One or more problems with a record, each a full Norwegian sentence."""

    def __init__(self, problems: list[str], *, future: bool = False) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.future = future
        """True when one problem is a time in the future, which the user may confirm."""


@dataclass(frozen=True, slots=True)
class Revision:
    """An earlier version of a record's text fields, kept when the record is edited."""

    saved: datetime
    """When the earlier text was written."""
    author: str
    """Who wrote the earlier text."""
    values: dict[str, Any]
    replaced: datetime | None = None
    """When it was replaced (None in files from before this was kept)."""
    replaced_by: str = ""
    """Who replaced it."""


@dataclass(frozen=True, slots=True)
class SessionLog:
    """One short session of a measure with a pupil or a group."""

    subject: str
    measure: str
    start: datetime
    minutes: int
    subject_kind: SubjectKind = "elev"
    activity: str = ""
    note: str = ""
    positive: str = ""
    """Positive behaviour the adult noticed."""
    pupil_words: str = ""
    """The pupil's own words."""
    next_step: str = ""
    author: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    id: int | None = None
    revisions: tuple[Revision, ...] = field(default=())

    def edited(self, now: datetime, author: str, **changes: Any) -> SessionLog:
        """A new version with `changes`; the old values of what changed are kept as a revision."""
        old = {name: getattr(self, name) for name in changes if getattr(self, name) != changes[name]}
        if not old:
            return self
        stored_old = {name: _encode_value(value) for name, value in old.items()}
        earlier = self.updated or self.created or now
        revision = Revision(earlier, self.author, stored_old, replaced=now, replaced_by=author)
        return replace(self, **changes, updated=now, author=author, revisions=(*self.revisions, revision))


_LETTER_RUN = re.compile(r"[^\W\d_]+")
_CAMEL = re.compile(r"(?<=[^\W\d_])(?=[A-ZÆØÅÄÖÜÉ])")


def looks_like_name(code: str) -> bool:
    """True if a code reads like a person's name, so it should be questioned before it is created.

    That is a word of four or more letters that is not all capitals («Emma», «Jonas»,
    «Kari-7B», and in small letters «emma», «kari»: a name typed in a hurry), or two capitalised
    words joined («OlaNordmann», «Ola_N», «Ola.Nordmann»: each a capital and small letters).
    Initials, acronyms and class codes («AB», «Ola», «OLA», «KRLE», «7B-gr1», «ab12») do not.
    Existing codes are not questioned again; the user may insist (`relasjon logg --ja-navn`).
    """
    if any(len(run) >= 4 and not run.isupper() for run in _LETTER_RUN.findall(code)):
        return True
    words = [word for run in _LETTER_RUN.findall(code) for word in _CAMEL.split(run) if word]
    capitalised = [word for word in words if word[0].isupper() and (len(word) == 1 or word[1:].islower())]
    names = [word for word in capitalised if len(word) >= 2]
    return any(len(word) >= 4 for word in names) or len(names) >= 2 or (len(capitalised) >= 2 and len(names) >= 1)


def validate_log(log: SessionLog, measures: Iterable[str], now: datetime, *, allow_future: bool = False) -> None:
    """Raise ValidationError listing every problem with `log`: the stored-record rules of
    `rules.check_log` (the same ones import and the data file are held to), and a time in
    the future unless it was confirmed."""
    problems = check_log("", log_to_record(log), Known(measures=frozenset(measures)))
    first = [p.message for p in problems if p.field in ("subject", "subject_kind", "measure", "minutes", "start")]
    rest = [p.message for p in problems if p.field not in ("subject", "subject_kind", "measure", "minutes", "start")]
    future = log.start.tzinfo is not None and log.start > now and not allow_future
    if future:
        first.append(t("err_time_future", when=format_datetime(log.start)))
    if first or rest:
        raise ValidationError(first + rest, future=future)


def revisions_to_record(revisions: Iterable[Revision]) -> list[dict[str, Any]]:
    """The stored form of a record's earlier versions (logs, notes and cases keep them alike)."""
    stored: list[dict[str, Any]] = []
    for r in revisions:
        item: dict[str, Any] = {"saved": r.saved.isoformat(), "author": r.author, "values": r.values}
        if r.replaced is not None:
            item.update(replaced=r.replaced.isoformat(), replaced_by=r.replaced_by)
        stored.append(item)
    return stored


def revisions_from_record(record: Mapping[str, Any]) -> tuple[Revision, ...]:
    """Read `record["revisions"]` back; raises KeyError/ValueError/TypeError when malformed."""
    return tuple(
        Revision(
            datetime.fromisoformat(r["saved"]), str(r["author"]), dict(r["values"]),
            replaced=datetime.fromisoformat(r["replaced"]) if r.get("replaced") else None,
            replaced_by=str(r.get("replaced_by", "")),
        )  # fmt: skip
        for r in record.get("revisions", [])
    )


def _encode_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def log_to_record(log: SessionLog) -> dict[str, Any]:
    """The stored form: plain JSON types, times as ISO 8601 with offset. The id is the table key."""
    record: dict[str, Any] = {}
    for item in fields(SessionLog):
        if item.name == "id":
            continue
        value = getattr(log, item.name)
        if item.name == "revisions":
            value = revisions_to_record(value)
        record[item.name] = _encode_value(value)
    return record


def log_from_record(record: dict[str, Any], log_id: int | None = None) -> SessionLog:
    """Read the stored form back; raises KeyError/ValueError/TypeError on a malformed record."""

    def when(key: str) -> datetime | None:
        value = record.get(key)
        return datetime.fromisoformat(value) if value else None

    start = when("start")
    if start is None:
        raise ValueError("start")
    revisions = revisions_from_record(record)
    minutes = record["minutes"]
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        raise TypeError("minutes")
    texts = {name: record.get(name, "") for name in (*TEXT_FIELDS, "author")}
    for name, value in texts.items():
        if not isinstance(value, str):
            raise TypeError(name)
    return SessionLog(
        subject=str(record["subject"]),
        subject_kind=record.get("subject_kind", "elev"),
        measure=str(record["measure"]),
        start=start,
        minutes=minutes,
        created=when("created"),
        updated=when("updated"),
        id=log_id,
        revisions=revisions,
        **texts,
    )
