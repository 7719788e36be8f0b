"""The record-kind registry: every part of the records layer reaches every kind through it."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relasjon_tui.records import quarantine
from relasjon_tui.records.demo import fill_demo
from relasjon_tui.records.kinds import FREE_TEXT_TABLES, KINDS, RECORD_TABLES, codes_of
from relasjon_tui.records.purge import STRUCTURAL_KEYS, find_mentions, purge_subject
from relasjon_tui.records.store import RecordStore

NOW = datetime(2026, 12, 2, 10, 15, tzinfo=ZoneInfo("Europe/Oslo"))
RECORDS = Path(__file__).resolve().parent.parent / "src" / "relasjon_tui" / "records"


@pytest.fixture
def filled() -> RecordStore:
    store = RecordStore(None)
    fill_demo(store, NOW)
    return store


def test_the_demo_fills_every_kind(filled: RecordStore) -> None:
    # The tests below loop over the kinds; each must have records to loop over.
    tables = filled.dump()["tables"]
    assert set(tables) == set(RECORD_TABLES)
    assert all(tables[name] for name in RECORD_TABLES), {name: len(rows) for name, rows in tables.items()}


@pytest.mark.parametrize("kind", [k for k in KINDS if k.from_record], ids=lambda k: k.table)
def test_generic_methods_round_trip_every_kind(filled: RecordStore, kind) -> None:
    items = filled.all(kind.table)
    first = items[0]
    assert filled.get(kind.table, first.id) == first
    filled.replace(kind.table, first)
    assert filled.get(kind.table, first.id) == first
    new_id = filled.add(kind.table, first)
    assert new_id not in {item.id for item in items}
    assert filled.delete(kind.table, new_id) and filled.get(kind.table, new_id) is None


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_a_damaged_record_of_every_kind_is_held_aside(filled: RecordStore, table: str) -> None:
    data = filled.dump()["tables"]
    data[table]["999"] = {"ukjent": "\x00"}
    clean, aside = quarantine.split(data)
    assert "999" not in clean[table] and aside[table] == {"999": {"ukjent": "\x00"}}


def test_deleting_a_code_reaches_every_kind_that_holds_codes(filled: RecordStore) -> None:
    data = filled.dump()["tables"]
    holders = [kind for kind in KINDS if kind.subject_fields]
    assert all(any("AB" in codes_of(k, r) for r in data[k.table].values()) for k in holders)
    purged = purge_subject(data, "AB")
    for kind in holders:
        assert not any("AB" in codes_of(kind, record) for record in purged.get(kind.table, {}).values()), kind.table


def _first_free_text(record: dict) -> str | None:
    return next((key for key, value in record.items() if key not in STRUCTURAL_KEYS and isinstance(value, str)), None)


def test_mentions_are_searched_in_every_kind_with_free_text(filled: RecordStore) -> None:
    data = filled.dump()["tables"]
    planted = set()
    for table in FREE_TEXT_TABLES:
        for record in data[table].values():
            field = _first_free_text(record)
            if field:
                record[field] += " Vi snakket med ZQs foreldre."
                planted.add(table)
                break
    assert planted == set(FREE_TEXT_TABLES)
    data["subjects"]["99"] = {"code": "ZQ", "kind": "elev", "created": None}
    assert {mention.kind for mention in find_mentions(data, "ZQ")} == planted


def test_no_records_module_lists_the_tables_itself() -> None:
    # A list of table names written out anywhere but the registry is a place a new kind would be forgotten.
    tables = set(RECORD_TABLES)
    offenders = []
    for path in RECORDS.glob("*.py"):
        if path.name in ("tables.py", "kinds.py"):  # where the names are given, and the registry
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                names = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                if len(set(names) & tables) >= 2:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []

