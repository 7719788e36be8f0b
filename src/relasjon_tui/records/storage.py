"""Provides SafeStorage: a TinyDB storage that cannot lose, corrupt or leak the data file.

TinyDB's JSONStorage rewrites the file in place, follows symlinks, creates files 0644 and
knows nothing of other processes. This storage instead:

- keeps the TinyDB JSON file as a checkpoint and appends each save's changed records as one
  fsynced line to a journal beside it (records/journal.py), so a save costs what changed, not
  the size of the file; readers see checkpoint plus journal;
- folds the journal into the checkpoint (a private temp file beside it, fsynced, `os.replace`d,
  directory fsynced: `fsutil.write_private_atomic`) when it grows, at close, on every save that
  removes a record and before anything that rewrites files, so a crash leaves the old or the
  new file, and nothing a deletion took away stays in a journal;
- appends an entry to the history (records/history.py) for every record each save changes;
- is used only under `locked()`, an `flock` on a lock file, so two instances never lose
  each other's writes; it rereads when the files changed (inode, size, mtime; a journal that
  only grew is read from where it was read before); everything
  TinyDB writes inside one `locked()` block reaches the file as one atomic save, or not at all;
- refuses symlinks at the data, journal, lock, temp and backup paths, creates the folder 0700 and
  files 0600, and warns about looser modes;
- keeps one backup a day, the last seven, as private as the data;
- refuses a file it cannot trust (unreadable, not JSON, wrongly shaped, empty, or from a
  newer version of the app): it raises DataFileError and never writes over it.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from relasjon_tui import paths
from relasjon_tui.fsutil import (
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    TEAM_DIR_MODE,
    TEAM_FILE_MODE,
    TEMP_SUFFIX,
    UnsafePathError,
    append_private,
    ensure_private_dir,
    fsync_dir,
    is_team_folder,
    open_created,
    os_reason,
    read_regular,
    refuse_foreign_owner,
    refuse_symlink,
    write_private_atomic,
)
from relasjon_tui.records import history, journal, quarantine
from relasjon_tui.records.history import HISTORY_TABLE
from relasjon_tui.records.journal import JOURNAL_TABLE, JournalDamaged, JournalRead, journal_path
from relasjon_tui.records.kinds import RECORD_TABLES
from relasjon_tui.records.kinds import damaged as breaks_rules
from relasjon_tui.records.rules import valid_key
from relasjon_tui.strings import t

SCHEMA_VERSION = 3
"""1: subjects and logs. 2 adds question notes and meetings, 3 adds cases (new tables each time,
so an older file is a valid newer one)."""
META_TABLE = "meta"
BACKUPS_KEPT = 7
BACKUP_DIR_NAME = "sikkerhetskopier"
UNTRACKED = frozenset({META_TABLE, HISTORY_TABLE, JOURNAL_TABLE})
"""Tables that are not records: the file's own facts, the history, the checkpoint's id."""
NOT_DIFFED = frozenset({HISTORY_TABLE, JOURNAL_TABLE})
"""Tables a save does not compare: the history is written by the save itself, the id only by a fold."""
FOLD_AT_BYTES = 1 << 20
"""The journal is folded when it passes this, or a quarter of the checkpoint if that is more:
reading it stays a small part of reading the file, and folds stay rare."""


class DataFileError(Exception):
    """The data file cannot be trusted. It is left exactly as it is."""

    def __init__(self, path: Path, reason: str, backups: list[Path]) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.backups = backups


class WriteError(OSError):
    """Saving failed (full disk, read-only folder, …); the file on disk is unchanged."""

    def __str__(self) -> str:
        # The sentence for the user, which every screen shows with str(error); never «[Errno 28] …».
        return str(self.strerror) if self.strerror else super().__str__()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def backups_of(path: Path) -> list[Path]:
    """Backups of the data file, newest first."""
    folder = path.parent / BACKUP_DIR_NAME
    try:
        found = [p for p in folder.glob(f"{path.stem}-*.json") if p.is_file() and not p.is_symlink()]
    except OSError:
        return []
    return sorted(found, reverse=True)


def decode_file(raw: bytes, path: Path) -> dict[str, Any]:
    """Parse a data file's bytes and check what the whole file must be: JSON, one object of
    tables, each table an object, a schema version this app knows. Records are not looked
    at here (a damaged record is quarantined, see records/quarantine.py, not fatal).
    Raises DataFileError if the file is not ours."""

    def fail(reason: str) -> DataFileError:
        return DataFileError(path, reason, backups_of(path))

    if not raw.strip():
        raise fail(t("data_empty"))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        # Where, not orjson's English words for what («unexpected end of data»).
        raise fail(t("data_not_json", line=error.lineno, column=error.colno)) from None
    if not isinstance(data, dict):
        raise fail(t("data_wrong_shape"))
    if orjson.dumps(data) != raw and _lossy(raw):
        # Not as the app writes it (edited by hand?) and reading it would lose something a save
        # then drops: a key twice in one object, or a whole number too large to keep exactly.
        raise fail(t("data_lossy"))
    return check_tables(data, path)


def check_tables(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Check what a whole data file must be beyond JSON (see `decode_file`); returns `data`."""

    def fail(reason: str) -> DataFileError:
        return DataFileError(path, reason, backups_of(path))

    for name, table in data.items():
        if not isinstance(table, dict):
            raise fail(t("data_wrong_table", table=name))
    meta = data.get(META_TABLE, {})
    if not all(valid_key(key) and isinstance(record, dict) for key, record in meta.items()):
        raise fail(t("data_wrong_table", table=META_TABLE))  # the file's own facts: no quarantine
    first: dict[str, Any] = next(iter(meta.values()), {}) if meta else {}
    version = first.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise fail(t("data_schema_type", value=orjson.dumps(version).decode()[:40]))
    if version > SCHEMA_VERSION:
        raise fail(t("data_newer_schema", version=version, ours=SCHEMA_VERSION))
    return data


