"""Provides RecordStore: session logs, subjects, question notes and meetings over TinyDB, safe across processes.

Every operation runs in a transaction: the storage's lock is held, the file is reread if
another process changed it, and TinyDB's tables are made afresh so no id cached from an
older file is reused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from relasjon_tui.fsutil import TEMP_SUFFIX, read_regular
from relasjon_tui.records import quarantine
from relasjon_tui.records.cases import Case, case_from_record, case_to_record
from relasjon_tui.records.importing import DAMAGED_SECTION, EXPORT_FORMAT, ImportPlan, plan_import
from relasjon_tui.records.journal import highest_id
from relasjon_tui.records.mentions import CodeMatcher, Mention, mentions
from relasjon_tui.records.model import SessionLog, SubjectKind, log_from_record, log_to_record
from relasjon_tui.records.reflection import (
    Meeting,
    QuestionNote,
    QuestionStatus,
    meeting_from_record,
    meeting_to_record,
    note_from_record,
    note_to_record,
    question_statuses,
)
from relasjon_tui.records.rules import Problem
from relasjon_tui.records.storage import (
    META_TABLE,
    SCHEMA_VERSION,
    DataFileError,
    SafeStorage,
    TrackingTinyDB,
    decode,
)
from relasjon_tui.strings import t

LOGS = "logs"
SUBJECTS = "subjects"
NOTES = "notes"
MEETINGS = "meetings"
CASES = "cases"
TABLES = (META_TABLE, SUBJECTS, LOGS, NOTES, MEETINGS, CASES)


@dataclass(frozen=True, slots=True)
class Subject:
    """A pupil or a group, known only by the short code the school chose."""

    code: str
    kind: SubjectKind


class ImportRefused(ValueError):
    """An import was refused; `problems` lists every reason as a line, `located` as Problems. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.located = problems
        self.problems = [problem.line() for problem in problems]
        super().__init__("\n".join(self.problems))


class _MemoryStorage(MemoryStorage):
    """TinyDB's memory storage, counting writes so `RecordStore.data_version` changes in tests too."""

    saves = 0

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.saves += 1
        super().write(data)


