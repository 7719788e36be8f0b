"""Fuzzing every door (issue 12): random dumps and data files, with random shapes, types, keys,
Unicode digits and control characters, through import, load, `sjekk`, every export format and
the app's Logg area. No traceback ever; a refused file stays byte-identical; every valid
record is still there and shown."""

from __future__ import annotations

import asyncio
import contextlib
import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from relasjon_tui import paths
from relasjon_tui.cli import main
from relasjon_tui.records import case_document, export
from relasjon_tui.records.check import check_data_file
from relasjon_tui.records.kinds import RECORD_TABLES, check_record
from relasjon_tui.records.rules import _log_plainly_valid, check_log, is_damaged
from relasjon_tui.records.store import ImportRefused, RecordStore

FACTS = case_document.Facts("kari", datetime(2026, 12, 2, 10, 15, tzinfo=UTC))

START = "2026-11-20T10:00:00+01:00"
NASTY = ["\x00", "\x1b", "\x1b]52;c;aGk=\x07", "\x9b", "²", "١", "٣", "\u202e", "\x7f", "\ud7ff", "Ola Nordmann", "", " "]

text = st.text(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(["\x00", "\x1b", "\x9b", "²", "١", "\u202e"])),
    max_size=12,
) | st.sampled_from(NASTY)
scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False, allow_infinity=False),
    text, st.sampled_from([START, "2026-11-20T10:00:00", "2026-02-30T10:00:00+01:00", "0001-01-01T00:00:00+14:00",
                           "2026-11-20", "٢٠٢٦-١١-٢٠T10:00:00+01:00"]),
)  # fmt: skip
value = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                     max_leaves=6)  # fmt: skip
key = st.integers(0, 5).flatmap(
    lambda n: st.sampled_from(["²", "١", "01", "0", "abc", "1" * 30, " 3", "-1", ""]) if n == 0
    else st.integers(1, 40).map(str)
)  # fmt: skip

BASE: dict[str, dict[str, Any]] = {
    "subjects": {"code": "AB", "kind": "elev", "created": START},
    "logs": {"subject": "AB", "subject_kind": "elev", "measure": "forbedre-relasjon", "start": START, "minutes": 15,
             "note": "n", "author": "a", "created": START, "updated": START, "revisions": []},
    "notes": {"question_id": "fr-verdi-av-tid", "text": "t", "author": "a", "created": START,
              "updated": None, "meeting_id": None, "revisions": []},
    "meetings": {"title": "Møte", "start": START, "attendees": "AB", "author": "a", "created": START,
                 "ended": None, "current": 0,
                 "agenda": [{"question_id": "fr-verdi-av-tid", "minutes": 5, "seconds_used": 0,
                             "visited": False}]},
    "cases": {"title": "Sak", "subjects": ["AB"], "problem": "p", "author": "a", "created": START,
              "measures": [{"measure": "forbedre-relasjon", "local_title": "", "start": "2026-11-20",
                            "end": "2026-12-10", "frequency": "daglig", "per_week": 1, "minutes": 15,
                            "responsible": "a", "consent_pupil": "ikke-spurt", "consent_parents": "ikke-spurt"}],
              "evaluation_dates": ["2026-11-27"], "evaluations": [], "revisions": []},
}  # fmt: skip