def _lossy(raw: bytes) -> bool:
    """True if parsing `raw` as orjson does would lose part of it (a key twice in one object,
    an integer beyond 64 bits, which orjson reads as a float). Asked only of files that are not
    byte for byte what the app would write, so files the app wrote never pay for it."""
    found = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        found = found or len({key for key, _ in items}) != len(items)
        return dict(items)

    def whole(text: str) -> int:
        nonlocal found
        number = int(text)
        found = found or not -(2**63) <= number < 2**64
        return number

    try:
        json.loads(raw, object_pairs_hook=pairs, parse_int=whole)
    except ValueError:
        return False  # orjson read it; what the standard parser refuses is not ours to judge
    return found


def decode(raw: bytes, path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Like `decode_file`, and every record an object under a plain-digit key: the strict form
    needed by code that edits a kept file record by record (backups, damaged copies)."""
    data = decode_file(raw, path)
    for name, table in data.items():
        if not all(valid_key(key) and isinstance(doc, dict) for key, doc in table.items()):
            raise DataFileError(path, t("data_wrong_table", table=name), backups_of(path))
    return data


@dataclass
class Loaded:
    """A data file read with its journal: the whole content, and what the journal held."""

    data: dict[str, Any]
    checkpoint: tuple[int, int, int]
    journal: JournalRead
    journal_stamp: tuple[int, int, int] | None


def load(path: Path) -> Loaded:
    """Read the data file and replay its journal (see records/journal.py). Raises DataFileError
    if either cannot be trusted, FileNotFoundError if there is no data file. Only the lock holder
    may fold, so a reader without the lock retries until both files stayed the same meanwhile."""
    side = journal_path(path)
    for _ in range(50):
        before = (_stamp(path), _stamp(side))
        try:
            loaded = _load_once(path, side)
        except (DataFileError, FileNotFoundError):
            if (_stamp(path), _stamp(side)) == before:
                raise
            continue  # a fold replaced the file or removed the journal while it was read
        if (_stamp(path), _stamp(side)) == before:
            return loaded
    return _load_once(path, side)


def _load_once(path: Path, side: Path) -> Loaded:
    stamp = _stamp(path)
    if stamp is None:
        if _stamp(side) is not None:
            raise DataFileError(path, t("data_journal_alone", journal=side), backups_of(path))
        raise FileNotFoundError(path)
    refuse_symlink(path)
    refuse_symlink(side)
    refuse_foreign_owner(path)
    try:
        raw = read_regular(path)
    except OSError as error:
        raise DataFileError(path, t("data_unreadable", error=os_reason(error)), backups_of(path)) from None
    data = decode_file(raw, path)
    base, folded = journal.checkpoint_ids(data)
    side_stamp = _stamp(side)
    read = JournalRead()
    if side_stamp is not None:
        refuse_foreign_owner(side)
        try:
            read = journal.read_journal(side, base, folded)
        except JournalDamaged as error:
            raise DataFileError(path, t("data_journal_damaged", journal=side, where=error), backups_of(path)) from None
        except OSError as error:
            raise DataFileError(path, t("data_unreadable", error=os_reason(error)), backups_of(path)) from None
        for changes in read.changes:
            journal.apply(data, changes)
        if read.changes:
            check_tables(data, path)
    return Loaded(data, stamp, read, side_stamp)


class _CopyOnGet(dict):
    """A table handed to TinyDB's updaters: a document taken by key is replaced by a copy first,
    so an update puts a new record object and never changes the stored one in place."""

    def __getitem__(self, key: Any) -> Any:
        copy = dict(super().__getitem__(key))
        super().__setitem__(key, copy)
        return copy


class CopyingTable(Table):
    """A TinyDB table whose updates never change a stored record in place: the storage tells
    what a save changed by object identity (see `journal.diff`)."""

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        def copying(table: dict[int, Any]) -> None:
            tracked = _CopyOnGet(table)
            updater(tracked)
            table.clear()
            table.update(tracked)

        super()._update_table(copying)


class TrackingTinyDB(TinyDB):
    """TinyDB with `CopyingTable`s: the one to use over a SafeStorage."""

    table_class = CopyingTable


def _refuse_outsider(folder: Path) -> None:
    """A folder shared by a group (a team folder) that this login cannot use gets one sentence
    (not a member; or a member whose new membership needs a new login), before anything is touched."""
    try:
        info = os.stat(folder)
    except OSError:
        return
    if info.st_mode & stat.S_ISGID:
        from relasjon_tui.team import membership_problem

        problem = membership_problem(info.st_gid)
        if problem:
            raise UnsafePathError(problem)


class SafeStorage(Storage):
    """A file storage for TinyDB; every read and write must happen inside `locked()`."""

    def __init__(
        self,
        path: Path,
        *,
        today: Callable[[], date] = date.today,
        own_folder: bool | None = None,
        author: str = "",
    ) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self.journal_path = journal_path(path)
        self.backup_dir = path.parent / BACKUP_DIR_NAME
        self._today = today
        self.author = author
        """Who each history entry says made the change: the account, passed in by the store."""
        _refuse_outsider(path.parent)
        ensure_private_dir(path.parent)
        refuse_symlink(path)
        refuse_symlink(self.lock_path)
        refuse_symlink(self.journal_path)
        refuse_foreign_owner(path)
        # The app's own data folder is made private again if something widened it; a folder
        # the user chose with --data or RELASJON_DATA may be shared on purpose (a team
        # folder), so there the looser mode is only warned about.
        self.own_folder = paths.is_app_data_dir(path.parent) if own_folder is None else own_folder
        self.warnings = self._tighten_folder() if self.own_folder else []
        self.warnings += self._mode_warnings()
        self.damaged: quarantine.Tables = {}
        """Records that break the rules, by table and key: kept aside, put back on every save."""
        self._data: dict[str, Any] | None = None
        self._stamp: tuple[object, object] | None = None
        self._before: dict[str, dict[str, Any]] = {}
        """What the files held when last read or saved (tables copied shallowly): a save writes
        what differs from it."""
        self._base: str | None = None
        """The checkpoint's id, which journal lines must name."""
        self._journal_end = 0
        self._journal_clean = True
        """False when the journal holds a torn or already folded line: the next save folds."""
        self._checkpoint_size = 0
        self._chain: history.Chain | None = None
        self._aside: dict[str, set[str]] = {}
        """The keys of the damaged records on disk, by table (see `_save`)."""
        self._fold_next = False
        self._lock_fd: int | None = None
        self._depth = 0
        self._dirty = False
        with self.locked():
            self._remove_stale_temp_files()

    def _tighten_folder(self) -> list[str]:
        folder = self.path.parent
        try:
            mode = stat.S_IMODE(os.stat(folder).st_mode)
            if mode & 0o077:
                os.chmod(folder, PRIVATE_DIR_MODE)
                return [t("data_dir_tightened", path=folder, mode=f"{mode:o}")]
        except OSError:
            pass  # then the mode warning below says what is wrong
        return []

    def _mode_warnings(self) -> list[str]:
        # In a team folder the group may read and write, others never; elsewhere only the owner.
        team = is_team_folder(self.path.parent)
        folder_mode, file_mode = (TEAM_DIR_MODE, TEAM_FILE_MODE) if team else (PRIVATE_DIR_MODE, PRIVATE_FILE_MODE)
        too_wide = 0o007 if team else 0o077
        warnings = []
        targets = ((self.path.parent, folder_mode), (self.path, file_mode), (self.journal_path, file_mode))
        for target, wanted in targets:
            try:
                info = os.stat(target)
            except FileNotFoundError:
                continue
            mode = stat.S_IMODE(info.st_mode)
            if mode & too_wide:
                warnings.append(t("data_loose_mode", path=target, mode=f"{mode:o}", wanted=f"{wanted:o}"))
            if team and info.st_gid != os.stat(self.path.parent).st_gid:
                warnings.append(t("team_wrong_group", path=target))
        return warnings

    def _remove_stale_temp_files(self) -> None:
        # Writers hold the lock while their temp file exists, so any found now is left over
        # from a crash.
        for leftover in self.path.parent.glob(f".{self.path.name}.*{TEMP_SUFFIX}"):
            leftover.unlink(missing_ok=True)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the exclusive lock (re-entrant). Writes made inside are saved once, when the
        outermost block ends without an exception; after an exception they are dropped."""
        outer = self._depth == 0
        if outer:
            if self._lock_fd is None:
                flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
                try:
                    self._lock_fd = open_created(self.lock_path, flags)
                except OSError as error:
                    if self.lock_path.is_symlink():
                        raise UnsafePathError(t("data_symlink", path=self.lock_path)) from None
                    raise WriteError(
                        error.errno, t("data_lock_failed", path=self.lock_path, error=os_reason(error))
                    ) from None
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            except OSError as error:  # a filesystem without working locks (some network shares)
                raise WriteError(error.errno, t("data_no_flock", path=self.lock_path)) from None
        self._depth += 1
        try:
            yield
            if outer and (self._dirty or self._fold_next):
                self._save()
        except BaseException:
            if outer:
                self._forget()
            raise
        finally:
            self._depth -= 1
            if outer and self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def version(self) -> tuple[object, object]:
        """A cheap token of what is on disk now (no read): it changes whenever any process saves,
        whether the save went to the journal or rewrote the checkpoint. Open views compare it to
        notice another member's save (see the team issue)."""
        return (_stamp(self.path), _stamp(self.journal_path))

    def _forget(self) -> None:
        # TinyDB changes the cached dict in place before calling write: after a failure the
        # cache no longer matches the file, so the next read must come from disk.
        self._data, self._stamp, self._dirty, self.damaged = None, None, False, {}
        self._before, self._chain, self._fold_next = {}, None, False

    def read(self) -> dict[str, Any] | None:
        if self._dirty:
            return self._data  # changes of the running transaction, not saved yet
        stamp = self.version()
        if stamp[0] is None and stamp[1] is None:
            self._forget()
            return None
        if stamp == self._stamp and self._data is not None:
            return self._data
        if self._only_journal_grew(stamp):
            self._read_journal_tail()
        else:
            self._read_all()
        return self._data

    def _only_journal_grew(self, stamp: tuple[object, object]) -> bool:
        if self._data is None or self._stamp is None or not self._journal_clean or stamp[0] != self._stamp[0]:
            return False
        now, then = stamp[1], self._stamp[1]
        if not isinstance(now, tuple):
            return False
        return then is None or (isinstance(then, tuple) and now[0] == then[0] and now[1] >= self._journal_end)

    def _read_all(self) -> None:
        try:
            loaded = load(self.path)
        except FileNotFoundError:
            self._forget()
            return
        read = loaded.journal
        if read.torn:
            self.warnings.append(t("data_journal_torn", journal=self.journal_path))
        self._data, self.damaged = quarantine.split(loaded.data)
        self._settle()
        self._before = journal.snapshot(loaded.data, NOT_DIFFED)
        self._base = journal.checkpoint_ids(loaded.data)[0]
        self._journal_end, self._journal_clean = read.end, not (read.torn or read.stale)
        self._checkpoint_size = loaded.checkpoint[1]
        self._chain = None
        self._stamp = (loaded.checkpoint, loaded.journal_stamp)

    def _read_journal_tail(self) -> None:
        """Another process appended to the journal: take in only its new lines."""
        assert self._data is not None
        refuse_symlink(self.journal_path)
        try:
            read = journal.read_journal(self.journal_path, self._base, None, self._journal_end)
        except JournalDamaged as error:
            raise DataFileError(
                self.path, t("data_journal_damaged", journal=self.journal_path, where=error), backups_of(self.path)
            ) from None
        except OSError as error:
            reason = t("data_unreadable", error=os_reason(error))
            raise DataFileError(self.path, reason, backups_of(self.path)) from None
        if read.torn:
            self.warnings.append(t("data_journal_torn", journal=self.journal_path))
        for changes in read.changes:
            for table, rows in changes.items():
                self._take_in(table, rows)
        self._settle()
        self._journal_end, self._journal_clean = read.end, not read.torn
        self._stamp = self.version()

    def _settle(self) -> None:
        """What memory holds is on disk now: the next save starts from here."""
        assert self._data is not None
        journal.tracked(self._data, NOT_DIFFED)
        self._aside = {table: set(rows) for table, rows in self.damaged.items()}

    def _take_in(self, table: str, rows: dict[str, Any]) -> None:
        assert self._data is not None
        current = self._data.setdefault(table, {})
        if table in RECORD_TABLES:
            aside = self.damaged.get(table, {})
            for key, record in rows.items():
                if breaks_rules(table, key, record):
                    aside[key] = record
                    current.pop(key, None)
                else:
                    current[key] = record
                    aside.pop(key, None)
            self.damaged = {name: found for name, found in {**self.damaged, table: aside}.items() if found}
        else:
            current.update(rows)
        if table not in NOT_DIFFED:
            self._before.setdefault(table, {}).update(rows)
        if table == HISTORY_TABLE and self._chain is not None:
            self._chain.update(rows)

    def write(self, data: dict[str, Any]) -> None:
        if self._depth == 0:
            raise RuntimeError("SafeStorage.write outside locked()")
        self._data = data
        self._dirty = True

    def _save(self) -> None:
        if self._data is None:  # a fold asked for on a file that is not there
            self._fold_next = False
            return
        self._data.setdefault(HISTORY_TABLE, {})
        try:
            whole = quarantine.merge(self._data, self.damaged)
        except ValueError as error:
            raise WriteError(0, t("data_write_failed", path=self.path, error=error)) from None
        for table, keys in self._aside.items():
            rows = whole.get(table)
            if isinstance(rows, journal.TrackedRows):
                rows.touched |= keys  # a damaged record moved out is a removal the table did not see
        changed, removed = journal.diff(self._before, whole, NOT_DIFFED)
        if changed or removed:
            if self._chain is None:
                self._chain = history.Chain.of(self._data[HISTORY_TABLE])
            moment = datetime.now().astimezone().isoformat(timespec="seconds")
            written = history.record_changes(whole, changed, removed, self._chain, self.author, moment, UNTRACKED)
            if written:
                changed[HISTORY_TABLE] = written
        elif not self._fold_next:
            self._dirty = False
            return
        fold = bool(removed) or self._fold_next or not self._journal_clean or self._base is None
        line = b"" if fold else journal.encode_line(str(self._base), changed)
        fold = fold or self._journal_end + len(line) > max(FOLD_AT_BYTES, self._checkpoint_size // 4)
        try:
            self._backup_if_due()
            if fold:
                self._fold(whole)
            else:
                self._journal_end = append_private(self.journal_path, line)
        except UnsafePathError:
            raise
        except OSError as error:
            raise WriteError(error.errno, t("data_write_failed", path=self.path, error=os_reason(error))) from None
        if fold:
            self._before = journal.snapshot(whole, NOT_DIFFED)
        else:
            for table, rows in changed.items():
                if table not in NOT_DIFFED:
                    self._before.setdefault(table, {}).update(rows)
        self._settle()
        self._dirty = self._fold_next = False
        self._stamp = self.version()

    def _fold(self, whole: dict[str, Any]) -> None:
        """Write everything to the checkpoint under a new id, then remove the journal (see
        records/journal.py for why a crash between the two loses nothing)."""
        assert self._data is not None
        base = secrets.token_hex(8)
        ids = {"1": {"base": base, "folded": self._base}}
        self._data[JOURNAL_TABLE] = whole[JOURNAL_TABLE] = ids
        encoded = orjson.dumps(whole)
        write_private_atomic(self.path, encoded)
        self._base, self._checkpoint_size = base, len(encoded)
        refuse_symlink(self.journal_path)
        try:
            self.journal_path.unlink()
            fsync_dir(self.path.parent)
        except FileNotFoundError:
            pass
        self._journal_end, self._journal_clean = 0, True

    def fold(self) -> None:
        """Fold the journal into the checkpoint now, if it holds anything (under the lock)."""
        with self.locked():
            self.read()
            if _stamp(self.journal_path) is not None:
                self._fold_next = True

    def _backup_if_due(self) -> None:
        if _stamp(self.path) is None:
            return
        target = self.backup_dir / f"{self.path.stem}-{self._today().isoformat()}.json"
        if target.exists() and not target.is_symlink():
            return
        write_private_atomic(target, _whole_file(self.path))
        for old in backups_of(self.path)[BACKUPS_KEPT:]:
            old.unlink(missing_ok=True)

    def move_damaged_out(self) -> tuple[int, Path | None, Path | None]:
        """Move every damaged record into a private file of its own beside the data file
        (`relasjon.json.skadet-poster-…`, shaped like a data file), after copying the data file
        to the backup folder. Returns (records moved, that file, the backup)."""
        self.fold()
        with self.locked():
            self.read()
            if not self.damaged:
                return 0, None, None
            moment = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = self.backup_dir / f"{self.path.stem}-{self._today().isoformat()}-reparasjon-{moment}.json"
            target = self.path.with_name(f"{self.path.name}.skadet-poster-{moment}")
            try:
                write_private_atomic(backup, read_regular(self.path))
                write_private_atomic(target, orjson.dumps(self.damaged))
            except UnsafePathError:
                raise
            except OSError as error:
                raise WriteError(error.errno, t("data_write_failed", path=target, error=os_reason(error))) from None
            moved = quarantine.count(self.damaged)
            self.damaged = {}
            self._dirty = True  # saved when the block ends: the data file without them
        return moved, target, backup

    def kept_files(self) -> list[Path]:
        """Every other file beside the data file that holds records: backups, and damaged files
        (and their journals) kept when a backup was restored."""
        damaged = [p for p in self.path.parent.glob(f"{self.path.name}.skadet-*") if p.is_file() and not p.is_symlink()]
        return backups_of(self.path) + sorted(damaged)

    def rewrite_kept_files(
        self, transform: Callable[[dict[str, Any]], dict[str, Any]], mentioned: Callable[[bytes], bool]
    ) -> int:
        """Rewrite every kept file through `transform`, atomically and privately; the journal is
        folded first, so no line of it keeps what `transform` takes away.

        A kept file that cannot be read as a data file cannot be cleaned record by record; if
        `mentioned` finds what is being deleted in it, it is removed. Returns how many files were removed.
        """
        removed = 0
        self.fold()
        with self.locked():
            for path in self.kept_files():
                raw = read_regular(path)
                try:
                    data = decode(raw, path)
                except DataFileError:
                    if mentioned(raw):
                        path.unlink()
                        removed += 1
                    continue
                cleaned = transform(data)
                if cleaned != data:
                    cleaned = history.drop_salts_of_changed(data, cleaned, UNTRACKED)
                    write_private_atomic(path, orjson.dumps(cleaned))
        return removed

    def close(self) -> None:
        """Fold the journal (so the file stands alone at exit) and let go of the lock file."""
        if self._lock_fd is not None:
            try:
                self.fold()
            except (DataFileError, OSError):
                pass  # the file could not be read or written: it stays as it is, journal and all
            os.close(self._lock_fd)
            self._lock_fd = None


def _whole_file(path: Path) -> bytes:
    """The data file's bytes with its journal folded in, as a file of its own: with a new
    checkpoint id, so the journal (which goes on with the old one) is never replayed onto it."""
    if _stamp(journal_path(path)) is None:
        return read_regular(path)
    data = load(path).data
    data[JOURNAL_TABLE] = {"1": {"base": secrets.token_hex(8), "folded": None}}
    return orjson.dumps(data)


def backup_problem(backup: Path) -> str | None:
    """Why `backup` cannot be put in place of the data file, or None if it can: read and
    checked as `restore_backup` reads it, nothing written."""
    try:
        decode_file(read_regular(backup), backup)
    except DataFileError as error:
        return error.reason
    except OSError as error:
        return os_reason(error)
    return None


def _unused_name(path: Path) -> Path:
    """`path`, or `path-2`, `-3` …: the first name nothing has (a file kept the same second is never written over)."""
    candidate, number = path, 1
    while os.path.lexists(candidate) or os.path.lexists(candidate.with_name(candidate.name + journal.JOURNAL_SUFFIX)):
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def restore_backup(path: Path, backup: Path) -> Path:
    """Put `backup` in place of the data file. The file it replaces is kept beside it,
    renamed, never deleted (with its journal folded in, or the journal kept beside it when
    the file cannot be read). Returns where the replaced file went (or the data path if there was none)."""
    raw = read_regular(backup)
    data = decode_file(raw, backup)  # damaged records in it are quarantined when it is read
    side = journal_path(path)
    kept = path
    if _stamp(path) is not None:
        kept = _unused_name(path.with_name(f"{path.name}.skadet-{datetime.now().strftime('%Y%m%d-%H%M%S')}"))
        try:
            write_private_atomic(kept, _whole_file(path))
        except DataFileError:
            os.replace(path, kept)
            if _stamp(side) is not None:
                os.replace(side, kept.with_name(kept.name + journal.JOURNAL_SUFFIX))
    if _stamp(side) is not None:
        # The backup gets an id of its own first: until the journal is gone, it is never replayed onto it.
        data[JOURNAL_TABLE] = {"1": {"base": secrets.token_hex(8), "folded": None}}
        raw = orjson.dumps(data)
    write_private_atomic(path, raw)
    side.unlink(missing_ok=True)
    return kept
