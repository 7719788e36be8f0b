"""Provides quarantine: damaged records set aside when the data file is read, and put back on every save.

A record that breaks the rules (records/rules.py) is never shown, never built into an
object and never handed to TinyDB (whose tables turn keys into ints and back, which would
merge «١» into «1» or crash on «²»). It stays in the file exactly as it was: `split` takes
it out of what the app works on, `merge` puts the very same value back when the file is
saved, and `relasjon sjekk --reparer` is the only thing that moves it (to a file of its own).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import orjson

from relasjon_tui.records.kinds import RECORD_TABLES, check_record
from relasjon_tui.records.kinds import damaged as breaks_rules
from relasjon_tui.records.rules import Known, Problem, valid_key

Tables = dict[str, dict[str, Any]]


def split(data: dict[str, Any], only: Mapping[str, set[str]] | None = None) -> tuple[dict[str, Any], Tables]:
    """(`data` without its damaged records, the damaged records by table and key).

    With `only`, just those records are checked by the rules: the others are vouched for by the
    history, which shows each is exactly as the app wrote it (and the app writes no damaged record)."""
    clean = dict(data)
    aside: Tables = {}
    for table in RECORD_TABLES:
        rows = data.get(table)
        if not isinstance(rows, dict):
            continue
        keys = rows if only is None else only.get(table, set()) & rows.keys()
        bad = {key: rows[key] for key in keys if breaks_rules(table, key, rows[key])}
        if bad:
            aside[table] = bad
            clean[table] = {key: record for key, record in rows.items() if key not in bad}
    return clean, aside


def merge(clean: dict[str, Any], damaged: Tables) -> dict[str, Any]:
    """The whole file again: `clean` with every damaged record put back under its own key.

    Raises ValueError if a record of the app has taken a damaged record's key: saving then
    would lose one of them, so nothing is saved.
    """
    if not damaged:
        return clean
    whole = dict(clean)
    for table, rows in damaged.items():
        current = clean.get(table, {})
        taken = current.keys() & rows.keys()
        if taken:
            raise ValueError(f"{table}: {sorted(taken)}")
        whole[table] = {**current, **rows}
    return whole


def problems_of(damaged: Tables, known: Known | None = None) -> list[Problem]:
    """What is wrong with each damaged record, in table and key order."""
    found = []
    for table in RECORD_TABLES:
        for key, record in damaged.get(table, {}).items():
            found += [p for p in check_record(table, key, record, known or Known()) if not p.reference]
    return found


def count(damaged: Tables) -> int:
    return sum(len(rows) for rows in damaged.values())


def taken_ids(damaged: Tables, table: str) -> list[int]:
    """Ids of damaged records that are well-formed numbers: a new record must not take them."""
    return [int(key) for key in damaged.get(table, {}) if valid_key(key)]


def without_mentions(damaged: Tables, mentioned: Callable[[bytes], bool]) -> Tables:
    """`damaged` without the records whose JSON `mentioned` says is about a deleted pupil.

    A damaged record cannot be cleaned field by field, so when a pupil is deleted everywhere a
    damaged record that may be about them goes whole, as damaged kept files do.
    """
    kept = {
        table: {key: record for key, record in rows.items() if not mentioned(orjson.dumps(record))}
        for table, rows in damaged.items()
    }
    return {table: rows for table, rows in kept.items() if rows}
