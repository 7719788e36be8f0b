"""Provides RecordStore: session logs and subjects over TinyDB, safe across processes.

Every operation runs in a transaction: the storage's lock is held, the file is reread if
another process changed it, and TinyDB's tables are made afresh so no id cached from an
older file is reused.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document, Table

from relasjon_tui.records.model import SessionLog, SubjectKind, log_from_record, log_to_record
from relasjon_tui.records.storage import META_TABLE, SCHEMA_VERSION, SafeStorage
from relasjon_tui.strings import t

LOGS = "logs"
SUBJECTS = "subjects"
TABLES = (META_TABLE, SUBJECTS, LOGS)
EXPORT_FORMAT = "relasjon-tui"


@dataclass(frozen=True, slots=True)
class Subject:
    """A pupil or a group, known only by the short code the school chose."""

    code: str
    kind: SubjectKind


class ImportRefused(ValueError):
    """An import was refused; `problems` lists every reason. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class RecordStore:
    """Session logs and subjects in one file (or in memory when `path` is None, for tests)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._storage: SafeStorage | MemoryStorage = SafeStorage(path) if path is not None else MemoryStorage()

    @property
    def warnings(self) -> list[str]:
        return list(getattr(self._storage, "warnings", []))

    def close(self) -> None:
        self._storage.close()

    @contextmanager
    def _transaction(self) -> Iterator[dict[str, Table]]:
        storage = self._storage
        lock = storage.locked() if isinstance(storage, SafeStorage) else nullcontext()
        with lock:
            storage.read()  # raises DataFileError on a file we cannot trust
            db = TinyDB(storage=lambda: storage)
            yield {name: db.table(name, cache_size=0) for name in TABLES}

    def _ensure_meta(self, tables: dict[str, Table]) -> None:
        if len(tables[META_TABLE]) == 0:
            tables[META_TABLE].insert({"schema_version": SCHEMA_VERSION})

    def check_readable(self) -> None:
        """Read the file now; raises DataFileError if it cannot be trusted."""
        with self._transaction():
            pass

    # Logs

    def add_log(self, log: SessionLog) -> int:
        """Store a validated log; its subject is created if new. Returns the new id."""
        with self._transaction() as tables:
            self._ensure_meta(tables)
            self._ensure_subject(log.subject, log.subject_kind, log.created)
            return self._append(LOGS, log_to_record(log))

    def _append(self, table: str, record: dict[str, Any]) -> int:
        # TinyDB's insert rebuilds the whole table twice to convert its keys (about 10 ms at
        # 10 000 logs). Saving a log in a break is the hot path, so it adds to the stored
        # table directly, in TinyDB's own format, inside the same locked transaction.
        data = self._storage.read() or {}
        rows = data.setdefault(table, {})
        new_id = max(map(int, rows), default=0) + 1
        rows[str(new_id)] = record
        self._storage.write(data)
        return new_id

    def _ensure_subject(self, code: str, kind: SubjectKind, when: datetime | None) -> None:
        subjects = (self._storage.read() or {}).get(SUBJECTS, {})
        if not any(doc.get("code") == code for doc in subjects.values()):
            self._append(SUBJECTS, {"code": code, "kind": kind, "created": when.isoformat() if when else None})

    def get_log(self, log_id: int) -> SessionLog | None:
        with self._transaction() as tables:
            doc = tables[LOGS].get(doc_id=log_id)
        return log_from_record(doc, log_id) if doc is not None else None

    def replace_log(self, log: SessionLog) -> None:
        """Write a new version of an existing log (see `SessionLog.edited`)."""
        if log.id is None:
            raise ValueError("log has no id")
        with self._transaction() as tables:
            if tables[LOGS].get(doc_id=log.id) is None:
                raise KeyError(log.id)
            tables[LOGS].update(_replace_all(log_to_record(log)), doc_ids=[log.id])

    def delete_log(self, log_id: int) -> bool:
        with self._transaction() as tables:
            return bool(tables[LOGS].remove(doc_ids=[log_id]))

    def logs(
        self,
        *,
        subject: str | None = None,
        measure: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[SessionLog]:
        """Logs matching every given filter, newest first."""
        return self.logs_page(subject=subject, measure=measure, since=since, until=until)[0]

    def logs_page(
        self,
        *,
        subject: str | None = None,
        measure: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> tuple[list[SessionLog], int]:
        """The newest `limit` logs matching every filter, and how many match in all.

        Filtering and sorting work on the stored records; only the logs returned are built,
        which keeps the Logg area quick on a file of many thousand logs.
        """
        with self._transaction():
            rows = dict((self._storage.read() or {}).get(LOGS, {}))
        keyed: list[tuple[datetime, int]] = []
        for key, doc in rows.items():
            if subject is not None and doc.get("subject") != subject:
                continue
            if measure is not None and doc.get("measure") != measure:
                continue
            start = datetime.fromisoformat(doc["start"])
            if (since is not None and start < since) or (until is not None and start > until):
                continue
            keyed.append((start, int(key)))
        keyed.sort(reverse=True)
        chosen = keyed if limit is None else keyed[:limit]
        return [log_from_record(rows[str(log_id)], log_id) for _, log_id in chosen], len(keyed)

    def latest_log(self, subject: str | None = None) -> SessionLog | None:
        """The log with the latest start (of one subject, if given), for the form's defaults."""
        with self._transaction():
            rows = (self._storage.read() or {}).get(LOGS, {})
            best: tuple[datetime, int] | None = None
            for key, doc in rows.items():
                if subject is not None and doc.get("subject") != subject:
                    continue
                try:
                    candidate = (datetime.fromisoformat(doc["start"]), int(key))
                except (KeyError, TypeError, ValueError):
                    continue
                if best is None or candidate > best:
                    best = candidate
            return log_from_record(rows[str(best[1])], best[1]) if best else None

    def count_logs(self) -> int:
        with self._transaction() as tables:
            return len(tables[LOGS])

    def subjects(self) -> list[Subject]:
        with self._transaction() as tables:
            return sorted(
                (Subject(str(doc["code"]), doc.get("kind", "elev")) for doc in tables[SUBJECTS].all()),
                key=lambda subject: subject.code.casefold(),
            )

    # Export and import

    def dump(self) -> dict[str, Any]:
        """The complete, lossless content: every table with its ids."""
        with self._transaction() as tables:
            return {
                "format": EXPORT_FORMAT,
                "schema_version": SCHEMA_VERSION,
                "tables": {
                    name: {str(doc.doc_id): dict(doc) for doc in table.all()}
                    for name, table in tables.items()
                    if name != META_TABLE
                },
            }

    def load_dump(self, dump: Any, measures: set[str] | None = None) -> int:
        """Add everything in an export. Refuses the whole import on any invalid or duplicate record."""
        problems, rows = _check_dump(dump, measures)
        with self._transaction() as tables:
            for name, docs in rows.items():
                existing = {doc.doc_id for doc in tables[name].all()}
                for doc_id in docs:
                    if doc_id in existing:
                        problems.append(t("import_duplicate", table=name, id=doc_id))
                if name == SUBJECTS:
                    codes = {doc["code"] for doc in tables[name].all()}
                    for doc_id, doc in docs.items():
                        if doc.get("code") in codes:
                            problems.append(t("import_duplicate_subject", code=doc.get("code"), id=doc_id))
            if problems:
                raise ImportRefused(problems)
            self._ensure_meta(tables)
            count = 0
            for name, docs in rows.items():
                if docs:
                    tables[name].insert_multiple(Document(doc, doc_id=doc_id) for doc_id, doc in docs.items())
                    count += len(docs)
            for doc in rows[LOGS].values():
                self._ensure_subject(doc["subject"], doc.get("subject_kind", "elev"), None)
            return count


