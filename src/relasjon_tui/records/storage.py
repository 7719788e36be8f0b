"""Provides SafeStorage: a TinyDB storage that cannot lose, corrupt or leak the data file.

TinyDB's JSONStorage rewrites the file in place, follows symlinks, creates files 0644 and
knows nothing of other processes. This storage instead:

- writes a private temp file beside the data, fsyncs it, `os.replace`s it and fsyncs the
  directory (`fsutil.write_private_atomic`), so a crash leaves the old or the new file;
- is used only under `locked()`, an `flock` on a lock file, so two instances never lose
  each other's writes; it rereads when the file changed (inode, size, mtime); everything
  TinyDB writes inside one `locked()` block reaches the file as one atomic save, or not at all;
- refuses symlinks at the data, lock, temp and backup paths, creates the folder 0700 and
  files 0600, and warns about looser modes;
- keeps one backup a day, the last seven, as private as the data;
- refuses a file it cannot trust (unreadable, not JSON, wrongly shaped, empty, or from a
  newer version of the app): it raises DataFileError and never writes over it.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from relasjon_tui import paths
from relasjon_tui.fsutil import (
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    TEMP_SUFFIX,
    UnsafePathError,
    ensure_private_dir,
    os_reason,
    read_regular,
    refuse_foreign_owner,
    refuse_symlink,
    write_private_atomic,
)
from relasjon_tui.records import quarantine
from relasjon_tui.records.rules import valid_key
from relasjon_tui.strings import t

SCHEMA_VERSION = 3
"""1: subjects and logs. 2 adds question notes and meetings, 3 adds cases (new tables each time,
so an older file is a valid newer one)."""
META_TABLE = "meta"
BACKUPS_KEPT = 7
BACKUP_DIR_NAME = "sikkerhetskopier"


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
        raise fail(t("data_not_json", error=error)) from None
    if not isinstance(data, dict):
        raise fail(t("data_wrong_shape"))
    if orjson.dumps(data) != raw and _lossy(raw):
        # Not as the app writes it (edited by hand?) and reading it would lose something a save
        # then drops: a key twice in one object, or a whole number too large to keep exactly.
        raise fail(t("data_lossy"))
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


class SafeStorage(Storage):
    """A file storage for TinyDB; every read and write must happen inside `locked()`."""

    def __init__(
        self, path: Path, *, today: Callable[[], date] = date.today, own_folder: bool | None = None
    ) -> None:
        self.path = path
        self.lock_path = path.with_name(path.name + ".lock")
        self.backup_dir = path.parent / BACKUP_DIR_NAME
        self._today = today
        ensure_private_dir(path.parent)
        refuse_symlink(path)
        refuse_symlink(self.lock_path)
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
        self._stamp: tuple[int, int, int] | None = None
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
        warnings = []
        for target, wanted in ((self.path.parent, 0o700), (self.path, PRIVATE_FILE_MODE)):
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                continue
            if mode & 0o077:
                warnings.append(t("data_loose_mode", path=target, mode=f"{mode:o}", wanted=f"{wanted:o}"))
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
                    self._lock_fd = os.open(self.lock_path, flags, PRIVATE_FILE_MODE)
                except OSError as error:
                    if self.lock_path.is_symlink():
                        raise UnsafePathError(t("data_symlink", path=self.lock_path)) from None
                    raise WriteError(
                        error.errno, t("data_lock_failed", path=self.lock_path, error=os_reason(error))
                    ) from None
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._depth += 1
        try:
            yield
            if outer and self._dirty:
                self._save()
        except BaseException:
            if outer:
                self._forget()
            raise
        finally:
            self._depth -= 1
            if outer and self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def version(self) -> tuple[int, int, int] | None:
        """A cheap token of what is on disk now (no read): it changes whenever any process saves.
        Open views compare it to notice another member's save (see the team issue)."""
        return _stamp(self.path)

    def _forget(self) -> None:
        # TinyDB changes the cached dict in place before calling write: after a failure the
        # cache no longer matches the file, so the next read must come from disk.
        self._data, self._stamp, self._dirty, self.damaged = None, None, False, {}

    def read(self) -> dict[str, Any] | None:
        if self._dirty:
            return self._data  # changes of the running transaction, not saved yet
        stamp = _stamp(self.path)
        if stamp is None:
            self._data, self._stamp = None, None
            return None
        if stamp == self._stamp and self._data is not None:
            return self._data
        refuse_symlink(self.path)
        refuse_foreign_owner(self.path)
        try:
            raw = read_regular(self.path)
        except OSError as error:
            message = t("data_unreadable", error=os_reason(error))
            raise DataFileError(self.path, message, backups_of(self.path)) from None
        data = decode_file(raw, self.path)
        # The file's content is a large tree of dicts without cycles (a million objects at
        # 10 000 logs). Left to the collector, every full collection rescans all of it (50 ms
        # and more, at random moments while typing, and while the records are checked just
        # below). Frozen, it is skipped; it is still freed by reference counting when a newer
        # read replaces it.
        gc.freeze()
        self._data, self.damaged = quarantine.split(data)
        self._stamp = stamp
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if self._depth == 0:
            raise RuntimeError("SafeStorage.write outside locked()")
        self._data = data
        self._dirty = True

    def _save(self) -> None:
        assert self._data is not None
        try:
            whole = quarantine.merge(self._data, self.damaged)
        except ValueError as error:
            raise WriteError(0, t("data_write_failed", path=self.path, error=error)) from None
        encoded = orjson.dumps(whole)
        try:
            self._backup_if_due()
            write_private_atomic(self.path, encoded)
        except UnsafePathError:
            raise
        except OSError as error:
            raise WriteError(error.errno, t("data_write_failed", path=self.path, error=os_reason(error))) from None
        self._dirty = False
        self._stamp = _stamp(self.path)

    def _backup_if_due(self) -> None:
        if _stamp(self.path) is None:
            return
        target = self.backup_dir / f"{self.path.stem}-{self._today().isoformat()}.json"
        if target.exists() and not target.is_symlink():
            return
        write_private_atomic(target, read_regular(self.path))
        for old in backups_of(self.path)[BACKUPS_KEPT:]:
            old.unlink(missing_ok=True)

    def move_damaged_out(self) -> tuple[int, Path | None, Path | None]:
        """Move every damaged record into a private file of its own beside the data file
        (`relasjon.json.skadet-poster-…`, shaped like a data file), after copying the data file
        to the backup folder. Returns (records moved, that file, the backup)."""
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
        kept when a backup was restored."""
        damaged = [p for p in self.path.parent.glob(f"{self.path.name}.skadet-*") if p.is_file() and not p.is_symlink()]
        return backups_of(self.path) + sorted(damaged)

    def rewrite_kept_files(
        self, transform: Callable[[dict[str, Any]], dict[str, Any]], mentioned: Callable[[bytes], bool]
    ) -> int:
        """Rewrite every kept file through `transform`, atomically and privately.

        A kept file that cannot be read as a data file cannot be cleaned record by record; if
        `mentioned` finds what is being deleted in it, it is removed. Returns how many files were removed.
        """
        removed = 0
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
                    write_private_atomic(path, orjson.dumps(cleaned))
        return removed

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def restore_backup(path: Path, backup: Path) -> Path:
    """Put `backup` in place of the data file. The file it replaces is kept beside it,
    renamed, never deleted. Returns where the replaced file went (or the data path if there was none)."""
    data = read_regular(backup)
    decode_file(data, backup)  # damaged records in it are quarantined when it is read
    kept = path
    if _stamp(path) is not None:
        kept = path.with_name(f"{path.name}.skadet-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
        os.replace(path, kept)
    write_private_atomic(path, data)
    return kept
