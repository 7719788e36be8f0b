"""The history: every change appends a chained entry; `sjekk` names whatever was done outside the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from relasjon_tui.cli import main
from relasjon_tui.records.check import check_data_file, history_broken
from relasjon_tui.records.history import HISTORY_TABLE, content_hash, verify
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.storage import UNTRACKED
from relasjon_tui.records.store import RecordStore, default_author

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def log(note: str = "notat") -> SessionLog:
    return SessionLog(subject="AB", measure="forbedre-relasjon", start=NOW, minutes=15, note=note, created=NOW)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A file with three logs, one edited and one deleted, folded (as after closing the app)."""
    path = tmp_path / "skole" / "relasjon.json"
    store = RecordStore(path)
    for note in ("en", "to", "tre"):
        store.add_log(log(note))
    store.replace_log(store.get_log(2).edited(NOW + timedelta(hours=1), "kari", note="to endret"))
    store.delete_log(2)
    store.add_log(log("fire"))
    store.close()
    return path


def entries(path: Path) -> list[dict[str, Any]]:
    rows = orjson.loads(path.read_bytes())[HISTORY_TABLE]
    return [rows[key] for key in sorted(rows, key=int)]


def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the file as someone with a text editor would."""
    content = orjson.loads(path.read_bytes())
    change(content)
    path.write_bytes(orjson.dumps(content))


def findings(path: Path) -> set[tuple[str, str, str]]:
    """What the history shows, computed in this process; the same verdict, with every number, as
    with half of the hashing done in a forked child (as `relasjon sjekk` does it)."""
    content = orjson.loads(path.read_bytes())
    found = verify(content, UNTRACKED).findings
    assert verify(content, UNTRACKED, two_cores=True).findings == found
    return {(finding.kind, finding.table, finding.key) for finding in found}


def test_every_change_appends_a_chained_entry_by_the_account(data: Path) -> None:
    chain = entries(data)
    ops = [(entry["table"], entry["key"], entry["op"]) for entry in chain]
    assert ops == [("subjects", "1", "create"), ("logs", "1", "create"), ("logs", "2", "create"),
                   ("logs", "3", "create"), ("logs", "2", "edit"), ("logs", "2", "delete"),
                   ("logs", "4", "create")]  # fmt: skip
    assert [entry["n"] for entry in chain] == list(range(1, 8))
    assert all(later["prev"] == earlier["hash"] for earlier, later in zip(chain, chain[1:], strict=False))
    assert {entry["by"] for entry in chain} == {default_author()}
    # Only the current version of a record keeps its salt: older hashes cannot test a guess.
    assert [entry["n"] for entry in chain if "salt" in entry] == [1, 2, 4, 7]
    assert findings(data) == set()
    report = check_data_file(data)
    assert report.ok and any("historikken henger sammen: 7 endringer" in line for line in report.lines)


def test_a_record_edited_outside_the_app_is_named_and_sjekk_exits_1(data: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("RELASJON_DATA", str(data))
    assert main(["sjekk", "--historikk"]) == 0
    edit(data, lambda content: content["logs"]["1"].update(note="en, endret i en teksteditor"))
    assert findings(data) == {("changed", "logs", "1")}
    assert main(["sjekk", "--historikk"]) == 1 and capsys.readouterr().out == ""  # the app's check: silent
    assert main(["sjekk"]) == 1
    out = capsys.readouterr().out
    assert "logs 1 er endret utenfor appen" in out
    assert history_broken(data)


def test_a_record_removed_or_added_outside_the_app_is_named(data: Path) -> None:
    def change(content: dict[str, Any]) -> None:
        content["logs"]["9"] = content["logs"].pop("1")

    edit(data, change)
    assert findings(data) == {("removed", "logs", "1"), ("added", "logs", "9")}


def test_a_deleted_record_put_back_is_named(data: Path, tmp_path: Path) -> None:
    edit(data, lambda content: content["logs"].update({"2": dict(content["logs"]["1"])}))
    assert findings(data) == {("restored", "logs", "2")}


def test_an_edited_entry_breaks_the_chain(data: Path) -> None:
    edit(data, lambda content: content[HISTORY_TABLE]["3"].update(by="noen andre"))
    assert ("edited", "", "") in findings(data)
    assert not check_data_file(data).ok


def test_a_removed_entry_breaks_the_chain(data: Path) -> None:
    edit(data, lambda content: content[HISTORY_TABLE].pop("4"))
    assert ("missing", "", "") in findings(data)


def test_reordered_entries_break_the_chain(data: Path) -> None:
    def swap(content: dict[str, Any]) -> None:
        rows = content[HISTORY_TABLE]
        rows["2"], rows["3"] = rows["3"], rows["2"]

    edit(data, swap)
    assert ("moved", "", "") in findings(data)


def test_renumbered_entries_break_the_chain_even_with_their_numbers_fixed(data: Path) -> None:
    # Someone who swaps two entries and also fixes their numbers still breaks each entry's hash.
    def swap(content: dict[str, Any]) -> None:
        rows = content[HISTORY_TABLE]
        rows["2"], rows["3"] = dict(rows["3"], n=2), dict(rows["2"], n=3)

    edit(data, swap)
    assert ("edited", "", "") in findings(data)


def test_a_truncated_history_is_seen_in_the_records_it_no_longer_covers(data: Path) -> None:
    def cut(content: dict[str, Any]) -> None:
        for key in ("5", "6", "7"):
            del content[HISTORY_TABLE][key]

    edit(data, cut)
    # Without entries 5–7 the history says log 2 exists (it was deleted) and knows no log 4.
    assert findings(data) == {("removed", "logs", "2"), ("added", "logs", "4")}


def test_a_history_cut_after_an_edit_is_seen_in_the_edited_record(data: Path) -> None:
    store = RecordStore(data)
    store.replace_log(store.get_log(1).edited(NOW + timedelta(hours=2), "kari", note="en endret"))
    store.close()
    edit(data, lambda content: content[HISTORY_TABLE].pop("8"))
    assert findings(data) == {("changed", "logs", "1")}


def test_a_file_without_history_is_adopted_with_a_baseline_at_its_first_save(data: Path) -> None:
    edit(data, lambda content: content.pop(HISTORY_TABLE))
    report = check_data_file(data)
    assert report.ok and any("ingen historikk ennå" in line for line in report.lines)
    store = RecordStore(data)
    store.add_log(log("fem"))
    store.close()
    chain = entries(data)
    assert [entry["op"] for entry in chain] == ["baseline"] * 4 + ["create"]
    assert findings(data) == set()


def test_the_memory_store_keeps_no_history_and_still_works() -> None:
    store = RecordStore(None)
    log_id = store.add_log(log("i minnet"))
    store.replace_log(store.get_log(log_id).edited(NOW + timedelta(hours=1), "kari", note="endret"))
    assert store.get_log(log_id).note == "endret"
    assert store.delete_log(log_id)
    assert HISTORY_TABLE not in store.dump()["tables"]


@pytest.mark.parametrize("outside", [True, False], ids=["edited-outside", "untouched"])
async def test_the_app_warns_at_start_only_when_the_history_shows_outside_changes(
    data: Path, make_app, outside: bool
) -> None:
    if outside:
        edit(data, lambda content: content["logs"]["1"].update(note="endret utenfor"))
    app = make_app(store=RecordStore(data))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(1.2)  # the check starts once the app has been up a moment
        await app.workers.wait_for_complete()  # `relasjon sjekk --historikk`, in a process of its own
        await pilot.pause()
        messages = [note.message for note in app._notifications]
    assert any("utenfor appen" in message for message in messages) == outside


def test_a_record_damaged_outside_the_app_is_named_both_as_damaged_and_as_changed(data: Path) -> None:
    # sjekk checks by the rules only what the history does not vouch for: this one it does not.
    edit(data, lambda content: content["logs"]["1"].update(minutes="femten"))
    report = check_data_file(data)
    text = "\n".join(report.lines)
    assert not report.ok and "logs 1, feltet minutes" in text and "logs 1 er endret utenfor appen" in text


def test_with_the_chain_itself_edited_every_record_is_checked_by_the_rules(data: Path) -> None:
    def both(content: dict[str, Any]) -> None:
        content[HISTORY_TABLE]["3"]["by"] = "noen andre"  # the chain can no longer vouch for anything
        content["logs"]["3"]["minutes"] = -5
        rows = content[HISTORY_TABLE]  # … and the record's entry made to match its damaged content
        newest = rows["6"] if rows["6"]["key"] == "3" else next(e for e in rows.values() if e["key"] == "3"
                                                                  and e["table"] == "logs" and "salt" in e)
        newest["content"] = content_hash(newest["salt"], content["logs"]["3"])

    edit(data, both)
    report = check_data_file(data)
    assert "logs 3, feltet minutes" in "\n".join(report.lines)
