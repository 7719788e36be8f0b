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


class TrackedRows(dict[str, Any]):
    """A table of records that remembers which keys were set or removed since `settled`: a save
    then looks only at those, not at every record (the store's hot path adds one record to a
    table of 100 000). A table replaced whole (TinyDB writes a new dict) is compared in full."""

    __slots__ = ("touched", "_highest")

    def __init__(self, rows: dict[str, Any]) -> None:
        super().__init__(rows)
        self.touched: set[str] = set()
        self._highest: int | None = None

    def __setitem__(self, key: str, value: Any) -> None:
        self.touched.add(key)
        if self._highest is not None and key.isdecimal():
            self._highest = max(self._highest, int(key))
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.touched.add(key)
        self._highest = None
        super().__delitem__(key)

    def pop(self, key: str, *default: Any) -> Any:
        self.touched.add(key)
        self._highest = None
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, Any]:
        key, value = super().popitem()
        self.touched.add(key)
        self._highest = None
        return key, value

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def clear(self) -> None:
        self.touched.update(self)
        self._highest = None
        super().clear()

    def settled(self) -> None:
        """What it holds now is on disk: forget what was touched."""
        self.touched = set()

    def highest(self) -> int:
        """The highest key as a number (0 if none), kept as records are added."""
        if self._highest is None:
            self._highest = max(map(int, self), default=0)
        return self._highest


def highest_id(rows: dict[str, Any]) -> int:
    """The highest record id of a table (0 if none): cheap on a `TrackedRows`."""
    return rows.highest() if isinstance(rows, TrackedRows) else max(map(int, rows), default=0)


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
        if isinstance(rows, TrackedRows):
            new = {key: rows[key] for key in rows.touched if key in rows and _differs(old, key, rows[key])}
            gone = {key for key in rows.touched if key not in rows and key in old}
        else:
            new = {key: rows[key] for key in _changed_keys(old, rows)}
            added = sum(1 for key in new if key not in old)
            gone = set(old.keys() - rows.keys()) if len(rows) != len(old) + added else set()
        if new:
            changed[table] = new
        if gone:
            removed[table] = gone
    for table, old in before.items():
        if table not in skip and table not in after and old:
            removed[table] = set(old)
    return changed, removed


def _differs(old: dict[str, Any], key: str, record: Any) -> bool:
    return key not in old or (old[key] is not record and old[key] != record)


_CHUNK = 4096


def _changed_keys(old: dict[str, Any], rows: dict[str, Any]) -> list[str]:
    """The keys of `rows` that are new or hold another record than in `old`.

    A save at 100 000 logs has no time for a Python loop over every record. Records keep their
    place (a new one is added at the end), so the values are compared as lists, a chunk at a
    time, in C: identical objects are skipped at once, a new object equal to the old is no
    change, and only a chunk that differs is looked at record by record.
    """
    keys, values = list(rows), list(rows.values())
    old_keys, old_values = list(old), list(old.values())
    count = len(old_keys)
    if keys[:count] != old_keys:  # a record removed, or the order changed
        return [key for key in keys if _differs(old, key, rows[key])]
    found = keys[count:]
    for start in range(0, count, _CHUNK):
        end = min(start + _CHUNK, count)
        if values[start:end] != old_values[start:end]:
            found += [keys[i] for i in range(start, end) if _differs(old, keys[i], values[i])]
    return found


def tracked(data: dict[str, Any], skip: frozenset[str]) -> None:
    """Make every table of `data` (but `skip`) a `TrackedRows` with nothing touched, in place:
    what `data` holds is what is on disk."""
    for table, rows in data.items():
        if table in skip or not isinstance(rows, dict):
            continue
        if isinstance(rows, TrackedRows):
            rows.settled()
        else:
            data[table] = TrackedRows(rows)


def snapshot(data: dict[str, Any], skip: frozenset[str]) -> dict[str, dict[str, Any]]:
    """The `before` of the next `diff`: each table copied shallowly (the records are shared)."""
    return {table: dict(rows) for table, rows in data.items() if table not in skip and isinstance(rows, dict)}