class RecordStore:
    """Session logs and subjects in one file (or in memory when `path` is None, for tests)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._storage: SafeStorage | _MemoryStorage = (
            SafeStorage(path, author=default_author()) if path is not None else _MemoryStorage()
        )

    @property
    def warnings(self) -> list[str]:
        return list(getattr(self._storage, "warnings", []))

    def close(self) -> None:
        self._storage.close()

    def data_version(self) -> object:
        """Changes whenever the records change on disk, by this or another process; cheap (a
        stat, no read). In memory it changes on every save of this store."""
        storage = self._storage
        return storage.version() if isinstance(storage, SafeStorage) else storage.saves


    @contextmanager
    def _transaction(self) -> Iterator[dict[str, Table]]:
        storage = self._storage
        lock = storage.locked() if isinstance(storage, SafeStorage) else nullcontext()
        with lock:
            storage.read()  # raises DataFileError on a file we cannot trust
            db = TrackingTinyDB(storage=lambda: storage)
            yield {name: db.table(name, cache_size=0) for name in TABLES}

    def _ensure_meta(self, tables: dict[str, Table]) -> None:
        # Called before every write. Older files are upgraded in place: each version so far
        # only added tables, so marking the file as the current version is the migration.
        meta = tables[META_TABLE]
        if len(meta) == 0:
            meta.insert({"schema_version": SCHEMA_VERSION})
        elif meta.all()[0].get("schema_version") != SCHEMA_VERSION:
            meta.update({"schema_version": SCHEMA_VERSION})

    def check_readable(self) -> None:
        """Read the file now; raises DataFileError if it cannot be trusted."""
        with self._transaction():
            pass

    def _damaged(self) -> quarantine.Tables:
        return getattr(self._storage, "damaged", {})

    def damaged(self) -> list[Problem]:
        """What is wrong with each record held aside as damaged (see records/quarantine.py)."""
        with self._transaction():
            return quarantine.problems_of(self._damaged())

    def move_damaged_out(self) -> tuple[int, Path | None, Path | None]:
        """`relasjon sjekk --reparer`: see `SafeStorage.move_damaged_out` (nothing to do in memory)."""
        if not isinstance(self._storage, SafeStorage):
            return 0, None, None
        return self._storage.move_damaged_out()

    def damaged_count(self) -> int:
        """How many records are held aside as damaged: not shown, never written over."""
        with self._transaction():
            return quarantine.count(self._damaged())

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
        # A damaged record held aside keeps its id: a new record never takes it.
        new_id = max(highest_id(rows), *quarantine.taken_ids(self._damaged(), table), 0) + 1
        rows[str(new_id)] = record
        self._storage.write(data)
        return new_id

    def _put(self, table: str, key: int, record: dict[str, Any]) -> None:
        # Like `_append`: the stored table is changed directly, inside the caller's transaction.
        data = self._storage.read() or {}
        data.setdefault(table, {})[str(key)] = record
        self._storage.write(data)

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:
        return dict((self._storage.read() or {}).get(table, {}))

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
            self._put(LOGS, log.id, log_to_record(log))  # not TinyDB's update: it rebuilds the table twice

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

    def logged_measures(self) -> set[str]:
        """The measures that have at least one session log."""
        with self._transaction():
            return {str(record.get("measure")) for record in self._rows(LOGS).values()}

    def count_logs(self) -> int:
        with self._transaction() as tables:
            return len(tables[LOGS])

    def subjects(self) -> list[Subject]:
        with self._transaction() as tables:
            return sorted(
                (Subject(str(doc["code"]), doc.get("kind", "elev")) for doc in tables[SUBJECTS].all()),
                key=lambda subject: subject.code.casefold(),
            )

    # Question notes

    def add_note(self, note: QuestionNote) -> int:
        """Store a validated note. Returns the new id."""
        with self._transaction() as tables:
            self._ensure_meta(tables)
            return self._append(NOTES, note_to_record(note))

    def get_note(self, note_id: int) -> QuestionNote | None:
        with self._transaction():
            record = self._rows(NOTES).get(str(note_id))
        return note_from_record(record, note_id) if record is not None else None

    def replace_note(self, note: QuestionNote) -> None:
        """Write a new version of an existing note (see `QuestionNote.edited`)."""
        if note.id is None:
            raise ValueError("note has no id")
        with self._transaction() as tables:
            if str(note.id) not in self._rows(NOTES):
                raise KeyError(note.id)
            self._ensure_meta(tables)
            self._put(NOTES, note.id, note_to_record(note))

    def delete_note(self, note_id: int) -> bool:
        with self._transaction() as tables:
            return bool(tables[NOTES].remove(doc_ids=[note_id]))

    def notes_for(self, question_id: str) -> list[QuestionNote]:
        """The notes on one question, newest first."""
        with self._transaction():
            rows = self._rows(NOTES)
        notes = [
            note_from_record(record, int(key))
            for key, record in rows.items()
            if record.get("question_id") == question_id
        ]
        return sorted(notes, key=lambda note: (note.created, note.id or 0), reverse=True)

    def meeting_notes(self, meeting_id: int) -> dict[str, QuestionNote]:
        """The notes written in one meeting, by question id."""
        with self._transaction():
            rows = self._rows(NOTES)
        return {
            record["question_id"]: note_from_record(record, int(key))
            for key, record in rows.items()
            if record.get("meeting_id") == meeting_id
        }

    def save_meeting_note(self, meeting_id: int, question_id: str, text: str, author: str, now: datetime) -> None:
        """The note on `question_id` in a meeting becomes `text`, as it is typed.

        While a meeting is on, its note on a question is one text being written, not a
        series of versions; an empty text removes the note.
        """
        with self._transaction() as tables:
            rows = self._rows(NOTES)
            key = next(
                (
                    k
                    for k, r in rows.items()
                    if r.get("meeting_id") == meeting_id and r.get("question_id") == question_id
                ),
                None,
            )
            if key is None and not text.strip():
                return
            self._ensure_meta(tables)
            if key is None:
                note = QuestionNote(question_id, text, author, created=now, updated=now, meeting_id=meeting_id)
                self._append(NOTES, note_to_record(note))
            elif not text.strip():
                tables[NOTES].remove(doc_ids=[int(key)])
            elif rows[key].get("text") != text:
                record = dict(rows[key], text=text, updated=now.isoformat(), author=author)
                self._put(NOTES, int(key), record)

    def question_statuses(self) -> dict[str, QuestionStatus]:
        """Every question's status (see `reflection.question_statuses`), in one pass over the file."""
        with self._transaction():
            notes, meetings = self._rows(NOTES), self._rows(MEETINGS)
        return question_statuses(notes.values(), meetings.values())

    # Meetings

    def add_meeting(self, meeting: Meeting) -> int:
        """Store a validated meeting. Returns the new id."""
        with self._transaction() as tables:
            self._ensure_meta(tables)
            return self._append(MEETINGS, meeting_to_record(meeting))

    def replace_meeting(self, meeting: Meeting) -> None:
        """Write the meeting's current state (agenda times, position, end)."""
        if meeting.id is None:
            raise ValueError("meeting has no id")
        with self._transaction() as tables:
            if str(meeting.id) not in self._rows(MEETINGS):
                raise KeyError(meeting.id)
            self._ensure_meta(tables)
            self._put(MEETINGS, meeting.id, meeting_to_record(meeting))

    def get_meeting(self, meeting_id: int) -> Meeting | None:
        with self._transaction():
            record = self._rows(MEETINGS).get(str(meeting_id))
        return meeting_from_record(record, meeting_id) if record is not None else None

    def meetings(self) -> list[Meeting]:
        """Every meeting, newest first."""
        with self._transaction():
            rows = self._rows(MEETINGS)
        meetings = [meeting_from_record(record, int(key)) for key, record in rows.items()]
        return sorted(meetings, key=lambda meeting: (meeting.start, meeting.id or 0), reverse=True)

    def meeting_titles(self) -> dict[int, str]:
        """Every meeting's title by id, read without building the meetings."""
        with self._transaction():
            return {int(key): str(record.get("title", "")) for key, record in self._rows(MEETINGS).items()}

    def open_meeting(self) -> Meeting | None:
        """The newest meeting that was started and never ended, if any."""
        return next((meeting for meeting in self.meetings() if meeting.is_open), None)

    # Cases

    def add_case(self, case: Case) -> int:
        """Store a validated case; its codes become known subjects. Returns the new id."""
        with self._transaction() as tables:
            self._ensure_meta(tables)
            for code in case.subjects:
                self._ensure_subject(code, "elev" if len(case.subjects) == 1 else "gruppe", case.created)
            return self._append(CASES, case_to_record(case))

    def replace_case(self, case: Case) -> None:
        """Write the case's current plan, evaluations and state."""
        if case.id is None:
            raise ValueError("case has no id")
        with self._transaction() as tables:
            if str(case.id) not in self._rows(CASES):
                raise KeyError(case.id)
            self._ensure_meta(tables)
            for code in case.subjects:
                self._ensure_subject(code, "elev" if len(case.subjects) == 1 else "gruppe", case.updated)
            self._put(CASES, case.id, case_to_record(case))

    def get_case(self, case_id: int) -> Case | None:
        with self._transaction():
            record = self._rows(CASES).get(str(case_id))
        return case_from_record(record, case_id) if record is not None else None

    def cases(self) -> list[Case]:
        """Every case: open ones first, then by title."""
        with self._transaction():
            rows = self._rows(CASES)
        cases = [case_from_record(record, int(key)) for key, record in rows.items()]
        return sorted(cases, key=lambda case: (not case.is_open, case.title.casefold(), case.id or 0))

    def count_cases(self) -> int:
        with self._transaction():
            return len(self._rows(CASES))

    def session_dates(self, codes: set[str]) -> dict[tuple[str, str], list[str]]:
        """(code, measure) to the ISO days («2026-11-26») of its logs, for the codes given.

        The overview reads every log of every open case; comparing ISO strings rather than
        building dates keeps that pass at 50 000 logs near 20 ms.
        """
        with self._transaction():
            rows = self._rows(LOGS)
        index: dict[tuple[str, str], list[str]] = {}
        for record in rows.values():
            subject = record.get("subject")
            if subject in codes:
                key = (str(subject), str(record.get("measure")))
                index.setdefault(key, []).append(str(record.get("start", ""))[:10])
        return index

    def session_days(self, codes: set[str] | None = None) -> dict[tuple[str, str], list[tuple[date, int]]]:
        """(code, measure) to the (day, minutes) of its logs, read from the stored records in one pass."""
        with self._transaction():
            rows = self._rows(LOGS)
        index: dict[tuple[str, str], list[tuple[date, int]]] = {}
        for record in rows.values():
            subject = record.get("subject")
            if codes is not None and subject not in codes:
                continue
            try:
                day = date.fromisoformat(str(record["start"])[:10])
            except (KeyError, ValueError):
                continue
            index.setdefault((str(subject), str(record.get("measure"))), []).append(
                (day, int(record.get("minutes", 0)))
            )
        return index

    def case_logs(self, case: Case) -> list[SessionLog]:
        """The session logs that count for the case's planned measures, oldest first
        (same code, same measure, a day inside the measure's period)."""
        periods = [(m.measure, m.start, m.end) for m in case.measures if m.measure and m.start and m.end]
        codes = set(case.subjects)
        with self._transaction():
            rows = self._rows(LOGS)
        chosen = []
        for key, record in rows.items():
            if record.get("subject") not in codes:
                continue
            try:
                day = date.fromisoformat(str(record["start"])[:10])
            except (KeyError, ValueError):
                continue
            if any(record.get("measure") == measure and start <= day <= end for measure, start, end in periods):
                chosen.append(log_from_record(record, int(key)))
        return sorted(chosen, key=lambda log: (log.start, log.id or 0))

    # Deleting a pupil or group everywhere

    def subject_records(self, code: str) -> dict[str, int]:
        """How many records would go with `code`: its logs, the cases about it alone, and the
        group cases it would be taken out of."""
        with self._transaction():
            logs = sum(1 for r in self._rows(LOGS).values() if r.get("subject") == code)
            cases = [r.get("subjects", []) for r in self._rows(CASES).values() if code in r.get("subjects", [])]
            known = any(r.get("code") == code for r in self._rows(SUBJECTS).values())
        return {
            "logs": logs,
            "cases": sum(1 for subjects in cases if len(subjects) == 1),
            "group_cases": sum(1 for subjects in cases if len(subjects) > 1),
            "subject": int(known),
        }

    def subject_record_ids(self, code: str) -> dict[str, set[int]]:
        """The ids of the logs of `code` and of the cases about it alone (what deleting it removes)."""
        with self._transaction():
            logs = {int(k) for k, r in self._rows(LOGS).items() if r.get("subject") == code}
            cases = {int(k) for k, r in self._rows(CASES).items() if r.get("subjects") == [code]}
        return {"logs": logs, "cases": cases}

    def subject_mentions(self, code: str) -> list[Mention]:
        """The free texts that would still mention `code` once it is deleted: other pupils' logs,
        group cases, notes, meetings, and the earlier versions of each (see `find_mentions`)."""
        with self._transaction():
            return find_mentions(purge_subject(self._storage.read() or {}, code), code)

    def delete_subject(
        self, code: str, *, replace_with: str | None = None, author: str = "", now: datetime | None = None
    ) -> dict[str, int]:
        """Remove `code` and everything about it from the data file and from every backup.

        Its logs and its own cases are deleted; from a group case only the code is taken out.
        With `replace_with`, every remaining mention of the code in free text (other records and
        their earlier versions) becomes that word, and each record so changed gets a revision
        saying it was done by a deletion, when and by whom (never naming the code).
        Backups are rewritten the same way, after the data file, so that the day's backup made
        by this very save is cleaned too; damaged copies and stale temp files beside the data
        file that mention the code are removed. Returns what went.
        """
        note = None
        if replace_with:
            when = (now or datetime.now().astimezone()).isoformat()
            text = t("delete_subject_redaction", word=replace_with)
            who = author or default_author()
            note = {"saved": when, "author": who, "values": {"redaction": text}, "replaced": when, "replaced_by": who}

        def mentioned(raw: bytes) -> bool:
            return raw_mentions(raw, code)

        def transform(data: dict[str, Any]) -> dict[str, Any]:
            # A damaged record (one the rules refuse) cannot be cleaned field by field: if it
            # mentions the code anywhere, it goes whole, in the data file and in every backup.
            valid, damaged = quarantine.split(data)
            purged = purge_subject(valid, code)
            if replace_with and note:
                purged = replace_code_in_texts(purged, code, replace_with, note)
            return quarantine.merge(purged, quarantine.without_mentions(damaged, mentioned))

        with self._transaction():
            counts = self.subject_records(code)
            if isinstance(self._storage, SafeStorage):
                self._storage.damaged = quarantine.without_mentions(self._storage.damaged, mentioned)
            data = self._storage.read() or {}
            remaining = {(m.kind, m.id) for m in find_mentions(purge_subject(data, code), code)}
            counts["mentions"] = len(remaining)
            counts["replaced"] = len(remaining) if note else 0
            self._storage.write(transform(data))
        counts["files_removed"] = counts["temp_removed"] = 0
        if isinstance(self._storage, SafeStorage):
            counts["files_removed"] = self._remove_damaged(mentioned)
            counts["files_removed"] += self._storage.rewrite_kept_files(transform, mentioned)
            counts["temp_removed"] = self._remove_stale_temp_files()
        return counts

    def delete_case(self, case_id: int) -> dict[str, int]:
        """Remove one case with its plan and evaluations from the data file and every backup
        (the pupils' session logs stay). Raises KeyError if there is no such case."""
        key = str(case_id)

        def transform(data: dict[str, Any]) -> dict[str, Any]:
            if key not in data.get(CASES, {}):
                return data
            return dict(data, **{CASES: {k: r for k, r in data[CASES].items() if k != key}})

        with self._transaction():
            data = self._storage.read() or {}
            record = data.get(CASES, {}).get(key)
            if record is None:
                raise KeyError(case_id)
            counts = {"evaluations": len(record.get("evaluations", [])), "files_removed": 0, "temp_removed": 0}
            self._storage.write(transform(data))
        if isinstance(self._storage, SafeStorage):
            # As the app writes it, a case starts with its title and its codes.
            needle = orjson.dumps({"title": record.get("title"), "subjects": record.get("subjects")})[:-1]
            counts["files_removed"] = self._remove_damaged(lambda raw: needle in raw)
            counts["files_removed"] += self._storage.rewrite_kept_files(transform, lambda raw: needle in raw)
            counts["temp_removed"] = self._remove_stale_temp_files()
        return counts

    def _remove_damaged(self, mentioned: Callable[[bytes], bool]) -> int:
        """Remove the kept files that cannot be read as data files and that `mentioned` says hold
        what is deleted: such a file cannot be cleaned record by record."""
        assert isinstance(self._storage, SafeStorage)
        removed = 0
        with self._storage.locked():
            for path in self._storage.kept_files():
                raw = read_regular(path)
                try:
                    decode(raw, path)
                except DataFileError:
                    if mentioned(raw):
                        path.unlink()
                        removed += 1
        return removed

    def _remove_stale_temp_files(self) -> int:
        """Remove temp files left by a crash beside the data file and its backups. Every writer
        holds the lock while its temp file exists, so under the lock any found is stale."""
        assert isinstance(self._storage, SafeStorage)
        storage = self._storage
        removed = 0
        with storage.locked():
            patterns = [(storage.path.parent, f".{storage.path.name}.*{TEMP_SUFFIX}"),
                        (storage.backup_dir, f".{storage.path.stem}-*{TEMP_SUFFIX}")]  # fmt: skip
            for folder, pattern in patterns:
                for leftover in folder.glob(pattern):
                    if leftover.is_file() and not leftover.is_symlink():
                        leftover.unlink(missing_ok=True)
                        removed += 1
        return removed

    # Export and import

    def dump(self) -> dict[str, Any]:
        """The complete, lossless content: every table with its ids, and under «damaged» the
        records held aside as damaged, exactly as they are in the file."""
        with self._transaction() as tables:
            dump = {
                "format": EXPORT_FORMAT,
                "schema_version": SCHEMA_VERSION,
                "tables": {
                    name: {str(doc.doc_id): dict(doc) for doc in table.all()}
                    for name, table in tables.items()
                    if name != META_TABLE
                },
            }
            damaged = self._damaged()
            if damaged:
                dump[DAMAGED_SECTION] = {name: dict(rows) for name, rows in damaged.items()}
            return dump

    def load_dump(self, dump: Any, measures: set[str] | None = None, questions: set[str] | None = None) -> int:
        """Add everything new in an export (see `import_dump`); returns how many records were added."""
        return self.import_dump(dump, measures, questions).added

    def import_dump(
        self, dump: Any, measures: set[str] | None = None, questions: set[str] | None = None, *, dry_run: bool = False
    ) -> ImportPlan:
        """Add an export, all or nothing: raises ImportRefused naming every problem (records
        that break the rules, ids taken here with other content) and writes nothing.

        Ids are kept, so notes still point at the meetings they were written in; a record
        already here with the same content is skipped. With `dry_run` nothing is written
        and the plan says what would be added.
        """
        with self._transaction() as tables:
            data = self._storage.read() or {}
            plan = plan_import(
                dump, data, self._damaged(), measures=measures, questions=questions, schema_version=SCHEMA_VERSION
            )
            if plan.problems:
                raise ImportRefused(plan.problems)
            if dry_run or not plan.added:
                return plan
            # Copies: the store must not share a dict with the caller's dump.
            fresh = orjson.loads(orjson.dumps({"rows": plan.rows, "subjects": plan.subjects}))
            data = dict(data)
            for name, rows in fresh["rows"].items():
                if rows:
                    data[name] = {**data.get(name, {}), **rows}
            self._storage.write(data)
            self._ensure_meta(tables)
            for record in fresh["subjects"]:
                self._append(SUBJECTS, record)
            return plan


