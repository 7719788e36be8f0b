"""Tests of DraftStore: one private draft per form, offered back, purged when a pupil is deleted."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson

from relasjon_tui import paths
from relasjon_tui.records.drafts import DraftStore, draft_key

NOW = datetime(2026, 12, 2, 10, 15, tzinfo=ZoneInfo("Europe/Oslo"))


def test_one_draft_per_form_and_context(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path / "utkast")
    drafts.save("logg", {}, {"note": "ny logg"}, NOW)
    drafts.save("plan", {"case": "3"}, {"problem": "sak tre"}, NOW, title="Plan for sak 3")
    drafts.save("plan", {"case": "4"}, {"problem": "sak fire"}, NOW)
    assert drafts.load("plan", {"case": "3"}).fields == {"problem": "sak tre"}
    assert drafts.load("plan", {"case": "3"}).title == "Plan for sak 3"
    assert drafts.load("plan", {"case": "5"}) is None
    assert len(drafts.all()) == 3
    drafts.clear("plan", {"case": "3"})
    assert drafts.load("plan", {"case": "3"}) is None and drafts.load("plan", {"case": "4"}) is not None


def test_drafts_are_private_and_refuse_a_planted_symlink(tmp_path: Path) -> None:
    folder = tmp_path / "utkast"
    drafts = DraftStore(folder)
    drafts.save("logg", {}, {"note": "x"}, NOW)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in folder.iterdir())
    target = tmp_path / "elsewhere"
    target.write_text("untouched")
    key = draft_key("sak", {})
    (folder / f"{key}.json").symlink_to(target)
    try:
        drafts.save("sak", {}, {"title": "y"}, NOW)
    except OSError:
        pass
    assert target.read_text() == "untouched"


def test_a_damaged_draft_is_ignored_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "utkast"
    folder.mkdir()
    (folder / "logg.json").write_bytes(b"{not json")
    (folder / "sak.json").write_bytes(orjson.dumps({"form": "sak", "saved": NOW.isoformat(), "fields": {"a": 1}}))
    assert DraftStore(folder).all() == []


def test_purge_removes_every_draft_that_mentions_the_code(tmp_path: Path) -> None:
    legacy = tmp_path / "relasjon.json.utkast"
    legacy.write_bytes(orjson.dumps({"saved": NOW.isoformat(), "fields": {"subject": "AB", "note": "om AB"}}))
    drafts = DraftStore(tmp_path / "utkast", legacy=legacy)
    drafts.save("logg", {"log": "7"}, {"subject": "CD", "note": "ABs bror var med"}, NOW)
    drafts.save("sak", {}, {"title": "Sak for EF"}, NOW)
    (tmp_path / "utkast" / ".logg.json.1234.tmp").write_text('{"note": "AB halvskrevet"}')
    removed = drafts.purge(lambda text: "AB" in text)
    assert removed == 3
    assert [draft.fields for draft in drafts.all()] == [{"title": "Sak for EF"}]
    assert not legacy.exists()


def test_the_legacy_quick_log_draft_is_offered_and_cleared(tmp_path: Path) -> None:
    legacy = tmp_path / "relasjon.json.utkast"
    legacy.write_bytes(orjson.dumps({"saved": NOW.isoformat(), "fields": {"note": "fra før"}}))
    drafts = DraftStore(tmp_path / "utkast", legacy=legacy)
    assert drafts.load("logg", {}).fields == {"note": "fra før"}
    drafts.clear("logg", {})
    assert not legacy.exists()


def test_drafts_live_in_the_users_state_dir_per_data_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(paths.ENV_STATE_DIR, str(tmp_path / "state"))
    one = paths.drafts_dir(tmp_path / "team" / "relasjon.json")
    other = paths.drafts_dir(tmp_path / "mine" / "relasjon.json")
    assert one != other
    assert one.is_relative_to(tmp_path / "state") and not one.is_relative_to(tmp_path / "team")
    assert os.fspath(one) == os.fspath(paths.drafts_dir(tmp_path / "team" / "relasjon.json"))
