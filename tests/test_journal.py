"""The journal beside the data file: saves append one line, every reader replays it, a torn line
is skipped and said, damage stops reading, folding leaves one file, a purge leaves no code in it."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from relasjon_tui.records import storage as storage_module
from relasjon_tui.records.cases import Case
from relasjon_tui.records.check import check_data_file
from relasjon_tui.records.deletion import delete_subject
from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.history import HISTORY_TABLE
from relasjon_tui.records.journal import journal_path
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.reflection import AgendaItem, Meeting, QuestionNote
from relasjon_tui.records.storage import DataFileError, load, restore_backup
from relasjon_tui.records.store import RecordStore

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def log(note: str = "notat", subject: str = "AB") -> SessionLog:
    return SessionLog(subject=subject, measure="forbedre-relasjon", start=NOW, minutes=15, note=note, created=NOW)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "skole" / "relasjon.json"


def test_a_save_appends_one_private_line_and_leaves_the_checkpoint_alone(data: Path) -> None:
    store = RecordStore(data)
    store.add_log(log("første"))  # the first save writes the checkpoint
    checkpoint = data.read_bytes()
    store.add_log(log("andre"))
    store.add_log(log("tredje"))
    assert data.read_bytes() == checkpoint
    lines = journal_path(data).read_bytes().splitlines()
    assert len(lines) == 2 and b"andre" in lines[0] and b"tredje" in lines[1]
    assert stat.S_IMODE(os.lstat(journal_path(data)).st_mode) == 0o600
    # Another reader (a new process, sjekk, eksport) sees checkpoint plus journal.
    assert sorted(entry.note for entry in RecordStore(data).logs()) == ["andre", "første", "tredje"]
    assert check_data_file(data).ok


def test_an_open_store_takes_in_another_stores_lines_and_its_version_changes(data: Path) -> None:
    first, second = RecordStore(data), RecordStore(data)
    first.add_log(log("a"))
    assert [entry.note for entry in second.logs()] == ["a"]
    version = first.data_version()
    second.add_log(log("b"))
    assert first.data_version() != version
    assert sorted(entry.note for entry in first.logs()) == ["a", "b"]
    edited = first.get_log(2).edited(NOW + timedelta(hours=1), "kari", note="b endret")
    first.replace_log(edited)
    assert second.get_log(2).note == "b endret"
    assert check_data_file(data).ok


def test_a_torn_last_line_is_skipped_and_said_and_the_next_save_folds_it_away(data: Path) -> None:
    store = RecordStore(data)
    store.add_log(log("første"))
    store.add_log(log("andre"))
    with journal_path(data).open("ab") as handle:
        handle.write(b'{"base": "x", "set": {"logs": {"3": {"note": "halv')  # a crash mid-append
    reopened = RecordStore(data)
    assert sorted(entry.note for entry in reopened.logs()) == ["andre", "første"]
    assert any("avbrutt" in warning for warning in reopened.warnings)
    report = check_data_file(data)
    assert any("avbrutt" in line for line in report.lines)
    reopened.add_log(log("tredje"))
    assert not journal_path(data).exists()  # folded: the torn bytes are gone
    assert sorted(entry.note for entry in RecordStore(data).logs()) == ["andre", "første", "tredje"]


@pytest.mark.parametrize("damage", [b"not json\n", b'{"base": "other", "set": {}}\n'], ids=["garbage", "other-base"])
def test_a_damaged_journal_stops_reading_and_nothing_is_written_over(data: Path, damage: bytes) -> None:
    store = RecordStore(data)
    store.add_log(log("første"))
    store.add_log(log("andre"))
    side = journal_path(data)
    side.write_bytes(damage + side.read_bytes())
    before = (data.read_bytes(), side.read_bytes())
    with pytest.raises(DataFileError) as caught:
        RecordStore(data).count_logs()
    assert "journalen" in caught.value.reason
    assert not check_data_file(data).ok
    assert (data.read_bytes(), side.read_bytes()) == before


def test_close_folds_the_journal_into_one_file(data: Path) -> None:
    store = RecordStore(data)
    for number in range(5):
        store.add_log(log(f"logg {number}"))
    assert journal_path(data).exists()
    store.close()
    assert not journal_path(data).exists()
    assert len(orjson.loads(data.read_bytes())["logs"]) == 5


def test_the_journal_is_folded_when_it_passes_the_threshold(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage_module, "FOLD_AT_BYTES", 3000)
    store = RecordStore(data)
    sizes = []
    for number in range(30):
        store.add_log(log(f"logg {number} " + "x" * 200))
        side = journal_path(data)
        sizes.append(side.stat().st_size if side.exists() else 0)
    assert sizes.count(0) >= 3 and max(sizes) <= max(3000, data.stat().st_size // 4) + 900
    assert len(RecordStore(data).logs()) == 30


def test_a_crash_after_folding_before_removing_the_journal_loses_and_doubles_nothing(data: Path) -> None:
    store = RecordStore(data)
    store.add_log(log("første"))
    store.add_log(log("andre"))
    old_journal = journal_path(data).read_bytes()
    store.close()  # folds
    journal_path(data).write_bytes(old_journal)  # as if the fold stopped before removing it
    reopened = RecordStore(data)
    assert sorted(entry.note for entry in reopened.logs()) == ["andre", "første"]
    reopened.add_log(log("tredje"))
    assert sorted(entry.note for entry in RecordStore(data).logs()) == ["andre", "første", "tredje"]
    assert check_data_file(data).ok


def test_a_removal_rewrites_the_checkpoint_and_leaves_no_journal(data: Path) -> None:
    store = RecordStore(data)
    store.add_log(log("blir"))
    store.add_log(log("slettes"))
    assert b"slettes" in journal_path(data).read_bytes()
    store.delete_log(2)
    assert not journal_path(data).exists()
    assert b"slettes" not in data.read_bytes()


def test_every_kind_of_change_reaches_the_file_exactly(data: Path) -> None:
    """Any change the store makes is seen by the journal's diff (no record is changed in place unseen)."""
    store = RecordStore(data)
    log_id = store.add_log(log("a"))
    store.replace_log(store.get_log(log_id).edited(NOW + timedelta(hours=1), "kari", note="a2"))
    note_id = store.add_note(QuestionNote("q1", "tekst", "kari", NOW))
    store.replace_note(store.get_note(note_id).edited(NOW + timedelta(hours=1), "kari", "tekst 2"))
    meeting_id = store.add_meeting(Meeting("Møte", NOW, "KL", (AgendaItem("eg-stigmatisering", 5),)))
    store.save_meeting_note(meeting_id, "q2", "i møtet", "kari", NOW)
    store.save_meeting_note(meeting_id, "q2", "i møtet, endret", "kari", NOW)
    case_id = store.add_case(Case("Trygghet", ("AB",), problem="alene", author="kari", created=NOW))
    store.replace_case(store.get_case(case_id))
    assert RecordStore(data).dump() == store.dump()
    assert check_data_file(data).ok