@st.composite
def record(draw, table: str) -> Any:
    """A record of `table`: mostly the valid base with some fields changed, dropped or added; sometimes anything."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(value)
    result = dict(BASE[table])
    if choice < 5:  # valid, with any storable text where the kind has free text
        free = draw(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=20))
        field = {"logs": "note", "notes": "author", "meetings": "attendees", "cases": "problem"}.get(table)
        return dict(result, **{field: free}) if field else result
    for name in draw(st.lists(st.sampled_from(sorted(result)), max_size=2)):
        result.pop(name, None)
    result.update(draw(st.dictionaries(st.sampled_from(sorted(BASE[table])) | text, value, max_size=2)))
    return result


@st.composite
def tables(draw) -> dict[str, dict[str, Any]]:
    drawn = {name: draw(st.dictionaries(key, record(name), max_size=4)) for name in BASE}
    drawn["subjects"]["100"] = dict(BASE["subjects"])
    for n in range(3):  # valid logs that must always be found and shown
        drawn["logs"][str(200 + n)] = dict(BASE["logs"], note=f"gyldig-{n}")
    return drawn


def damaged_by_rules(content: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    return {
        name: {k for k, r in content.get(name, {}).items() if is_damaged(check_record(name, k, r))} for name in RECORD_TABLES
    }


def quiet_main(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(args))


ACCEPTED: set[str] = set()
"""Record kinds that some accepted import carried (see the last test of this file)."""

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(content=tables())
def test_any_data_file_loads_checks_and_exports_without_losing_a_record(content) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data" / "relasjon.json"
        path.parent.mkdir(mode=0o700)
        raw = orjson.dumps({"meta": {"1": {"schema_version": 3}}, **content})
        path.write_bytes(raw)
        path.chmod(0o600)
        damaged = damaged_by_rules(content)
        report = check_data_file(path)
        assert report.ok == (not any(damaged.values())), report.lines
        for name, keys in damaged.items():
            for k in keys:
                assert any(f"{name} {k}" in line for line in report.lines)
        store = RecordStore(path)
        valid_logs = {int(k) for k in content["logs"] if k not in damaged["logs"]}
        logs = store.logs()
        assert {log.id for log in logs} == valid_logs
        assert {log.note for log in logs} >= {"gyldig-0", "gyldig-1", "gyldig-2"}
        # Every reading path, with every record kind.
        store.cases(), store.meetings(), store.question_statuses(), store.session_days(), store.subjects()
        store.logs_page(limit=5), store.latest_log(), store.logged_measures(), store.open_meeting()
        for case in store.cases():
            case_document.render(case, store.case_logs(case), {}, FACTS, pseudonym=True)
            case_document.render(case, store.case_logs(case), {}, FACTS, pdf=True)
        for meeting in store.meetings():
            export.meeting_to_markdown(meeting, {}, {})
        dump = store.dump()
        assert orjson.loads(export.to_json(dump)) == dump
        assert b"\x1b" not in export.to_csv(logs) and "\x1b" not in export.to_markdown(logs, {})
        assert path.read_bytes() == raw, "reading never writes"
        for fmt in ("json", "csv", "md"):
            assert quiet_main("--data", str(path), "eksport", "--format", fmt, "--til", str(path.parent / "ut")) == 0
        assert quiet_main("--data", str(path), "sjekk") == (1 if any(damaged.values()) else 0)
        assert quiet_main("--data", str(path), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon") == 0
        after = orjson.loads(path.read_bytes())
        for name, rows in content.items():
            for k, r in rows.items():
                assert after[name][k] == r, f"{name} {k} changed or lost"
        store.close()


VALID = {name: {"1": dict(record)} for name, record in BASE.items()}


@SETTINGS
@given(content=tables(), into_empty=st.booleans(), only_undamaged=st.booleans())
@example(content=VALID, into_empty=True, only_undamaged=False)  # accepted, with a record of every kind
def test_any_dump_is_imported_whole_or_refused_with_nothing_written(content, into_empty, only_undamaged) -> None:
    if only_undamaged:  # then mostly references and conflicts decide
        damaged = damaged_by_rules(content)
        content = {name: {k: r for k, r in rows.items() if k not in damaged[name]} for name, rows in content.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data" / "relasjon.json"
        if not into_empty:
            store = RecordStore(path)
            store.load_dump({"format": "relasjon-tui", "schema_version": 3,
                             "tables": {"subjects": {"1": dict(BASE["subjects"], code="ZZ")}}})  # fmt: skip
            store.close()
        before = path.read_bytes() if path.exists() else None
        source = Path(folder) / "inn.json"
        source.write_bytes(orjson.dumps({"format": "relasjon-tui", "schema_version": 3, "tables": content}))
        code = quiet_main("--data", str(path), "importer", str(source))
        after = path.read_bytes() if path.exists() else None
        if code == 1:
            assert after == before
            return
        assert code == 0
        stored = orjson.loads(after)
        ACCEPTED.update(name for name in RECORD_TABLES if stored.get(name))
        for name in RECORD_TABLES:
            for k, r in stored.get(name, {}).items():
                assert check_record(name, k, r) == [], (name, k, r)
        store = RecordStore(path)
        with contextlib.suppress(ImportRefused):
            store.load_dump(store.dump())  # importing the result again adds nothing
        assert store.dump()["tables"]["logs"] == stored.get("logs", {})
        store.close()


@settings(max_examples=300, deadline=None)
@given(log=record("logs"))
def test_the_quick_path_for_logs_agrees_with_the_full_rules(log) -> None:
    if isinstance(log, dict):
        quick = _log_plainly_valid(log)
        full = check_log("1", log)
        assert not quick or full == []
        if full == [] and log.get("revisions", []) == []:
            assert quick


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=tables())
def test_the_logg_area_shows_every_valid_log_whatever_else_the_file_holds(library, content) -> None:
    from relasjon_tui.ui.app import RelasjonApp

    async def scenario(path: Path) -> None:
        store = RecordStore(path)
        app = RelasjonApp(library, store=store, drafts=None, settings_path=paths.settings_file())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("escape", "3")
            await pilot.pause()
            pane = app.screen.query_one("#log")
            valid = {int(k) for k in content["logs"] if k not in damaged["logs"]}
            assert {log.id for log in pane.shown} == valid
            status = str(app.screen.query_one("#log-status").render())
            count = sum(len(keys) for keys in damaged.values())
            if count == 1:
                assert status.startswith("1 skadet post – se relasjon sjekk")
            elif count:
                assert status.startswith(f"{count} skadde poster – se relasjon sjekk")
            else:
                assert "skad" not in status
        store.close()

    damaged = damaged_by_rules(content)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data" / "relasjon.json"
        path.parent.mkdir(mode=0o700)
        path.write_bytes(orjson.dumps({"meta": {"1": {"schema_version": 3}}, **content}))
        path.chmod(0o600)
        asyncio.run(scenario(path))


def test_the_import_fuzzing_reached_accepted_records_of_every_kind() -> None:
    """Runs after the import fuzz test (file order): its accepted dumps carried every kind of
    record (at least its explicit example), so the checks after an accepted import ran for each."""
    assert ACCEPTED >= {"subjects", "logs", "notes", "meetings", "cases"}, ACCEPTED


@SETTINGS
@given(
    content=st.one_of(
        value,
        st.dictionaries(st.sampled_from(["meta", "logs", "subjects", "notes", "cases", "meetings", "x"]) | text,
                        value, max_size=4),
        tables().map(lambda drawn: {"meta": {"1": {"schema_version": 3}}, **drawn}),
    ),
    meta=st.none() | value | st.dictionaries(key, value, max_size=2),
)  # fmt: skip
def test_any_file_shape_is_used_or_refused_whole_and_a_refused_file_stays_byte_identical(content, meta) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data" / "relasjon.json"
        path.parent.mkdir(mode=0o700)
        if meta is not None and isinstance(content, dict):
            content = dict(content, meta=meta)
        raw = orjson.dumps(content)
        path.write_bytes(raw)
        path.chmod(0o600)
        check_data_file(path)  # never raises
        assert quiet_main("--data", str(path), "sjekk") in (0, 1)
        code = quiet_main("--data", str(path), "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon")
        assert code in (0, 1)
        if code == 1:
            assert path.read_bytes() == raw
        else:
            for fmt in ("json", "csv", "md"):
                assert quiet_main("--data", str(path), "eksport", "--format", fmt, "--til", f"{folder}/ut") == 0
