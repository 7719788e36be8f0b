"""Provides the record-kind registry: one definition per kind of stored record, which every
part of the records layer iterates instead of naming tables.

A kind says which table it is stored in, which rules its stored form must keep, how it is
built from and into that form, which fields hold a pupil's or group's code, and whether its
free text can mention a code (and so must be searched, pseudonymised and cleaned when a pupil
is deleted). Dump, import, quarantine, `relasjon sjekk`, deletion and mention search all loop
over `KINDS`, so a new kind cannot be forgotten by any of them.

Adding a kind: write its module (dataclass, `…_to_record`/`…_from_record`, and its rules with
`records/rules.py`'s checker), then add one `RecordKind` here. The store's generic methods
(`RecordStore.add`, `get`, `all`, `replace`, `delete`) work for it at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from relasjon_tui.records.cases import case_from_record, case_to_record
from relasjon_tui.records.model import log_from_record, log_to_record
from relasjon_tui.records.reflection import meeting_from_record, meeting_to_record, note_from_record, note_to_record
from relasjon_tui.records.rules import (
    CASES,
    LOGS,
    MEETINGS,
    NOTES,
    NOTHING_KNOWN,
    SUBJECTS,
    Known,
    Problem,
    _log_plainly_valid,
    check_case,
    check_log,
    check_meeting,
    check_note,
    check_subject,
    is_damaged,
    valid_key,
)
from relasjon_tui.strings import t

Rules = Callable[[str, Mapping[str, Any], Known], list[Problem]]


@dataclass(frozen=True, slots=True)
class RecordKind:
    """One kind of stored record."""

    table: str
    rules: Rules
    to_record: Callable[[Any], dict[str, Any]] | None = None
    """The stored form of the kind's dataclass (None: the kind is stored as a plain dict)."""
    from_record: Callable[[Any, int | None], Any] | None = None
    subject_fields: tuple[str, ...] = ()
    """Fields holding a code: a string (the record is about that one code) or a list of codes."""
    shared: bool = False
    """One record can be about several codes (a group case): deleting one code keeps the others."""
    free_text: bool = True
    """Its texts may name a pupil: searched for mentions, pseudonymised, cleaned on deletion."""
    keeps_revisions: bool = True
    """Earlier versions are kept in `revisions`; a deletion that rewrites a text adds one."""


KINDS: tuple[RecordKind, ...] = (
    RecordKind(SUBJECTS, check_subject, subject_fields=("code",), free_text=False, keeps_revisions=False),
    RecordKind(LOGS, check_log, log_to_record, log_from_record, subject_fields=("subject",)),
    RecordKind(NOTES, check_note, note_to_record, note_from_record),
    RecordKind(MEETINGS, check_meeting, meeting_to_record, meeting_from_record, keeps_revisions=False),
    RecordKind(CASES, check_case, case_to_record, case_from_record, subject_fields=("subjects",), shared=True),
)
BY_TABLE: dict[str, RecordKind] = {kind.table: kind for kind in KINDS}
RECORD_TABLES: tuple[str, ...] = tuple(BY_TABLE)
FREE_TEXT_TABLES: tuple[str, ...] = tuple(kind.table for kind in KINDS if kind.free_text)


def check_record(table: str, key: Any, record: Any, known: Known = NOTHING_KNOWN) -> list[Problem]:
    """Every problem with one stored record of `table` under the id `key`."""
    shown = key if isinstance(key, str) else repr(key)
    problems = []
    if not valid_key(key):
        problems.append(Problem(table, shown, "", t("rule_bad_id")))
    if not isinstance(record, dict):
        return [*problems, Problem(table, shown, "", t("rule_not_record"))]
    return problems + BY_TABLE[table].rules(shown, record, known)


def damaged(table: str, key: Any, record: Any) -> bool:
    """True when the record breaks a rule (an unknown reference is not damage). Quick for
    plain logs, which reading a data file asks about tens of thousands of times."""
    if table == LOGS and type(record) is dict and valid_key(key) and _log_plainly_valid(record):
        return False
    return is_damaged(check_record(table, key, record))


def codes_of(kind: RecordKind, record: Mapping[str, Any]) -> list[str]:
    """The codes a record is about (from its subject fields)."""
    found: list[str] = []
    for name in kind.subject_fields:
        value = record.get(name)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found += [code for code in value if isinstance(code, str)]
    return found


def without_code(kind: RecordKind, record: dict[str, Any], code: str) -> dict[str, Any] | None:
    """The record once `code` is deleted: None if it was about that code alone (it goes), the
    record without the code if it was about others too (a group case keeps its other pupils),
    or the record itself if it was not about the code."""
    changed = record
    for name in kind.subject_fields:
        value = record.get(name)
        if value == code:
            return None
        if isinstance(value, list) and code in value:
            rest = [other for other in value if other != code]
            if not rest:
                return None
            changed = dict(changed, **{name: rest})
    return changed