def _replace_all(record: dict[str, Any]):
    """A TinyDB update that makes the document exactly `record` (dropping keys it no longer has)."""

    def transform(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(record)

    return transform


def _check_dump(dump: Any, measures: set[str] | None) -> tuple[list[str], dict[str, dict[int, dict[str, Any]]]]:
    problems: list[str] = []
    rows: dict[str, dict[int, dict[str, Any]]] = {SUBJECTS: {}, LOGS: {}}
    if not isinstance(dump, dict) or dump.get("format") != EXPORT_FORMAT:
        return [t("import_not_export")], rows
    version = dump.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        return [t("import_newer_schema", version=version, ours=SCHEMA_VERSION)], rows
    tables = dump.get("tables")
    if not isinstance(tables, dict):
        return [t("import_not_export")], rows
    for name, docs in tables.items():
        if name not in rows:
            problems.append(t("import_unknown_table", table=name))
            continue
        if not isinstance(docs, dict):
            problems.append(t("import_not_export"))
            continue
        for key, doc in docs.items():
            if not (isinstance(key, str) and key.isdigit() and isinstance(doc, dict)):
                problems.append(t("import_bad_record", table=name, id=key))
                continue
            if name == LOGS:
                try:
                    log = log_from_record(doc, int(key))
                except (KeyError, ValueError, TypeError) as error:
                    problems.append(t("import_bad_record", table=name, id=key) + f" ({error})")
                    continue
                if measures is not None and log.measure not in measures:
                    problems.append(t("import_unknown_measure", id=key, measure=log.measure))
            elif not isinstance(doc.get("code"), str):
                problems.append(t("import_bad_record", table=name, id=key))
                continue
            rows[name][int(key)] = doc
    return problems, rows


def default_author() -> str:
    """The login name, for the author field."""
    try:
        return os.getlogin()
    except OSError:
        import getpass

        return getpass.getuser()