def purge_subject(data: dict[str, Any], code: str) -> dict[str, Any]:
    """`data` (a whole data file) without `code`: its subject row, its logs and its own cases;
    group cases keep their other codes."""
    cleaned = dict(data)
    cleaned[SUBJECTS] = {k: r for k, r in data.get(SUBJECTS, {}).items() if r.get("code") != code}
    cleaned[LOGS] = {k: r for k, r in data.get(LOGS, {}).items() if r.get("subject") != code}
    cases = {}
    for key, record in data.get(CASES, {}).items():
        subjects = record.get("subjects", [])
        if code not in subjects:
            cases[key] = record
        elif len(subjects) > 1:
            cases[key] = dict(record, subjects=[other for other in subjects if other != code])
    cleaned[CASES] = cases
    return cleaned


STRUCTURAL_KEYS = frozenset({
    "subject", "subjects", "subject_kind", "measure", "start", "end", "created", "updated", "closed", "saved",
    "day", "decision", "frequency", "consent_pupil", "consent_parents", "question_id", "meeting_id",
    "evaluation_dates", "author", "agenda", "current", "ended", "code", "kind",
})  # fmt: skip
"""Keys whose values are codes, ids, times or choices rather than free text: never searched or rewritten."""
FREE_TEXT_TABLES = (LOGS, CASES, NOTES, MEETINGS)


