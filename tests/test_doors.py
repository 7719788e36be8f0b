"""Issue 12: every door checks records by the same rules; a damaged record never hides the rest,
is never lost, and no export can drive the terminal."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import stat
from pathlib import Path

import orjson
import pytest

from relasjon_tui import fsutil
from relasjon_tui.cli import main
from relasjon_tui.records.kinds import check_record
from relasjon_tui.records.rules import Known, valid_key
from relasjon_tui.records.storage import SafeStorage
from relasjon_tui.records.store import RecordStore

START = "2026-11-20T10:00:00+01:00"


def good_log(note: str, subject: str = "AB", start: str = START) -> dict:
    return {"subject": subject, "subject_kind": "elev", "measure": "forbedre-relasjon", "start": start,
            "minutes": 15, "note": note, "author": "kari", "created": start, "updated": start, "revisions": []}  # fmt: skip


def data_file(path: Path, logs: dict, **tables: dict) -> bytes:
    """A data file as the app writes it (orjson, compact), with subjects AB and CD."""
    content = {
        "meta": {"1": {"schema_version": 3}},
        "subjects": {"1": {"code": "AB", "kind": "elev", "created": START},
                     "2": {"code": "CD", "kind": "elev", "created": START}},  # fmt: skip
        "logs": logs,
        **tables,
    }
    raw = orjson.dumps(content)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(raw)
    path.chmod(0o600)
    return raw


def cli(*args: str) -> tuple[int, str, str]:
    """Run `relasjon` in this process; (exit code, stdout, stderr). Any traceback fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data" / "relasjon.json"


DAMAGED_LOGS = {
    "minutes abc": ("3", dict(good_log("skadet"), minutes="abc")),
    "start 5": ("3", dict(good_log("skadet"), start=5)),
    "start missing": ("3", {k: v for k, v in good_log("skadet").items() if k != "start"}),
    "start naive": ("3", dict(good_log("skadet"), start="2026-11-20T10:00:00")),
    "note a list": ("3", dict(good_log("skadet"), note=["a", "b"])),
    "key arabic one": ("١", good_log("skadet")),
    "key superscript two": ("²", good_log("skadet")),
}