def test_restoring_a_backup_keeps_the_replaced_file_with_its_journal_folded_in(data: Path) -> None:
    store = RecordStore(data)
    store.add_log(log("første"))
    store.add_log(log("andre"))  # the day's backup holds «første» only
    store.add_log(log("tredje"))
    (backup,) = storage_module.backups_of(data)
    kept = restore_backup(data, backup)
    assert not journal_path(data).exists()
    assert [entry.note for entry in RecordStore(data).logs()] == ["første"]
    notes = {record["note"] for record in orjson.loads(kept.read_bytes())["logs"].values()}
    assert notes == {"første", "andre", "tredje"}


def test_deleting_a_pupil_leaves_the_code_in_no_file_and_no_salt_that_could_test_a_guess(data: Path) -> None:
    store = RecordStore(data)
    store.add_log(log("ZQ9 spilte", subject="ZQ9"))
    store.add_log(log("med ZQ9 i friminuttet", subject="CD"))
    store.add_case(Case("ZQ9 og CD", ("ZQ9", "CD"), problem="ZQ9 alene", author="kari", created=NOW))
    assert b"ZQ9" in journal_path(data).read_bytes()
    delete_subject(store, DraftStore(data.parent / "utkast"), "ZQ9", replace_mentions=True)
    for file in data.parent.rglob("*"):
        if file.is_file():
            assert b"ZQ9" not in file.read_bytes(), file
    assert not journal_path(data).exists()
    entries = load(data).data[HISTORY_TABLE]
    salted = {(entry["table"], entry["key"]) for entry in entries.values() if "salt" in entry}
    records = load(data).data
    present = {(table, key) for table in ("subjects", "logs", "cases") for key in records.get(table, {})}
    assert salted == present  # only the current version of each remaining record can be checked
    deleted = [entry for entry in entries.values() if entry["op"] == "delete"]
    assert {(entry["table"], entry["key"]) for entry in deleted} >= {("logs", "1")}
    assert all("content" not in entry for entry in deleted)
    assert check_data_file(data).ok


def test_a_symlink_planted_at_the_journal_is_never_followed(data: Path, tmp_path: Path) -> None:
    from relasjon_tui.fsutil import UnsafePathError

    store = RecordStore(data)
    store.add_log(log("første"))
    target = tmp_path / "elsewhere"
    target.write_bytes(b"")
    journal_path(data).symlink_to(target)  # planted while the app is open
    with pytest.raises(UnsafePathError):
        store.add_log(log("andre"))
    assert target.read_bytes() == b""
    with pytest.raises(UnsafePathError):
        RecordStore(data)