def _free_texts(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every free text in a record with where it stands; earlier versions (revisions) included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in STRUCTURAL_KEYS:
                yield from _free_texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _free_texts(item, (*path, index))


def other_codes(data: dict[str, Any], code: str) -> list[str]:
    """The codes of `data`'s subjects other than `code` (and other than it in another case)."""
    folded = code.casefold()
    codes = (str(r.get("code", "")) for r in data.get(SUBJECTS, {}).values())
    return [other for other in codes if other and other.casefold() != folded]


def find_mentions(data: dict[str, Any], code: str) -> list[Mention]:
    """Every free text in `data` (a whole data file) that mentions `code` (see `records.mentions`):
    titles, problems, notes, evaluations, meeting titles, and every earlier version of them.
    Another code of the file that begins with it («7B-gr1» for «7B») is not a mention."""
    found = []
    matcher = CodeMatcher(code, other_codes(data, code))
    for table in FREE_TEXT_TABLES:
        for key, record in data.get(table, {}).items():
            for path, text in _free_texts(record):
                count = matcher.count(text)
                if count:
                    where = ".".join(map(str, path))
                    found.append(Mention(table, int(key), where, matcher.excerpt(text, 48), count))
    return found


def _replaced(value: Any, matcher: CodeMatcher, word: str) -> Any:
    if isinstance(value, str):
        return matcher.replace(value, word)
    if isinstance(value, dict):
        return {k: v if k in STRUCTURAL_KEYS else _replaced(v, matcher, word) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(item, matcher, word) for item in value]
    return value


def replace_code_in_texts(data: dict[str, Any], code: str, word: str, note: dict[str, Any]) -> dict[str, Any]:
    """`data` with every mention of `code` in free text replaced by `word`; each record changed
    gets `note` (a stored revision) added to its revisions. Meetings keep no revisions and get none."""
    cleaned = dict(data)
    matcher = CodeMatcher(code, other_codes(data, code))
    for table in FREE_TEXT_TABLES:
        rows = data.get(table, {})
        changed = {}
        for key, record in rows.items():
            if any(matcher.mentions(text) for _, text in _free_texts(record)):
                new = _replaced(record, matcher, word)
                if table != MEETINGS:
                    new["revisions"] = [*new.get("revisions", []), note]
                changed[key] = new
        if changed:
            cleaned[table] = {**rows, **changed}
    return cleaned


def raw_mentions(raw: bytes, code: str) -> bool:
    """True if the bytes of a file that cannot be parsed mention `code` (JSON escapes undone as spaces)."""
    text = _JSON_ESCAPE.sub(" ", raw.decode("utf-8", "replace"))
    return mentions(text, code)


_JSON_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")


def default_author() -> str:
    """The account name of the process's real user id, for the author field.

    Never `LOGNAME`/`USER` (which anyone can set to anyone) and never the terminal's login
    name (`os.getlogin`, which `su` or `sudo` leave as someone else's): on a shared school
    server, who wrote a record is the account that wrote it.
    """
    import pwd

    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"
