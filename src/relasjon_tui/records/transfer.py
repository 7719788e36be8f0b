"""Provides the two halves of moving records between stores: the lossless dump an export
writes, and applying an import plan (records/importing.py) to the stored data.

Pure: stored data in, stored data (or the dump) out; the store runs both in one transaction.
"""

from __future__ import annotations

from typing import Any

import orjson

from relasjon_tui.records.importing import DAMAGED_SECTION, EXPORT_FORMAT, ImportPlan
from relasjon_tui.records.kinds import RECORD_TABLES


def dump_of(data: dict[str, Any], damaged: dict[str, dict[str, Any]], schema_version: int) -> dict[str, Any]:
    """The complete content: every record table with its ids, and under «damaged» the records
    held aside as damaged, exactly as they are in the file."""
    dump: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "schema_version": schema_version,
        "tables": {name: {key: dict(record) for key, record in data.get(name, {}).items()} for name in RECORD_TABLES},
    }
    if damaged:
        dump[DAMAGED_SECTION] = {name: dict(rows) for name, rows in damaged.items()}
    return dump


def with_import(data: dict[str, Any], plan: ImportPlan) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(`data` with the plan's records added under their own ids, the new subjects to add under
    fresh ids). Copies throughout: the store never shares a dict with the caller's dump."""
    fresh = orjson.loads(orjson.dumps({"rows": plan.rows, "subjects": plan.subjects}))
    added = dict(data)
    for name, rows in fresh["rows"].items():
        if rows:
            added[name] = {**data.get(name, {}), **rows}
    return added, fresh["subjects"]
