"""Provides the store's transaction: one locked read-modify-write of the data, with fresh tables.

Every operation of `RecordStore` runs inside one: the storage's lock is held, the file is
reread if another process changed it, and TinyDB's tables are made afresh so no id cached
from an older file is reused. Hot paths (adding a log, replacing a record) change the stored
table directly instead of through TinyDB's table methods, which rebuild the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime
from typing import Any

from tinydb.storages import MemoryStorage
from tinydb.table import Table

from relasjon_tui.records import quarantine
from relasjon_tui.records.journal import highest_id
from relasjon_tui.records.kinds import RECORD_TABLES
from relasjon_tui.records.rules import SUBJECTS
from relasjon_tui.records.storage import META_TABLE, SCHEMA_VERSION, SafeStorage, TrackingTinyDB


class MemoryStore(MemoryStorage):
    """TinyDB's memory storage, counting writes so `RecordStore.data_version` changes in tests too."""

    saves = 0

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.saves += 1
        super().write(data)


Storage = SafeStorage | MemoryStore


class Transaction:
    """The data of one locked transaction: TinyDB tables, and direct access to the stored rows."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        db = TrackingTinyDB(storage=lambda: storage)
        self.tables: dict[str, Table] = {name: db.table(name, cache_size=0) for name in (META_TABLE, *RECORD_TABLES)}

    @property
    def damaged(self) -> quarantine.Tables:
        """The records held aside as damaged (see records/quarantine.py); none in memory."""
        return getattr(self.storage, "damaged", {})

    def data(self) -> dict[str, Any]:
        """The whole stored data, as TinyDB keeps it (tables of rows by string key)."""
        return self.storage.read() or {}

    def write(self, data: dict[str, Any]) -> None:
        self.storage.write(data)

    def rows(self, table: str) -> dict[str, dict[str, Any]]:
        """A copy of the stored rows of `table` (the rows themselves are not copied)."""
        return dict(self.data().get(table, {}))

    def append(self, table: str, record: dict[str, Any]) -> int:
        """Add `record` under a new id and return it."""
        # TinyDB's insert rebuilds the whole table twice to convert its keys (about 10 ms at
        # 10 000 logs). Saving a log in a break is the hot path, so it adds to the stored
        # table directly, in TinyDB's own format.
        data = self.data()
        rows = data.setdefault(table, {})
        # A damaged record held aside keeps its id: a new record never takes it.
        new_id = max(highest_id(rows), *quarantine.taken_ids(self.damaged, table), 0) + 1
        rows[str(new_id)] = record
        self.write(data)
        return new_id

    def put(self, table: str, key: int, record: dict[str, Any]) -> None:
        """Make the record under `key` exactly `record`."""
        data = self.data()
        data.setdefault(table, {})[str(key)] = record
        self.write(data)

    def remove(self, table: str, key: int) -> bool:
        """Remove the record under `key`; False if there was none."""
        return bool(self.tables[table].remove(doc_ids=[key]))

    def ensure_meta(self) -> None:
        """Called before every write. Older files are upgraded in place: each version so far
        only added tables, so marking the file as the current version is the migration."""
        meta = self.tables[META_TABLE]
        if len(meta) == 0:
            meta.insert({"schema_version": SCHEMA_VERSION})
        elif meta.all()[0].get("schema_version") != SCHEMA_VERSION:
            meta.update({"schema_version": SCHEMA_VERSION})

    def ensure_subject(self, code: str, kind: str, when: datetime | None) -> None:
        """Make `code` a known pupil or group if it is not one yet."""
        subjects = self.data().get(SUBJECTS, {})
        if not any(doc.get("code") == code for doc in subjects.values()):
            self.append(SUBJECTS, {"code": code, "kind": kind, "created": when.isoformat() if when else None})


@contextmanager
def transaction(storage: Storage) -> Iterator[Transaction]:
    """Hold the lock (on a file) and read the data; raises DataFileError on a file we cannot trust.
    Changes reach the file as one atomic save when the block ends without an exception."""
    lock = storage.locked() if isinstance(storage, SafeStorage) else nullcontext()
    with lock:
        storage.read()
        yield Transaction(storage)
