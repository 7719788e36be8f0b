"""Provides RecordStore, the one door to the records: a thin facade over the record-kind registry
(records/kinds.py), transactions (records/transactions.py), purging (records/purge.py),
progress indexes (records/progress.py) and transfer (records/transfer.py).

Every operation runs in one locked transaction, safe across processes (records/storage.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from relasjon_tui.fsutil import TEMP_SUFFIX, read_regular
from relasjon_tui.records import progress, quarantine
from relasjon_tui.records.cases import Case
from relasjon_tui.records.conflicts import StaleRecord
from relasjon_tui.records.importing import ImportPlan, plan_import
from relasjon_tui.records.kinds import BY_TABLE, KINDS, RecordKind, codes_of, without_code
from relasjon_tui.records.mentions import Mention
from relasjon_tui.records.model import SessionLog, SubjectKind, log_from_record
from relasjon_tui.records.purge import find_mentions, purge_subject, raw_mentions, replace_code_in_texts
from relasjon_tui.records.reflection import (
    Meeting,
    QuestionNote,
    QuestionStatus,
    note_from_record,
    note_to_record,
    question_statuses,
)
from relasjon_tui.records.rules import CASES, LOGS, MEETINGS, NOTES, SUBJECTS, Problem
from relasjon_tui.records.storage import SCHEMA_VERSION, DataFileError, SafeStorage, decode
from relasjon_tui.records.transactions import MemoryStore, Storage, Transaction, transaction
from relasjon_tui.records.transfer import dump_of, with_import
from relasjon_tui.strings import t


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


class RecordStore:
    """Every record kind in one file (or in memory when `path` is None, for tests).

    A facade: the generic methods (`add`, `get`, `all`, `replace`, `delete`) work for every kind
    of the registry (records/kinds.py); the per-kind methods below are the queries the screens
    need. Transactions, purging, progress and transfer live in their own modules.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._storage: Storage = SafeStorage(path, author=default_author()) if path is not None else MemoryStore()

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
    def _transaction(self) -> Iterator[Transaction]:
        with transaction(self._storage) as tx:
            yield tx

    def check_readable(self) -> None:
        """Read the file now; raises DataFileError if it cannot be trusted."""
        with self._transaction():
            pass

    def damaged(self) -> list[Problem]:
        """What is wrong with each record held aside as damaged (see records/quarantine.py)."""
        with self._transaction() as tx:
            return quarantine.problems_of(tx.damaged)

    def move_damaged_out(self) -> tuple[int, Path | None, Path | None]:
        """`relasjon sjekk --reparer`: see `SafeStorage.move_damaged_out` (nothing to do in memory)."""
        if not isinstance(self._storage, SafeStorage):
            return 0, None, None
        return self._storage.move_damaged_out()

    def damaged_count(self) -> int:
        """How many records are held aside as damaged: not shown, never written over."""
        with self._transaction() as tx:
            return quarantine.count(tx.damaged)

    # Any record kind

    @staticmethod
    def _kind(table: str) -> RecordKind:
        kind = BY_TABLE[table]
        if kind.to_record is None or kind.from_record is None:
            raise TypeError(f"{table} has no dataclass")
        return kind

    def _codes_known(self, tx: Transaction, kind: RecordKind, record: dict[str, Any], when: datetime | None) -> None:
        # A record about codes makes them known pupils or groups (one code: a pupil, several: a group).
        for name in kind.subject_fields:
            value = record.get(name)
            if isinstance(value, str):
                tx.ensure_subject(value, record.get("subject_kind", "elev"), when)
            elif isinstance(value, list):
                for code in value:
                    tx.ensure_subject(code, "elev" if len(value) == 1 else "gruppe", when)

    def add(self, table: str, item: Any) -> int:
        """Store a validated record of the kind stored in `table`; the codes it is about become
        known subjects. Returns the new id."""
        kind = self._kind(table)
        assert kind.to_record is not None
        record = kind.to_record(item)
        with self._transaction() as tx:
            tx.ensure_meta()
            self._codes_known(tx, kind, record, getattr(item, "created", None))
            return tx.append(table, record)

    def get(self, table: str, key: int) -> Any | None:
        """The record `key` of `table` as its dataclass, or None."""
        kind = self._kind(table)
        assert kind.from_record is not None
        with self._transaction() as tx:
            record = tx.rows(table).get(str(key))
        return kind.from_record(record, key) if record is not None else None

    def all(self, table: str) -> list[Any]:
        """Every record of `table` as its dataclass, in stored order."""
        kind = self._kind(table)
        assert kind.from_record is not None
        with self._transaction() as tx:
            rows = tx.rows(table)
        return [kind.from_record(record, int(key)) for key, record in rows.items()]

    def replace(self, table: str, item: Any, *, expected: Any | None = None) -> None:
        """Write a new version of an existing record (its `id` says which); KeyError if it is gone.

        With `expected` (the record as the user opened it), the write happens only if the record is
        still stored like that, checked in the same locked transaction; otherwise StaleRecord says
        how it is stored now and nothing is written. So a change by someone else is never overwritten
        by a save that did not see it."""
        kind = self._kind(table)
        assert kind.to_record is not None and kind.from_record is not None
        if item.id is None:
            raise ValueError(f"{table}: record has no id")
        record = kind.to_record(item)
        with self._transaction() as tx:
            stored = tx.rows(table).get(str(item.id))
            if expected is not None:
                current = kind.from_record(stored, item.id) if stored is not None else None
                if current != expected:
                    raise StaleRecord(current)
            elif stored is None:
                raise KeyError(item.id)
            tx.ensure_meta()
            self._codes_known(tx, kind, record, getattr(item, "updated", None))
            tx.put(table, item.id, record)

    def delete(self, table: str, key: int) -> bool:
        """Remove one record; False if there was none."""
        with self._transaction() as tx:
            return tx.remove(table, key)

    # Logs

    def add_log(self, log: SessionLog) -> int:
        """Store a validated log; its subject is created if new. Returns the new id."""
        return self.add(LOGS, log)

    def get_log(self, log_id: int) -> SessionLog | None:
        return self.get(LOGS, log_id)

    def replace_log(self, log: SessionLog, *, expected: SessionLog | None = None) -> None:
        """Write a new version of an existing log (see `SessionLog.edited`, and `replace` for `expected`)."""
        self.replace(LOGS, log, expected=expected)

    def delete_log(self, log_id: int) -> bool:
        return self.delete(LOGS, log_id)

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
        author: str | None = None,
    ) -> tuple[list[SessionLog], int]:
        """The newest `limit` logs matching every filter, and how many match in all.

        Filtering and sorting work on the stored records; only the logs returned are built,
        which keeps the Logg area quick on a file of many thousand logs.
        """
        with self._transaction() as tx:
            rows = tx.rows(LOGS)
        keyed: list[tuple[datetime, int]] = []
        for key, doc in rows.items():
            if subject is not None and doc.get("subject") != subject:
                continue
            if measure is not None and doc.get("measure") != measure:
                continue
            if author is not None and doc.get("author") != author:
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
        with self._transaction() as tx:
            rows = tx.rows(LOGS)
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
        with self._transaction() as tx:
            return {str(record.get("measure")) for record in tx.rows(LOGS).values()}

    def count_logs(self) -> int:
        with self._transaction() as tx:
            return len(tx.rows(LOGS))

    def subjects(self) -> list[Subject]:
        with self._transaction() as tx:
            rows = tx.rows(SUBJECTS)
        return sorted(
            (Subject(str(doc["code"]), doc.get("kind", "elev")) for doc in rows.values()),
            key=lambda subject: subject.code.casefold(),
        )

    # Question notes

    def add_note(self, note: QuestionNote) -> int:
        """Store a validated note. Returns the new id."""
        return self.add(NOTES, note)

    def get_note(self, note_id: int) -> QuestionNote | None:
        return self.get(NOTES, note_id)

    def replace_note(self, note: QuestionNote, *, expected: QuestionNote | None = None) -> None:
        """Write a new version of an existing note (see `QuestionNote.edited`, and `replace` for `expected`)."""
        self.replace(NOTES, note, expected=expected)

    def delete_note(self, note_id: int) -> bool:
        return self.delete(NOTES, note_id)

    def notes_for(self, question_id: str) -> list[QuestionNote]:
        """The notes on one question, newest first."""
        with self._transaction() as tx:
            rows = tx.rows(NOTES)
        notes = [
            note_from_record(record, int(key))
            for key, record in rows.items()
            if record.get("question_id") == question_id
        ]
        return sorted(notes, key=lambda note: (note.created, note.id or 0), reverse=True)

    def meeting_notes(self, meeting_id: int) -> dict[str, QuestionNote]:
        """The notes written in one meeting, by question id."""
        with self._transaction() as tx:
            rows = tx.rows(NOTES)
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
        with self._transaction() as tx:
            rows = tx.rows(NOTES)
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
            tx.ensure_meta()
            if key is None:
                note = QuestionNote(question_id, text, author, created=now, updated=now, meeting_id=meeting_id)
                tx.append(NOTES, note_to_record(note))
            elif not text.strip():
                tx.remove(NOTES, int(key))
            elif rows[key].get("text") != text:
                record = dict(rows[key], text=text, updated=now.isoformat(), author=author)
                tx.put(NOTES, int(key), record)

    def noted_questions(self, author: str) -> set[str]:
        """The questions `author` has written a note on (alone or in a meeting)."""
        with self._transaction() as tx:
            return {str(r.get("question_id")) for r in tx.rows(NOTES).values() if r.get("author") == author}

    def question_statuses(self) -> dict[str, QuestionStatus]:
        """Every question's status (see `reflection.question_statuses`), in one pass over the file."""
        with self._transaction() as tx:
            notes, meetings = tx.rows(NOTES), tx.rows(MEETINGS)
        return question_statuses(notes.values(), meetings.values())

    # Meetings

    def add_meeting(self, meeting: Meeting) -> int:
        """Store a validated meeting. Returns the new id."""
        return self.add(MEETINGS, meeting)

    def replace_meeting(self, meeting: Meeting) -> None:
        """Write the meeting's current state (agenda times, position, end)."""
        self.replace(MEETINGS, meeting)

    def get_meeting(self, meeting_id: int) -> Meeting | None:
        return self.get(MEETINGS, meeting_id)

    def meetings(self) -> list[Meeting]:
        """Every meeting, newest first."""
        meetings: list[Meeting] = self.all(MEETINGS)
        return sorted(meetings, key=lambda meeting: (meeting.start, meeting.id or 0), reverse=True)

    def meeting_titles(self) -> dict[int, str]:
        """Every meeting's title by id, read without building the meetings."""
        with self._transaction() as tx:
            return {int(key): str(record.get("title", "")) for key, record in tx.rows(MEETINGS).items()}

    def open_meeting(self) -> Meeting | None:
        """The newest meeting that was started and never ended, if any."""
        return next((meeting for meeting in self.meetings() if meeting.is_open), None)

    # Cases

    def add_case(self, case: Case) -> int:
        """Store a validated case; its codes become known subjects. Returns the new id."""
        return self.add(CASES, case)

    def replace_case(self, case: Case, *, expected: Case | None = None) -> None:
        """Write the case's current plan, evaluations and state (see `replace` for `expected`)."""
        self.replace(CASES, case, expected=expected)

    def get_case(self, case_id: int) -> Case | None:
        return self.get(CASES, case_id)

    def cases(self) -> list[Case]:
        """Every case: open ones first, then by title."""
        cases: list[Case] = self.all(CASES)
        return sorted(cases, key=lambda case: (not case.is_open, case.title.casefold(), case.id or 0))

    def count_cases(self) -> int:
        with self._transaction() as tx:
            return len(tx.rows(CASES))

    def session_dates(self, codes: set[str]) -> dict[tuple[str, str], list[str]]:
        """(code, measure) to the ISO days of its logs, for the codes given (see records/progress.py)."""
        with self._transaction() as tx:
            return progress.session_dates(tx.rows(LOGS), codes)

    def session_days(self, codes: set[str] | None = None) -> dict[tuple[str, str], list[tuple[date, int]]]:
        """(code, measure) to the (day, minutes) of its logs (see records/progress.py)."""
        with self._transaction() as tx:
            return progress.session_days(tx.rows(LOGS), codes)

    def case_logs(self, case: Case) -> list[SessionLog]:
        """The session logs that count for the case's planned measures, oldest first."""
        with self._transaction() as tx:
            return progress.case_logs(tx.rows(LOGS), case)

    # Deleting a pupil or group everywhere

    def _about(self, tx: Transaction, code: str) -> dict[str, tuple[set[int], set[int]]]:
        # By table: (the records about `code` alone, which deleting it removes; the records about
        # it and others, which keep the others), for every kind that holds codes.
        found = {}
        for kind in KINDS:
            if not kind.subject_fields:
                continue
            alone: set[int] = set()
            shared: set[int] = set()
            for key, record in tx.rows(kind.table).items():
                if code in codes_of(kind, record):
                    (alone if without_code(kind, record, code) is None else shared).add(int(key))
            found[kind.table] = (alone, shared)
        return found

    def subject_records(self, code: str) -> dict[str, int]:
        """How many records would go with `code`: by table those about it alone («logs»,
        «cases»), «group_…» those it would be taken out of, and «subject» 1 if it is known."""
        with self._transaction() as tx:
            about = self._about(tx, code)
        counts = {"subject": len(about.pop(SUBJECTS, ((), ()))[0])}
        for table, (alone, shared) in about.items():
            counts[table] = len(alone)
            if BY_TABLE[table].shared:
                counts[f"group_{table}"] = len(shared)
        return counts

    def subject_record_ids(self, code: str) -> dict[str, set[int]]:
        """By table, the ids of the records about `code` alone (what deleting it removes)."""
        with self._transaction() as tx:
            about = self._about(tx, code)
        return {table: alone for table, (alone, _) in about.items() if table != SUBJECTS}

    def subject_mentions(self, code: str) -> list[Mention]:
        """The free texts that would still mention `code` once it is deleted: other pupils' logs,
        group cases, notes, meetings, and the earlier versions of each (see `find_mentions`)."""
        with self._transaction() as tx:
            return find_mentions(purge_subject(tx.data(), code), code)

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

        with self._transaction() as tx:
            counts = self.subject_records(code)
            if isinstance(self._storage, SafeStorage):
                self._storage.damaged = quarantine.without_mentions(self._storage.damaged, mentioned)
            data = tx.data()
            remaining = {(m.kind, m.id) for m in find_mentions(purge_subject(data, code), code)}
            counts["mentions"] = len(remaining)
            counts["replaced"] = len(remaining) if note else 0
            tx.write(transform(data))
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

        with self._transaction() as tx:
            data = tx.data()
            record = data.get(CASES, {}).get(key)
            if record is None:
                raise KeyError(case_id)
            counts = {"evaluations": len(record.get("evaluations", [])), "files_removed": 0, "temp_removed": 0}
            tx.write(transform(data))
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
        """The complete, lossless content (see `transfer.dump_of`)."""
        with self._transaction() as tx:
            return dump_of(tx.data(), tx.damaged, SCHEMA_VERSION)

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
        with self._transaction() as tx:
            plan = plan_import(
                dump, tx.data(), tx.damaged, measures=measures, questions=questions, schema_version=SCHEMA_VERSION
            )
            if plan.problems:
                raise ImportRefused(plan.problems)
            if dry_run or not plan.added:
                return plan
            data, subjects = with_import(tx.data(), plan)
            tx.write(data)
            tx.ensure_meta()
            for record in subjects:
                tx.append(SUBJECTS, record)
            return plan


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
