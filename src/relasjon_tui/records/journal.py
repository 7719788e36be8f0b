"""Provides the journal beside the data file: each save's changed records as one line, and reading them back.

The data file (TinyDB's JSON) is the checkpoint. A save that only adds or changes records
appends one line to `relasjon.json.journal` instead of rewriting the whole file:

    {"base": "<checkpoint id>", "set": {"logs": {"17": {...}}, "history": {"41": {...}}}}

Every line names the checkpoint it builds on (the id in the data file's own `journal`
table), so a journal is never replayed onto another file (an old copy put back by hand).
A save that removes a record always rewrites the checkpoint instead (`SafeStorage` folds):
the journal never holds what a deletion took away. Folding writes the checkpoint with a new
id and the old one as `folded`, then removes the journal; a crash between the two leaves
lines of the `folded` id, which are already in the checkpoint and are skipped.

A last line without its newline is a save cut short by a crash (it was never acknowledged):
it is ignored and reported. Any other line that cannot be read is damage: reading stops with
an error and nothing is written over.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from itertools import compress
from operator import is_not
from pathlib import Path
from typing import Any

import orjson

from relasjon_tui.fsutil import read_regular

JOURNAL_TABLE = "journal"
"""The data file's own table naming its checkpoint id (`base`) and the id it folded (`folded`)."""
JOURNAL_SUFFIX = ".journal"

Changes = dict[str, dict[str, Any]]
"""Changed records by table and key (records that are new or changed; never removals)."""


class JournalDamaged(ValueError):
    """A journal line (not the last) cannot be read, or the journal belongs to another checkpoint."""


def journal_path(data_path: Path) -> Path:
    return data_path.with_name(data_path.name + JOURNAL_SUFFIX)


def checkpoint_ids(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the checkpoint's id, the id of the journal it folded) as the data file records them."""
    row = data.get(JOURNAL_TABLE, {}).get("1")
    if not isinstance(row, dict):
        return None, None
    base, folded = row.get("base"), row.get("folded")
    return (base if isinstance(base, str) else None), (folded if isinstance(folded, str) else None)


def encode_line(base: str, changes: Changes) -> bytes:
    return orjson.dumps({"base": base, "set": changes}) + b"\n"


@dataclass
class JournalRead:
    """What a journal holds from some offset on."""

    changes: list[Changes] = field(default_factory=list)
    """The lines of this checkpoint, in order."""
    end: int = 0
    """Offset after the last complete line read (where the next line must go)."""
    torn: bool = False
    """The file ends with part of a line (a crash while appending): ignored."""
    stale: bool = False
    """Lines of the folded checkpoint were skipped (a crash after folding, before removing)."""


def read_journal(path: Path, base: str | None, folded: str | None, offset: int = 0) -> JournalRead:
    """Read the journal from `offset` (0, or the end of what was read before).

    Raises JournalDamaged if a complete line is not a journal line or names another checkpoint,
    and FileNotFoundError if there is no journal."""
    raw = _read_from(path, offset)
    result = JournalRead(end=offset)
    lines = raw.split(b"\n")
    tail = lines.pop()  # after the last newline: empty, or a torn line
    result.torn = bool(tail)
    for number, line in enumerate(lines, start=1):
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise JournalDamaged(f"line {number}") from None
        changes = entry.get("set") if isinstance(entry, dict) else None
        if not isinstance(changes, dict) or not all(isinstance(rows, dict) for rows in changes.values()):
            raise JournalDamaged(f"line {number}")
        if base is not None and entry.get("base") == base:
            result.changes.append(changes)
        elif folded is not None and entry.get("base") == folded and not result.changes:
            result.stale = True
        else:
            raise JournalDamaged(f"line {number}: base")
        result.end += len(line) + 1
    return result


def _read_from(path: Path, offset: int) -> bytes:
    if offset == 0:
        return read_regular(path)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        handle.seek(offset)
        return handle.read()


def apply(data: dict[str, Any], changes: Changes) -> None:
    """Put each changed record into `data` (a whole data file), in place."""
    for table, rows in changes.items():
        data.setdefault(table, {}).update(rows)


def diff(
    before: dict[str, dict[str, Any]], after: dict[str, Any], skip: frozenset[str]
) -> tuple[Changes, dict[str, set[str]]]:
    """(records new or changed, keys removed) by table, from `before` (a snapshot: each table a
    shallow copy, sharing the record objects) to `after`.

    A record is the same when it is the same object: the store and TinyDB (see `CopyingTable`)
    never change a stored record in place, they put a new one. A new object equal to the old is
    not a change.
    """
    changed: Changes = {}
    removed: dict[str, set[str]] = {}
    for table, rows in after.items():
        if table in skip or not isinstance(rows, dict):
            continue
        old = before.get(table, {})
        # Compared in C (a save at 100 000 logs has no time for a Python loop over every record).
        moved = compress(rows.keys(), map(is_not, rows.values(), map(old.get, rows.keys())))
        new = {key: rows[key] for key in moved if key not in old or old[key] != rows[key]}
        if new:
            changed[table] = new
        added = sum(1 for key in new if key not in old)
        if len(rows) != len(old) + added:
            removed[table] = set(old.keys() - rows.keys())
    for table, old in before.items():
        if table not in skip and table not in after and old:
            removed[table] = set(old)
    return changed, removed


def snapshot(data: dict[str, Any], skip: frozenset[str]) -> dict[str, dict[str, Any]]:
    """The `before` of the next `diff`: each table copied shallowly (the records are shared)."""
    return {table: dict(rows) for table, rows in data.items() if table not in skip and isinstance(rows, dict)}
