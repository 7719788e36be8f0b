"""Provides the import plan: what an export would add to a store, or every reason it is refused.

Pure: the export (parsed JSON) and the store's current tables in, a plan out. The store
applies a plan only when it has no problems, all of it in one save (records/store.py).

- Every record is held to the rules of its kind (records/rules.py), references included:
  a log's or a case's codes must be pupils or groups of the export or of the store, measures
  and questions must exist here, a note's meeting must be in the export or the store.
- A record whose id is taken here with the same content is skipped; with different content
  it is a conflict, and the import is refused naming it.
- Pupils and groups are known by their code, not by their row id: a code the store has is
  skipped, a new code gets a fresh id (nothing points at a subject's id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from relasjon_tui.records.kinds import RECORD_TABLES, check_record
from relasjon_tui.records.rules import (
    CASES,
    LOGS,
    MEETINGS,
    NOTES,
    SUBJECTS,
    Known,
    Problem,
    valid_key,
)
from relasjon_tui.strings import t

EXPORT_FORMAT = "relasjon-tui"
DAMAGED_SECTION = "damaged"
"""Where a JSON dump carries the records the store holds aside as damaged, unchanged."""


@dataclass
class ImportPlan:
    """What an import adds (`rows`, by table and key; `subjects`, new codes), what it skips, what is wrong."""

    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {name: {} for name in RECORD_TABLES})
    subjects: list[dict[str, Any]] = field(default_factory=list)
    same: int = 0
    problems: list[Problem] = field(default_factory=list)

    def per_table(self) -> dict[str, int]:
        """How many records each table would get, for the tables that get any."""
        counts = {name: len(rows) for name, rows in self.rows.items() if rows and name != SUBJECTS}
        return {SUBJECTS: len(self.subjects), **counts} if self.subjects else counts

    @property
    def added(self) -> int:
        return sum(len(rows) for name, rows in self.rows.items() if name != SUBJECTS) + len(self.subjects)


def _general(message: str) -> Problem:
    return Problem("", "", "", message)


def plan_import(
    dump: Any,
    current: dict[str, Any],
    damaged: dict[str, dict[str, Any]],
    *,
    measures: set[str] | None,
    questions: set[str] | None,
    schema_version: int,
) -> ImportPlan:
    """The plan for adding `dump` to a store whose tables are `current` (and `damaged`, held aside)."""
    plan = ImportPlan()
    if not isinstance(dump, dict) or dump.get("format") != EXPORT_FORMAT:
        plan.problems.append(_general(t("import_not_export")))
        return plan
    version = dump.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        plan.problems.append(_general(t("import_schema_type", value=orjson.dumps(version).decode()[:40])))
        return plan
    if version > schema_version:
        plan.problems.append(_general(t("import_newer_schema", version=version, ours=schema_version)))
        return plan
    tables = dump.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(rows, dict) for rows in tables.values()):
        plan.problems.append(_general(t("import_not_export")))
        return plan
    for name in tables:
        if name not in RECORD_TABLES:
            plan.problems.append(_general(t("import_unknown_table", table=str(name))))
    marked = dump.get(DAMAGED_SECTION) or {}
    if isinstance(marked, dict):
        for name, rows in marked.items():
            for key in rows if isinstance(rows, dict) else ():
                plan.problems.append(
                    Problem(str(name), str(key), "", t("import_damaged_marked", table=name, id=key))
                )

    def rows_of(name: str) -> dict[str, Any]:
        return tables.get(name) or {}

    # What references may point at: the export's records that are well formed, and the store's.
    stored_codes = {r.get("code") for r in current.get(SUBJECTS, {}).values() if isinstance(r.get("code"), str)}
    dumped_codes = {
        r.get("code") for r in rows_of(SUBJECTS).values() if isinstance(r, dict) and isinstance(r.get("code"), str)
    }
    known = Known(
        measures=frozenset(measures) if measures is not None else None,
        questions=frozenset(questions) if questions is not None else None,
        subjects=frozenset(c for c in stored_codes | dumped_codes if isinstance(c, str)),
        meetings=frozenset(
            [k for k in rows_of(MEETINGS) if valid_key(k)] + list(current.get(MEETINGS, {}))
        ),
    )
    seen_codes: set[str] = set()
    for key, record in rows_of(SUBJECTS).items():
        found = check_record(SUBJECTS, key, record, known)
        if found:
            plan.problems += found
            continue
        code = record["code"]
        if code in seen_codes:
            message = t("import_subject_twice", code=code, table=SUBJECTS, id=key)
            plan.problems.append(Problem(SUBJECTS, key, "code", message))
        seen_codes.add(code)
        if code in stored_codes:
            plan.same += 1
        else:
            plan.subjects.append(record)
    for name in (LOGS, NOTES, MEETINGS, CASES):
        here, aside = current.get(name, {}), damaged.get(name, {})
        for key, record in rows_of(name).items():
            found = check_record(name, key, record, known)
            if found:
                plan.problems += found
                continue
            if key in aside or (key in here and here[key] != record):
                plan.problems.append(Problem(name, key, "", t("import_conflict", table=name, id=key)))
            elif key in here:
                plan.same += 1
            else:
                plan.rows[name][key] = record
    return plan