@pytest.mark.parametrize("case", sorted(DAMAGED_LOGS))
def test_one_damaged_log_is_named_kept_and_hides_nothing(data: Path, tmp_path: Path, case: str) -> None:
    key, bad = DAMAGED_LOGS[case]
    data_file(data, {"1": good_log("første"), "2": good_log("andre", "CD"), key: bad})
    record_bytes = orjson.dumps({key: bad})[1:-1]  # how the record stands in the file
    code, out, _ = cli("--data", str(data), "sjekk")
    assert code == 1 and f"logs {key}" in out and "FEIL" in out
    for fmt in ("json", "csv", "md"):
        target = tmp_path / f"ut.{fmt}"
        code, _, err = cli("--data", str(data), "eksport", "--format", fmt, "--til", str(target))
        assert code == 0, err
        text = target.read_text(encoding="utf-8-sig")
        assert "første" in text and "andre" in text and f"logs {key}" in err
        if fmt == "json":
            assert orjson.loads(target.read_bytes())["damaged"] == {"logs": {key: bad}}
        else:
            assert "skadet" not in text
    store = RecordStore(data)
    assert sorted(log.note for log in store.logs()) == ["andre", "første"]
    assert store.damaged_count() == 1
    store.close()
    code, out, err = cli("--data", str(data), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon")
    assert code == 0, err
    assert out.strip() not in ("1", "2", key)  # a new id, never a damaged record's
    after = data.read_bytes()
    assert record_bytes in after, "the damaged record is kept byte for byte"
    assert orjson.loads(after)["logs"][key] == bad


def test_damaged_notes_meetings_and_cases_are_named_too(data: Path) -> None:
    data_file(
        data,
        {"1": good_log("første")},
        notes={"1": {"question_id": "x", "text": "\x00", "author": "a", "created": START}},
        meetings={"1": {"title": "Møte", "start": "i går", "agenda": []}},
        cases={"1": {"title": "Sak", "subjects": ["Ola Nordmann"]}, "2": {"title": "Sak", "subjects": ["AB"]}},
    )
    code, out, _ = cli("--data", str(data), "sjekk")
    assert code == 1
    for name in ("notes 1, feltet text", "meetings 1, feltet start", "cases 1, feltet subjects[0]"):
        assert name in out
    store = RecordStore(data)
    assert [case.id for case in store.cases()] == [2] and store.damaged_count() == 3
    assert store.meetings() == [] and store.notes_for("x") == []
    store.close()


def test_reparer_moves_damaged_records_out_after_a_backup(data: Path) -> None:
    key, bad = DAMAGED_LOGS["minutes abc"]
    before = data_file(data, {"1": good_log("første"), key: bad})
    code, out, _ = cli("--data", str(data), "sjekk", "--reparer")
    assert code == 0 and "1 skadet post flyttet" in out
    moved = list(data.parent.glob("relasjon.json.skadet-poster-*"))
    backups = list((data.parent / "sikkerhetskopier").glob("relasjon-*-reparasjon-*.json"))
    assert len(moved) == 1 and len(backups) == 1
    assert orjson.loads(moved[0].read_bytes()) == {"logs": {key: bad}}
    assert backups[0].read_bytes() == before
    for path in (moved[0], backups[0], data):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key not in orjson.loads(data.read_bytes())["logs"]
    assert cli("--data", str(data), "sjekk")[0] == 0


BAD_IMPORTS = {
    "full name as code": ("subject", {"subject": "Ola Nordmann"}),
    "path as code": ("subject", {"subject": "../../etc/passwd"}),
    "osc 52 as code": ("subject", {"subject": "\x1b]52;c;aGk=\x07"}),
    "markup and a name": ("subject", {"subject": "[bold]x Ola Nordmann"}),
    "nul in note": ("note", {"note": "a\x00b"}),
    "huge note": ("note", {"note": "x" * 200_000}),
    "negative minutes": ("minutes", {"minutes": -5}),
    "enormous minutes": ("minutes", {"minutes": 10**18}),
    "naive start": ("start", {"start": "2026-11-20T10:00:00"}),
}


def _dump(logs: dict, cases: dict | None = None) -> dict:
    return {
        "format": "relasjon-tui",
        "schema_version": 3,
        "tables": {"subjects": {"1": {"code": "AB", "kind": "elev", "created": None}}, "logs": logs,
                   "cases": cases or {}},  # fmt: skip
    }


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_bad_import_is_refused_naming_record_and_field_and_writes_nothing(data: Path, tmp_path: Path, case) -> None:
    field, change = BAD_IMPORTS[case]
    source = tmp_path / "inn.json"
    source.write_bytes(orjson.dumps(_dump({"7": dict(good_log("x"), **change)})))
    code, _, err = cli("--data", str(data), "importer", str(source))
    assert code == 1
    assert f"logs 7, feltet {field}" in err and "ingenting er skrevet" in err
    assert "\x1b" not in err and "Traceback" not in err
    assert not data.exists()


@pytest.mark.parametrize("key", ["²", "١", "1" * 30, "01", "-1", " 1"])
def test_import_refuses_ids_that_are_not_plain_ascii_numbers(data: Path, tmp_path: Path, key: str) -> None:
    source = tmp_path / "inn.json"
    source.write_bytes(orjson.dumps(_dump({key: good_log("x")})))
    code, _, err = cli("--data", str(data), "importer", str(source))
    assert code == 1 and f"logs {key}" in err and "id-en er ikke et tall" in err
    assert not data.exists()


def test_import_refuses_a_case_for_an_unknown_code(data: Path, tmp_path: Path) -> None:
    source = tmp_path / "inn.json"
    source.write_bytes(orjson.dumps(_dump({}, {"4": {"title": "Sak", "subjects": ["ZZ"]}})))
    code, _, err = cli("--data", str(data), "importer", str(source))
    assert code == 1 and "cases 4, feltet subjects[0]: koden «ZZ» er ikke en kjent elev eller gruppe" in err
    assert not data.exists()


def test_import_lists_the_first_fifty_problems_then_a_count(data: Path, tmp_path: Path) -> None:
    source = tmp_path / "inn.json"
    source.write_bytes(orjson.dumps(_dump({str(n): dict(good_log("x"), minutes=0) for n in range(1, 61)})))
    code, _, err = cli("--data", str(data), "importer", str(source))
    lines = err.splitlines()
    assert code == 1 and len([line for line in lines if line.startswith("logs ")]) == 50
    assert "… og 10 problemer til." in err and "60 problemer" in err


def test_dry_run_says_what_would_be_added_and_writes_nothing(data: Path, tmp_path: Path) -> None:
    source = tmp_path / "inn.json"
    source.write_bytes(orjson.dumps(_dump({"1": good_log("x"), "2": good_log("y")})))
    code, out, _ = cli("--data", str(data), "importer", "--bare-sjekk", str(source))
    assert code == 0 and "3 nye poster ville blitt importert (subjects 1, logs 2)" in out
    assert "ingenting er skrevet" in out
    assert not data.exists()
    assert cli("--data", str(data), "importer", str(source))[0] == 0
    before = data.read_bytes()
    code, out, _ = cli("--data", str(data), "importer", "--bare-sjekk", str(source))
    assert code == 0 and "0 nye poster" in out and "3 poster fantes allerede" in out
    assert data.read_bytes() == before


def test_merge_adds_new_records_to_a_non_empty_store_and_names_conflicts(data: Path, tmp_path: Path) -> None:
    data_file(data, {"1": good_log("her")})
    source = tmp_path / "inn.json"
    dump = _dump({"1": good_log("her"), "5": good_log("ny")})
    dump["tables"]["subjects"]["9"] = {"code": "EF", "kind": "elev", "created": None}
    source.write_bytes(orjson.dumps(dump))
    code, out, err = cli("--data", str(data), "importer", str(source))
    assert code == 0, err
    store = RecordStore(data)
    assert sorted(log.note for log in store.logs()) == ["her", "ny"]
    assert [s.code for s in store.subjects()] == ["AB", "CD", "EF"]
    store.close()
    before = data.read_bytes()
    dump["tables"]["logs"]["5"]["note"] = "annen"
    source.write_bytes(orjson.dumps(dump))
    code, _, err = cli("--data", str(data), "importer", str(source))
    assert code == 1 and "logs 5 finnes allerede her med annet innhold" in err
    assert data.read_bytes() == before


HOSTILE_NOTE = "før \x1b]52;c;aGk=\x07 \x1b[2J \x9b31m \x7f \u202eomvendt \x85 etter"


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_md_and_csv_exports_cannot_drive_the_terminal(data: Path, tmp_path: Path, fmt: str) -> None:
    data_file(data, {"1": good_log(HOSTILE_NOTE)})
    target = tmp_path / f"ut.{fmt}"
    assert cli("--data", str(data), "eksport", "--format", fmt, "--til", str(target))[0] == 0
    text = target.read_text(encoding="utf-8-sig")
    assert text.count("\x1b") == 0  # what `relasjon eksport --format md | grep -c $'\x1b'` counts
    for raw in ("\x07", "\x9b", "\x7f", "\u202e", "\x85"):
        assert raw not in text
    assert "␛]52;c;aGk=␇" in text and "⟨U+202E⟩" in text
    assert orjson.loads(data.read_bytes())["logs"]["1"]["note"] == HOSTILE_NOTE  # the store keeps it exactly


def test_json_escapes_every_control_and_round_trips_exactly(data: Path, tmp_path: Path) -> None:
    every = "".join(chr(c) for c in [*range(1, 0x20), *range(0x7F, 0xA0)]) + "\u202e\u2066\u2028 æøå"
    data_file(data, {"1": good_log(every)})
    target = tmp_path / "ut.json"
    assert cli("--data", str(data), "eksport", "--format", "json", "--til", str(target))[0] == 0
    raw = target.read_bytes()
    assert not any(ord(ch) < 0x20 and ch != "\n" or 0x7F <= ord(ch) < 0xA0 for ch in raw.decode("utf-8"))
    assert "\u202e" not in raw.decode("utf-8") and "æøå" in raw.decode("utf-8")
    assert orjson.loads(raw)["tables"]["logs"]["1"]["note"] == every
    other = tmp_path / "annen" / "relasjon.json"
    assert cli("--data", str(other), "importer", str(target))[0] == 0
    again = tmp_path / "igjen.json"
    assert cli("--data", str(other), "eksport", "--format", "json", "--til", str(again))[0] == 0
    assert again.read_bytes() == raw


def test_csv_formula_guard_covers_leading_whitespace(data: Path, tmp_path: Path) -> None:
    data_file(data, {"1": good_log(" =1+1"), "2": good_log("\u00a0@SUM(A1)"), "3": good_log("  vanlig")})
    target = tmp_path / "ut.csv"
    assert cli("--data", str(data), "eksport", "--format", "csv", "--til", str(target))[0] == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    note = rows[0].index("notat")
    assert sorted(row[note] for row in rows[1:]) == ["  vanlig", "' =1+1", "'\u00a0@SUM(A1)"]


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "disken er full"), (errno.EROFS, "skrivebeskyttet"), (errno.EACCES, "ikke tilgang")],
)
def test_a_failed_save_is_said_in_norwegian(data: Path, monkeypatch, code: int, words: str) -> None:
    data_file(data, {"1": good_log("første")})
    before = data.read_bytes()

    def failing(path: Path, payload: bytes) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr("relasjon_tui.records.storage.write_private_atomic", failing)
    status, _, err = cli("--data", str(data), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon")
    assert status == 1 and words in err
    assert "Errno" not in err and os.strerror(code) not in err and err.count("\n") == 1
    assert data.read_bytes() == before


def test_a_schema_version_of_the_wrong_type_is_named(data: Path) -> None:
    data_file(data, {"1": good_log("første")}, meta={"1": {"schema_version": "3"}})
    before = data.read_bytes()
    code, _, err = cli("--data", str(data), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon")
    assert code == 1 and "skjemanummer har feil type (\"3\")" in err and "nyere versjon" not in err
    assert data.read_bytes() == before


def test_the_apps_own_folder_is_tightened_a_chosen_one_only_warned_about(tmp_path: Path) -> None:
    own, chosen = tmp_path / "eget" / "relasjon.json", tmp_path / "valgt" / "relasjon.json"
    for path in (own, chosen):
        path.parent.mkdir()
        path.parent.chmod(0o777)
    storage = SafeStorage(own, own_folder=True)
    assert stat.S_IMODE(own.parent.stat().st_mode) == 0o700
    assert any("strammet inn til 700" in w for w in storage.warnings)
    storage.close()
    storage = SafeStorage(chosen)  # not the platform's data dir: the user's own choice
    assert stat.S_IMODE(chosen.parent.stat().st_mode) == 0o777
    assert any("har tilgang 777" in w for w in storage.warnings)
    storage.close()


def test_a_data_file_owned_by_another_account_is_refused_in_one_sentence(data: Path, monkeypatch) -> None:
    data_file(data, {"1": good_log("første")})
    before = data.read_bytes()
    monkeypatch.setattr(fsutil.os, "geteuid", lambda: os.lstat(data).st_uid + 1)
    code, _, err = cli("--data", str(data), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon")
    assert code == 1 and "eies av en annen brukerkonto" in err and err.count("\n") == 1
    assert data.read_bytes() == before


def test_ids_must_be_ascii_digits() -> None:
    assert "²".isdigit() and "١".isdigit()  # why str.isdigit is not enough
    assert [valid_key(k) for k in ("1", "42", "999999999")] == [True] * 3
    assert not any(valid_key(k) for k in ("²", "١", "0", "01", "1" * 10, "", " 1", "1\n", 1, None))


def test_rules_locate_each_problem() -> None:
    problems = check_record("logs", "3", dict(good_log("x"), minutes="abc", zzz=1), Known())
    assert {(p.table, p.key, p.field) for p in problems} == {("logs", "3", "minutes"), ("logs", "3", "zzz")}
    assert check_record("logs", "3", good_log("x")) == []
    unknown = check_record("logs", "3", good_log("x"), Known(measures=frozenset({"elevgrupper"})))
    assert [p.reference for p in unknown] == [True]


@pytest.mark.parametrize("case", sorted(DAMAGED_LOGS))
async def test_the_app_shows_the_valid_logs_and_says_one_record_is_damaged(make_app, data: Path, case: str) -> None:
    key, bad = DAMAGED_LOGS[case]
    data_file(data, {"1": good_log("første"), "2": good_log("andre", "CD"), key: bad})
    store = RecordStore(data)
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        pane = app.screen.query_one("#log")
        assert sorted(log.note for log in pane.shown) == ["andre", "første"]
        status = str(app.screen.query_one("#log-status").render())
        assert status.startswith("1 skadet post – se relasjon sjekk") and "2 av 2 logger" in status
    store.close()
    assert orjson.loads(data.read_bytes())["logs"][key] == bad


def test_damaged_records_mentioning_a_code_can_be_dropped_whole() -> None:
    from relasjon_tui.records.quarantine import without_mentions

    damaged = {"logs": {"3": dict(good_log("x"), minutes="abc"), "4": dict(good_log("y", "CD"), minutes="abc")},
               "cases": {"²": {"title": "Sak", "subjects": ["AB"]}}}  # fmt: skip
    assert without_mentions(damaged, lambda raw: orjson.dumps("AB") in raw) == {"logs": {"4": damaged["logs"]["4"]}}


def test_deleting_a_pupil_drops_damaged_records_that_mention_the_code_in_free_text(tmp_path: Path) -> None:
    from datetime import datetime

    from relasjon_tui.records.model import SessionLog

    NOW = datetime.fromisoformat("2026-11-26T10:00:00+01:00")
    path = tmp_path / "data" / "relasjon.json"
    store = RecordStore(path)
    store.add_log(SessionLog("AB", "forbedre-relasjon", NOW, 15, note="egen", created=NOW))
    store.add_log(SessionLog("CD", "forbedre-relasjon", NOW, 15, note="om noe annet", created=NOW))
    store.close()
    raw = orjson.loads(path.read_bytes())
    raw["logs"]["7"] = dict(raw["logs"]["2"], minutes="abc", note="ABs bror var med")  # damaged, mentions AB
    raw["logs"]["8"] = dict(raw["logs"]["2"], minutes="abc", note="ingen nevnt")  # damaged, about nobody
    path.write_bytes(orjson.dumps(raw))
    again = RecordStore(path)
    again.delete_subject("AB")
    again.close()
    after = orjson.loads(path.read_bytes())["logs"]
    assert "7" not in after and after["8"]["note"] == "ingen nevnt" and b"ABs bror" not in path.read_bytes()


def test_a_reader_that_goes_away_gets_no_traceback(data: Path) -> None:
    import subprocess
    import sys
    import time

    damaged = {str(n): dict(good_log("x"), minutes="abc") for n in range(1, 3001)}
    data_file(data, damaged)  # sjekk names each: far more lines than a pipe holds
    process = subprocess.Popen(
        [sys.executable, "-m", "relasjon_tui", "--data", str(data), "sjekk"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stdout.read(100)
    process.stdout.close()  # as `relasjon sjekk | head -1` does
    time.sleep(0.1)
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err and process.returncode == 1


def test_a_failed_save_reads_as_one_sentence_wherever_it_is_shown(data: Path, monkeypatch) -> None:
    from relasjon_tui.records.model import SessionLog
    from relasjon_tui.records.storage import WriteError

    def full(path: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    store = RecordStore(data)
    monkeypatch.setattr("relasjon_tui.records.storage.write_private_atomic", full)
    from datetime import datetime

    with pytest.raises(WriteError) as caught:
        store.add_log(SessionLog("AB", "forbedre-relasjon", datetime.fromisoformat(START), 15))
    assert str(caught.value).startswith("kunne ikke lagre") and "disken er full" in str(caught.value)
    assert "Errno" not in str(caught.value) and "No space" not in str(caught.value)
    store.close()


@pytest.mark.parametrize("meta", [{"²": {"schema_version": 3}}, {"1": [3]}, {"1": {"schema_version": True}}])
def test_a_damaged_meta_table_stops_with_a_message_and_leaves_the_file(data: Path, meta: dict) -> None:
    before = data_file(data, {"1": good_log("første")}, meta=meta)
    code, _, err = cli("--data", str(data), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon")
    assert code == 1 and err.startswith("relasjon: datafilen") and err.count("\n") == 1
    assert cli("--data", str(data), "sjekk")[0] == 1
    assert data.read_bytes() == before


def test_a_refused_path_is_said_in_the_users_language(tmp_path: Path) -> None:
    from relasjon_tui import strings

    target = tmp_path / "data" / "relasjon.json"
    target.parent.mkdir()
    target.symlink_to(tmp_path / "annet.json")
    try:
        strings.set_language("en")
        with pytest.raises(fsutil.UnsafePathError, match="is a symbolic link; for safety it is not used"):
            fsutil.refuse_symlink(target)
    finally:
        strings.set_language("nb")
    with pytest.raises(fsutil.UnsafePathError, match="er en symbolsk lenke"):
        fsutil.refuse_symlink(target)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"meta":{"1":{"schema_version":3}},"logs":{"1":{"note":"a"},"1":{"note":"b"}}}',
        b'{"meta":{"1":{"schema_version":3}},"logs":{"1":{"minutes":100000000000000000000}}}',
    ],
)
def test_a_file_that_reading_would_shorten_is_refused_whole_and_left(data: Path, raw: bytes) -> None:
    data.parent.mkdir(mode=0o700)
    data.write_bytes(raw)
    code, _, err = cli("--data", str(data), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon")
    assert code == 1 and "to ganger i samme objekt" in err
    assert data.read_bytes() == raw


def test_a_hand_formatted_file_is_read_as_usual(data: Path) -> None:
    import json

    data_file(data, {"1": good_log("første")})
    data.write_text(json.dumps(orjson.loads(data.read_bytes()), indent=4, ensure_ascii=False))
    assert cli("--data", str(data), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon")[0] == 0
    assert len(RecordStore(data).logs()) == 2


def test_edits_and_deletions_through_tinydb_keep_every_damaged_record(data: Path) -> None:
    from datetime import datetime

    bad = {"logs": {"²": good_log("a"), "3": dict(good_log("b"), minutes="abc")},
           "notes": {"١": {"question_id": "fr-verdi-av-tid", "text": "x", "created": START}}}  # fmt: skip
    data_file(data, {"1": good_log("første"), "2": good_log("andre"), **bad["logs"]}, notes=bad["notes"])
    store = RecordStore(data)
    now = datetime.fromisoformat(START)
    store.replace_log(store.get_log(1).edited(now, "ola", note="endret"))  # TinyDB rewrites the table
    assert store.delete_log(2)
    assert store.get_log(3) is None and store.delete_log(3) is False  # a damaged one is not reachable
    store.close()
    after = orjson.loads(data.read_bytes())
    assert {k: after["logs"][k] for k in ("²", "3")} == bad["logs"] and after["notes"] == bad["notes"]
    assert after["logs"]["1"]["note"] == "endret" and "2" not in after["logs"]
