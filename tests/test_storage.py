"""The data file's safety: private, atomic, locked, never overwritten when it cannot be trusted."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from relasjon_tui.fsutil import UnsafePathError
from relasjon_tui.records import storage as storage_module
from relasjon_tui.records.journal import journal_path
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.storage import DataFileError, SafeStorage, WriteError, backups_of, load, restore_backup
from relasjon_tui.records.store import RecordStore

WORKER = Path(__file__).with_name("storage_worker.py")
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def log(note: str = "notat") -> SessionLog:
    return SessionLog(subject="AB", measure="forbedre-relasjon", start=NOW, minutes=15, note=note, created=NOW)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def on_disk(path: Path) -> bytes:
    """The data file's bytes and its journal's: everything a save may have written."""
    side = journal_path(path)
    return path.read_bytes() + b"\n--journal--\n" + (side.read_bytes() if side.exists() else b"")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "skole" / "relasjon.json"


def test_files_are_private(data: Path) -> None:
    store = RecordStore(data)
    store.add_log(log())
    store.add_log(log())  # second save: the backup exists now
    assert mode(data.parent) == 0o700
    assert mode(data) == 0o600
    assert mode(data.with_name("relasjon.json.lock")) == 0o600
    (backup,) = backups_of(data)
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
    assert store.warnings == []


def test_loose_modes_are_warned_about(data: Path) -> None:
    RecordStore(data).add_log(log())
    os.chmod(data, 0o644)
    os.chmod(data.parent, 0o755)
    warnings = RecordStore(data).warnings
    assert len(warnings) == 2 and "644" in warnings[1] and "755" in warnings[0]


@pytest.mark.parametrize("which", ["data", "lock"])
def test_planted_symlink_is_refused(data: Path, tmp_path: Path, which: str) -> None:
    data.parent.mkdir(mode=0o700)
    victim = tmp_path / "offer.txt"
    victim.write_text("urørt")
    target = data if which == "data" else data.with_name("relasjon.json.lock")
    target.symlink_to(victim)
    with pytest.raises(UnsafePathError):
        RecordStore(data).add_log(log())
    assert victim.read_text() == "urørt"


def test_stale_temp_files_are_removed_on_open(data: Path) -> None:
    RecordStore(data).add_log(log())
    stale = data.with_name(".relasjon.json.abc123.tmp")
    stale.write_bytes(b"{half")
    store = RecordStore(data)
    assert not stale.exists()
    assert store.count_logs() == 1


BROKEN = {
    "zero bytes": b"",
    "truncated": b'{"logs": {"1": {"subject": "AB"',
    "not json": b"\x00\x01garbage",
    "wrong shape": b"[1, 2, 3]",
    "wrong table": b'{"logs": ["x"]}',
    "newer schema": b'{"meta": {"1": {"schema_version": 99}}, "logs": {}}',
}


@pytest.mark.parametrize("content", BROKEN.values(), ids=BROKEN.keys())
def test_untrusted_file_stops_with_a_clear_error_and_stays_byte_identical(data: Path, content: bytes) -> None:
    RecordStore(data).add_log(log())  # creates folder and today's backup on a later write
    data.write_bytes(content)
    store = RecordStore(data)
    with pytest.raises(DataFileError) as caught:
        store.add_log(log())
    assert caught.value.path == data
    assert caught.value.reason
    with pytest.raises(DataFileError):
        store.logs()
    assert data.read_bytes() == content


def test_restore_from_backup_keeps_the_damaged_file(data: Path) -> None:
    today = [date(2026, 11, 25)]
    store = RecordStore(data)
    store._storage._today = lambda: today[0]  # noqa: SLF001 - a fixed clock for the backup name
    store.add_log(log("første"))
    store.add_log(log("andre"))  # backs up the one-log file for 2026-11-25
    data.write_bytes(b"")
    with pytest.raises(DataFileError) as caught:
        RecordStore(data).count_logs()
    (backup,) = caught.value.backups
    kept = restore_backup(data, backup)
    assert kept.read_bytes() == b""
    restored = RecordStore(data)
    assert [entry.note for entry in restored.logs()] == ["første"]
    assert mode(data) == 0o600
    data.write_bytes(b"{")  # damaged again, and restored again within the same second
    again = restore_backup(data, backup)
    assert again != kept and again.read_bytes() == b"{" and kept.read_bytes() == b"", "no kept file written over"


def test_backups_one_per_day_seven_kept(data: Path) -> None:
    day = [date(2026, 11, 1)]
    store = RecordStore(data)
    store._storage._today = lambda: day[0]  # noqa: SLF001
    store.add_log(log())
    for offset in range(10):
        day[0] = date(2026, 11, 2 + offset)
        store.add_log(log())
        store.add_log(log())  # a second save the same day makes no new backup
    names = [backup.name for backup in backups_of(data)]
    assert len(names) == 7
    assert names[0] == "relasjon-2026-11-11.json" and names[-1] == "relasjon-2026-11-05.json"


@pytest.mark.parametrize("errno_name", ["ENOSPC", "EROFS", "EACCES"])
def test_failed_save_leaves_data_intact_and_says_so(
    data: Path, monkeypatch: pytest.MonkeyPatch, errno_name: str
) -> None:
    import errno

    store = RecordStore(data)
    store.add_log(log("før"))
    store.add_log(log("før 2"))
    before = on_disk(data)

    def failing(path: Path, payload: bytes) -> None:
        raise OSError(getattr(errno, errno_name), os.strerror(getattr(errno, errno_name)))

    # Both ways a save reaches the disk: a journal line, or a whole checkpoint (a fold).
    monkeypatch.setattr(storage_module, "write_private_atomic", failing)
    monkeypatch.setattr(storage_module, "append_private", failing)
    with pytest.raises(WriteError, match="Filen er uendret"):
        store.add_log(log("tapt?"))
    with pytest.raises(WriteError, match="Filen er uendret"):
        store.delete_log(1)  # a removal folds
    assert on_disk(data) == before
    monkeypatch.undo()
    # The failed insert must not linger in memory: the next save writes exactly what is on disk plus one.
    store.add_log(log("etter"))
    assert sorted(entry.note for entry in store.logs()) == ["etter", "før", "før 2"]
    assert "tapt?" not in on_disk(data).decode()


def test_write_outside_lock_is_a_programming_error(data: Path) -> None:
    storage = SafeStorage(data)
    with pytest.raises(RuntimeError):
        storage.write({})


def test_two_processes_inserting_at_once_lose_nothing(data: Path) -> None:
    RecordStore(data).add_log(log("start"))
    procs = [
        subprocess.Popen([sys.executable, str(WORKER), str(data), "60", tag], stdout=subprocess.PIPE, text=True)
        for tag in ("a", "b")
    ]
    outputs = [proc.communicate(timeout=120)[0] for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    ids = [int(line) for out in outputs for line in out.split()]
    assert len(ids) == 120 and len(set(ids)) == 120
    notes = {entry.note for entry in RecordStore(data).logs()}
    assert {f"a-{n}" for n in range(60)} <= notes and {f"b-{n}" for n in range(60)} <= notes
    assert len(notes) == 121


def _seed(path: Path, count: int) -> None:
    store = RecordStore(path)
    store.load_dump(
        {
            "format": "relasjon-tui",
            "schema_version": 1,
            "tables": {
                "subjects": {"1": {"code": "AB", "kind": "elev", "created": None}},
                "logs": {
                    str(n): {
                        "subject": "AB",
                        "measure": "forbedre-relasjon",
                        "start": NOW.isoformat(),
                        "minutes": 15,
                        "note": f"frø {n} " + "x" * 150,
                    }  # fmt: skip
                    for n in range(1, count + 1)
                },
            },
        }
    )


def test_sigkill_at_random_moments_never_loses_an_acknowledged_log(data: Path) -> None:
    """Hundreds of writers killed mid-write on a file of thousands of logs: the file always
    parses, and every log a writer had acknowledged before it died is there."""
    _seed(data, 3000)
    rng = random.Random(20261126)
    acknowledged: set[str] = set()
    kills = 200
    for round_number in range(kills):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(data), "1000", f"r{round_number}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        first = proc.stdout.readline()  # the writer is up and has saved once
        assert first.strip(), "writer died before its first save"
        acknowledged.add(f"r{round_number}-0")
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        acknowledged.update(f"r{round_number}-{n}" for n in range(1, len(rest.split()) + 1))
    orjson.loads(data.read_bytes())  # the checkpoint is never half a file
    parsed = load(data).data  # with the journal, torn last line or not
    notes = {doc["note"] for doc in parsed["logs"].values()}
    assert acknowledged <= notes
    assert len(parsed["logs"]) >= 3000 + len(acknowledged)
    ids = [int(key) for key in parsed["logs"]]
    assert len(ids) == len(set(ids))



@pytest.mark.parametrize("on_disk", [True, False], ids=["file", "memory"])
def test_data_version_changes_on_every_save(tmp_path: Path, on_disk: bool) -> None:
    store = RecordStore(tmp_path / "relasjon.json" if on_disk else None)
    store.add_log(log())
    first = store.data_version()
    assert store.data_version() == first  # asking does not change it
    store.add_log(log("neste"))
    assert store.data_version() != first


def _with_one_backup(data: Path) -> Path:
    """A data file of two logs whose one backup (of 2026-11-25) holds the first; the backup."""
    store = RecordStore(data)
    store._storage._today = lambda: date(2026, 11, 25)  # noqa: SLF001 - a fixed clock for the backup name
    store.add_log(log("første"))
    store.add_log(log("andre"))
    store.close()
    (backup,) = backups_of(data)
    return backup


def test_sjekk_names_a_backup_that_cannot_be_restored_from(data: Path) -> None:
    from relasjon_tui.records.check import check_data_file

    backup = _with_one_backup(data)
    report = check_data_file(data)
    assert report.ok, report.lines
    backup.write_bytes(b'{"logs": ')
    report = check_data_file(data)
    assert not report.ok
    assert any(str(backup) in line and "kan ikke brukes" in line for line in report.lines), report.lines


def test_sjekk_reads_a_backup_again_only_when_it_has_changed_since_it_was_found_sound(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relasjon_tui.records import check

    backup = _with_one_backup(data)
    seen = tmp_path / "state" / "sjekk" / "seen.json"
    read: list[Path] = []
    real = check.backup_problem
    monkeypatch.setattr(check, "backup_problem", lambda path: read.append(path) or real(path))
    assert check.check_data_file(data, backups_seen=seen).ok
    assert read == [backup] and stat.S_IMODE(seen.stat().st_mode) == 0o600
    assert b"logs" not in seen.read_bytes() and b"f\xc3\xb8rste" not in seen.read_bytes()  # stamps, no records
    assert check.check_data_file(data, backups_seen=seen).ok
    assert read == [backup]  # found sound and unchanged: not read again
    raw = backup.read_bytes()
    before = os.stat(backup)
    backup.write_bytes(raw[: len(raw) // 2])  # damaged, then given its old size back and its old times
    backup.write_bytes(raw[: len(raw) // 2].ljust(len(raw), b" "))
    os.utime(backup, ns=(before.st_atime_ns, before.st_mtime_ns))
    report = check.check_data_file(data, backups_seen=seen)
    assert not report.ok and read == [backup, backup]  # its change time moved: read again
    report = check.check_data_file(data, backups_seen=seen)
    assert not report.ok and read == [backup] * 3  # a backup that failed is read every time
    seen.write_bytes(b"not json")
    backup.write_bytes(raw)
    assert check.check_data_file(data, backups_seen=seen).ok  # an unreadable memory: all read again
    assert read == [backup] * 4
