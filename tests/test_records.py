"""The records model and store: validation, revisions, filters, dump and import, in memory and on file."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relasjon_tui.records.model import SessionLog, ValidationError, validate_log
from relasjon_tui.records.store import ImportRefused, RecordStore
from relasjon_tui.records.when import WhenError, parse_when

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 26, 12, 40, tzinfo=OSLO)
MEASURES = {"forbedre-relasjon", "elevgrupper", "tett-oppfolging"}


def make_log(**changes) -> SessionLog:
    values = dict(
        subject="AB", measure="forbedre-relasjon", start=NOW - timedelta(hours=1), minutes=15,
        note="Spilte UNO.", author="kari", created=NOW, updated=NOW,
    )  # fmt: skip
    values.update(changes)
    return SessionLog(**values)


@pytest.fixture
def store(any_store: RecordStore) -> RecordStore:
    """Every test of this module runs on the store in memory and on a file."""
    return any_store


def test_valid_log_passes() -> None:
    validate_log(make_log(), MEASURES, NOW)


def test_every_problem_gets_its_own_message() -> None:
    bad = make_log(subject="", measure="ukjent", minutes=0, start=NOW + timedelta(days=1), note="x\x00y")
    with pytest.raises(ValidationError) as caught:
        validate_log(bad, MEASURES, NOW)
    problems = caught.value.problems
    assert len(problems) == 5
    assert problems[0].startswith("Elev eller gruppe mangler")
    assert "Ukjent tiltak «ukjent»" in problems[1] and "elevgrupper, forbedre-relasjon, tett-oppfolging" in problems[1]
    assert "mellom 1 og 240, ikke 0" in problems[2]
    assert "fram i tid" in problems[3] and caught.value.future
    assert "notat" in problems[4] and "ikke kan lagres" in problems[4]


def test_future_is_allowed_when_confirmed_and_limits_hold() -> None:
    validate_log(make_log(start=NOW + timedelta(hours=2)), MEASURES, NOW, allow_future=True)
    with pytest.raises(ValidationError, match="høyst 4000 tegn"):
        validate_log(make_log(note="x" * 4001), MEASURES, NOW)
    with pytest.raises(ValidationError, match="241"):
        validate_log(make_log(minutes=241), MEASURES, NOW)


@pytest.mark.parametrize("subject", ["Ola Nordmann", "a" * 21, "-x", "AB\n"])
def test_subject_must_be_a_short_code(subject: str) -> None:
    with pytest.raises(ValidationError, match="kort kode"):
        validate_log(make_log(subject=subject), MEASURES, NOW)


def test_lone_surrogate_cannot_be_stored() -> None:
    with pytest.raises(ValidationError, match="ikke kan lagres"):
        validate_log(make_log(note="halv \ud800"), MEASURES, NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "2026-11-26T12:40:00+01:00"),
        ("nå", "2026-11-26T12:40:00+01:00"),
        ("i dag 10:15", "2026-11-26T10:15:00+01:00"),
        ("i går", "2026-11-25T12:40:00+01:00"),
        ("I går kl 14.00", "2026-11-25T14:00:00+01:00"),
        ("14:30", "2026-11-26T14:30:00+01:00"),
        ("2026-11-20 14:30", "2026-11-20T14:30:00+01:00"),
        ("20.11.2026 08:05", "2026-11-20T08:05:00+01:00"),
        ("2026-07-01 09:00", "2026-07-01T09:00:00+02:00"),  # summer time from the zone's rules
        ("2026-11-20T14:30:00+00:00", "2026-11-20T14:30:00+00:00"),
    ],
)
def test_parse_when(text: str, expected: str) -> None:
    assert parse_when(text, NOW).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "fragment"), [("2025-02-30", "finnes ikke"), ("25:00", "finnes ikke"), ("i morgen", "forstår ikke")]
)
def test_parse_when_errors(text: str, fragment: str) -> None:
    with pytest.raises(WhenError, match=fragment):
        parse_when(text, NOW)


def test_add_get_and_subjects(store: RecordStore) -> None:
    first = store.add_log(make_log())
    second = store.add_log(make_log(subject="7B-gr1", subject_kind="gruppe", measure="elevgrupper", minutes=30))
    assert (first, second) == (1, 2)
    got = store.get_log(first)
    assert got is not None and got.note == "Spilte UNO." and got.id == 1 and got.start == NOW - timedelta(hours=1)
    assert [(s.code, s.kind) for s in store.subjects()] == [("7B-gr1", "gruppe"), ("AB", "elev")]
    assert store.count_logs() == 2


def test_filters_and_newest_first(store: RecordStore) -> None:
    for days, subject, measure in [
        (3, "AB", "forbedre-relasjon"),
        (1, "AB", "tett-oppfolging"),
        (2, "CD", "forbedre-relasjon"),
    ]:
        store.add_log(make_log(subject=subject, measure=measure, start=NOW - timedelta(days=days)))
    assert [log.id for log in store.logs()] == [2, 3, 1]
    assert [log.id for log in store.logs(subject="AB")] == [2, 1]
    assert [log.id for log in store.logs(measure="forbedre-relasjon")] == [3, 1]
    assert [
        log.id for log in store.logs(since=NOW - timedelta(days=2, hours=1), until=NOW - timedelta(days=1, hours=12))
    ] == [3]


def test_editing_keeps_the_earlier_text_as_a_revision(store: RecordStore) -> None:
    log_id = store.add_log(make_log())
    original = store.get_log(log_id)
    later = NOW + timedelta(minutes=5)
    edited = original.edited(later, "ola", note="Spilte UNO og snakket om friminuttet.", minutes=20)
    store.replace_log(edited)
    again = store.get_log(log_id)
    assert again.note == "Spilte UNO og snakket om friminuttet." and again.minutes == 20
    assert again.author == "ola" and again.updated == later
    (revision,) = again.revisions
    assert revision.values == {"note": "Spilte UNO.", "minutes": 15}
    assert revision.author == "kari"  # who wrote the earlier text …
    assert (revision.replaced, revision.replaced_by) == (later, "ola")  # … and when and by whom it was replaced
    assert original.edited(later, "ola", note=original.note) is original  # no change, no revision


def test_delete(store: RecordStore) -> None:
    log_id = store.add_log(make_log())
    assert store.delete_log(log_id) is True
    assert store.get_log(log_id) is None
    assert store.delete_log(log_id) is False


def test_dump_and_load_round_trip_exactly(store: RecordStore, tmp_path: Path) -> None:
    store.add_log(make_log(note="æøå «sitat» [b]x[/b]\n\tny linje"))
    store.replace_log(store.get_log(1).edited(NOW, "ola", note="endret"))
    store.add_log(make_log(subject="7B-gr1", subject_kind="gruppe", measure="elevgrupper"))
    dump = store.dump()
    other = RecordStore(tmp_path / "annen.json")
    assert other.load_dump(dump, MEASURES) == 4  # two subjects, two logs
    assert other.dump() == dump


def test_import_refuses_conflicts_and_invalid_records_and_writes_nothing(store: RecordStore) -> None:
    store.add_log(make_log())
    dump = store.dump()
    assert store.load_dump(dump, MEASURES) == 0  # the same records: skipped, not refused
    dump["tables"]["logs"]["1"]["minutes"] = 20
    with pytest.raises(ImportRefused) as caught:
        store.load_dump(dump, MEASURES)
    assert caught.value.problems == ["logs 1: logs 1 finnes allerede her med annet innhold"]
    assert store.count_logs() == 1 and store.get_log(1).minutes == 15

    broken = {**dump, "tables": {"logs": {"7": {"subject": "X", "measure": "forbedre-relasjon", "minutes": "ti"}}}}
    fresh = RecordStore(None)
    with pytest.raises(ImportRefused) as caught:
        fresh.load_dump(broken, MEASURES)
    located = {(p.table, p.key, p.field) for p in caught.value.located}
    assert {("logs", "7", "minutes"), ("logs", "7", "start"), ("logs", "7", "subject")} <= located
    assert fresh.count_logs() == 0
    with pytest.raises(ImportRefused, match="ikke en eksport"):
        fresh.load_dump({"tables": {}}, MEASURES)
    unknown = store.dump()
    unknown["tables"]["logs"]["1"]["measure"] = "ukjent"
    with pytest.raises(ImportRefused, match="Ukjent tiltak «ukjent»"):
        RecordStore(None).load_dump(unknown, MEASURES)


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=_text, activity=_text, words=_text)
def test_any_storable_text_round_trips_through_file_and_export(tmp_path_factory, note, activity, words) -> None:
    folder = tmp_path_factory.mktemp("prop")
    log = make_log(note=note, activity=activity, pupil_words=words)
    validate_log(log, MEASURES, NOW)
    store = RecordStore(folder / "relasjon.json")
    log_id = store.add_log(log)
    reopened = RecordStore(folder / "relasjon.json")
    got = reopened.get_log(log_id)
    assert (got.note, got.activity, got.pupil_words) == (note, activity, words)
    copy = RecordStore(folder / "kopi.json")
    copy.load_dump(reopened.dump(), MEASURES)
    assert copy.dump() == reopened.dump()
    for each in (store, reopened, copy):
        each.close()


def test_logs_page_returns_the_newest_and_the_total(store: RecordStore) -> None:
    for hours in range(10):
        store.add_log(make_log(start=NOW - timedelta(hours=hours + 1), note=str(hours)))
    page, total = store.logs_page(limit=3)
    assert total == 10
    assert [log.note for log in page] == ["0", "1", "2"]
    page, total = store.logs_page(limit=3, since=NOW - timedelta(hours=4, minutes=30))
    assert (total, [log.note for log in page]) == (4, ["0", "1", "2"])


def test_demo_data_is_valid_and_covers_every_area(tmp_path: Path) -> None:
    from relasjon_tui import paths
    from relasjon_tui.content.loader import scan_measures
    from relasjon_tui.records.demo import fill_demo

    store = RecordStore(tmp_path / "demo" / "relasjon.json")
    count = fill_demo(store, NOW)
    assert count > 30
    reread = RecordStore(store.path)  # read back from the file: nothing the app writes is set aside
    assert reread.damaged_count() == 0 and reread.count_logs() == store.count_logs()
    measures = set(scan_measures(paths.builtin_content_dir()))
    logs = store.logs()
    for log in logs:
        validate_log(log, measures, NOW)
    assert {log.subject_kind for log in logs} == {"elev", "gruppe"}
    assert len({log.measure for log in logs}) >= 4
    assert all(log.start.weekday() < 5 for log in logs)
    assert len(store.cases()) == 2 and store.meetings()[0].ended is not None
    assert len(store.meeting_notes(store.meetings()[0].id)) == 2


def test_the_author_is_the_account_not_an_environment_variable(monkeypatch) -> None:
    import os
    import pwd

    from relasjon_tui.records.store import default_author

    monkeypatch.setenv("LOGNAME", "rektor")
    monkeypatch.setenv("USER", "rektor")
    assert default_author() == pwd.getpwuid(os.getuid()).pw_name != "rektor"
