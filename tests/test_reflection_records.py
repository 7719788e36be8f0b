"""Question notes and meetings in the store: validation, status, typing in a meeting, export and import."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relasjon_tui.cli import main
from relasjon_tui.records.export import meeting_to_markdown
from relasjon_tui.records.model import SessionLog, ValidationError
from relasjon_tui.records.reflection import (
    AgendaItem,
    Meeting,
    QuestionNote,
    QuestionStatus,
    suggest,
    validate_meeting,
    validate_note,
)
from relasjon_tui.records.storage import SCHEMA_VERSION
from relasjon_tui.records.store import ImportRefused, RecordStore

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=OSLO)
QUESTIONS = ["eg-stigmatisering", "eg-gevinst", "eg-organisering", "kl-avklaring-tillatt"]


def make_meeting(**changes) -> Meeting:
    values = dict(
        title="Teammøte 7B",
        start=NOW,
        attendees="AB, CD, EF",
        agenda=tuple(AgendaItem(question_id, 5) for question_id in QUESTIONS[:3]),
        author="lærer",
        created=NOW,
    )
    values.update(changes)
    return Meeting(**values)


@pytest.fixture
def store(any_store: RecordStore) -> RecordStore:
    """Every test of this module runs on the store in memory and on a file."""
    return any_store


def test_the_question_ids_used_here_exist_in_the_content(library) -> None:
    known = {question.id for question in library.questions}
    assert set(QUESTIONS) <= known


def test_note_validation_names_every_problem() -> None:
    bad = QuestionNote("finnes-ikke", "  ", "x", created=NOW)
    with pytest.raises(ValidationError) as caught:
        validate_note(bad, QUESTIONS)
    assert len(caught.value.problems) == 2
    assert "Ukjent spørsmål «finnes-ikke»" in caught.value.problems[0]
    validate_note(QuestionNote(QUESTIONS[0], "Ok", "x", created=NOW), QUESTIONS)
    with pytest.raises(ValidationError, match="for langt"):
        validate_note(QuestionNote(QUESTIONS[0], "x" * 4001, "x", created=NOW), QUESTIONS)


def test_meeting_validation_names_every_problem() -> None:
    bad = make_meeting(
        title=" ",
        agenda=(AgendaItem(QUESTIONS[0], 0), AgendaItem(QUESTIONS[0], 5), AgendaItem("ukjent", 5)),
    )
    with pytest.raises(ValidationError) as caught:
        validate_meeting(bad, QUESTIONS)
    text = "\n".join(caught.value.problems)
    assert "mangler tittel" in text and "to ganger" in text and "«ukjent»" in text and "mellom 1 og 120" in text
    with pytest.raises(ValidationError, match="minst ett spørsmål"):
        validate_meeting(make_meeting(agenda=()), QUESTIONS)
    validate_meeting(make_meeting(), QUESTIONS)


def test_notes_newest_first_and_edits_keep_the_old_text(store: RecordStore) -> None:
    first = store.add_note(QuestionNote(QUESTIONS[0], "Første", "a", created=NOW))
    store.add_note(QuestionNote(QUESTIONS[0], "Andre", "b", created=NOW + timedelta(days=1)))
    store.add_note(QuestionNote(QUESTIONS[1], "Annet spørsmål", "c", created=NOW))
    assert [note.text for note in store.notes_for(QUESTIONS[0])] == ["Andre", "Første"]
    note = store.get_note(first)
    store.replace_note(note.edited(NOW + timedelta(hours=2), "d", "Første, rettet"))
    again = store.get_note(first)
    assert again.text == "Første, rettet" and again.author == "d"
    assert [revision.values["text"] for revision in again.revisions] == ["Første"]
    assert store.delete_note(first)
    assert [note.text for note in store.notes_for(QUESTIONS[0])] == ["Andre"]


def test_typing_in_a_meeting_keeps_one_note_per_question(store: RecordStore) -> None:
    meeting_id = store.add_meeting(make_meeting())
    store.save_meeting_note(meeting_id, QUESTIONS[0], "H", "a", NOW)
    store.save_meeting_note(meeting_id, QUESTIONS[0], "Hei alle", "a", NOW + timedelta(seconds=5))
    store.save_meeting_note(meeting_id, QUESTIONS[1], "  ", "a", NOW)  # nothing typed: no note
    notes = store.meeting_notes(meeting_id)
    assert list(notes) == [QUESTIONS[0]]
    assert notes[QUESTIONS[0]].text == "Hei alle" and notes[QUESTIONS[0]].revisions == ()
    store.save_meeting_note(meeting_id, QUESTIONS[0], "", "a", NOW)  # cleared: removed
    assert store.meeting_notes(meeting_id) == {}


def test_status_counts_notes_and_the_questions_an_ended_meeting_reached(store: RecordStore) -> None:
    assert store.question_statuses() == {}
    store.add_note(QuestionNote(QUESTIONS[3], "Notat", "a", created=NOW - timedelta(days=10)))
    agenda = (AgendaItem(QUESTIONS[0], 5, 120, visited=True), AgendaItem(QUESTIONS[1], 5, 0, visited=False))
    open_id = store.add_meeting(make_meeting(agenda=agenda))
    assert QUESTIONS[0] not in store.question_statuses()  # not ended yet
    store.replace_meeting(replace(store.get_meeting(open_id), ended=NOW + timedelta(minutes=10)))
    statuses = store.question_statuses()
    assert statuses[QUESTIONS[0]] == QuestionStatus(date(2026, 11, 26), 0)
    assert QUESTIONS[1] not in statuses  # never reached
    assert statuses[QUESTIONS[3]] == QuestionStatus(date(2026, 11, 16), 1)


def test_open_meeting_is_the_newest_unended(store: RecordStore) -> None:
    assert store.open_meeting() is None
    ended = store.add_meeting(make_meeting(start=NOW - timedelta(days=1), ended=NOW))
    open_id = store.add_meeting(make_meeting(title="Pågår"))
    assert store.open_meeting().id == open_id
    assert [meeting.id for meeting in store.meetings()] == [open_id, ended]


def test_suggestions_put_never_discussed_first_then_logged_measures_then_oldest() -> None:
    questions = [("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b")]
    statuses = {"a1": QuestionStatus(date(2026, 1, 1), 1), "b1": QuestionStatus(date(2025, 1, 1), 0)}
    assert suggest(questions, statuses, logged_measures={"b"}) == ["b2", "a2", "b1", "a1"]
    assert suggest(questions, {}, logged_measures=set()) == ["a1", "b1", "a2", "b2"]


def test_a_schema_1_file_is_upgraded_to_the_current_schema_on_its_next_write(tmp_path: Path) -> None:
    path = tmp_path / "relasjon.json"
    log = {
        "subject": "AB", "measure": "elevgrupper", "start": NOW.isoformat(), "minutes": 10,
        "subject_kind": "elev", "created": NOW.isoformat(),
    }  # fmt: skip
    path.write_bytes(orjson.dumps({"meta": {"1": {"schema_version": 1}}, "logs": {"1": log}}))
    path.chmod(0o600)
    store = RecordStore(path)
    assert store.logs()[0].subject == "AB"
    store.add_note(QuestionNote(QUESTIONS[0], "Ny", "a", created=NOW))
    data = orjson.loads(path.read_bytes())
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 3
    assert data["logs"]["1"]["subject"] == "AB"


def test_dump_and_load_carry_notes_and_meetings_exactly(store: RecordStore) -> None:
    meeting_id = store.add_meeting(make_meeting(ended=NOW + timedelta(minutes=20)))
    store.save_meeting_note(meeting_id, QUESTIONS[0], "I møtet", "a", NOW)
    store.add_note(QuestionNote(QUESTIONS[3], "Alene", "b", created=NOW))
    store.add_log(SessionLog("AB", "elevgrupper", NOW, 10, created=NOW))
    dump = orjson.loads(orjson.dumps(store.dump()))
    assert dump["schema_version"] == SCHEMA_VERSION
    other = RecordStore(None)
    assert other.load_dump(dump, {"elevgrupper"}, set(QUESTIONS)) == 5  # subject, log, meeting, 2 notes
    assert other.dump() == store.dump()
    assert other.meeting_notes(meeting_id)[QUESTIONS[0]].text == "I møtet"
    assert other.load_dump(dump) == 0  # the same records again: merged, nothing new
    dump["tables"]["notes"]["1"]["text"] = "Endret"
    with pytest.raises(ImportRefused, match="notes 1 finnes allerede her med annet innhold"):
        other.load_dump(dump)
    assert other.dump() == store.dump()


def test_import_refuses_unknown_questions_broken_meetings_and_orphan_notes() -> None:
    note = {"question_id": "ukjent", "text": "x", "author": "a", "created": NOW.isoformat(), "meeting_id": None}
    orphan = dict(note, question_id=QUESTIONS[0], meeting_id=9)
    broken = {"title": "x", "start": "i går", "attendees": "", "agenda": []}
    dump = {
        "format": "relasjon-tui",
        "schema_version": 2,
        "tables": {"notes": {"1": note, "2": orphan}, "meetings": {"3": broken}},
    }
    store = RecordStore(None)
    with pytest.raises(ImportRefused) as caught:
        store.load_dump(dump, questions=set(QUESTIONS))
    text = "\n".join(caught.value.problems)
    assert "Ukjent spørsmål «ukjent»" in text
    assert "meetings 3, feltet start: er ikke et tidspunkt" in text
    assert "notes 2, feltet meeting_id: viser til møte 9" in text
    assert store.dump()["tables"]["notes"] == {}


_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_text.filter(str.strip), attendees=_text, note=_text.filter(str.strip))
def test_any_storable_text_round_trips_through_a_meeting(tmp_path_factory, title, attendees, note) -> None:
    path = tmp_path_factory.mktemp("d") / "relasjon.json"
    store = RecordStore(path)
    meeting_id = store.add_meeting(make_meeting(title=title, attendees=attendees))
    store.save_meeting_note(meeting_id, QUESTIONS[0], note, "a", NOW)
    again = RecordStore(path)
    assert again.get_meeting(meeting_id).title == title
    assert again.get_meeting(meeting_id).attendees == attendees
    assert again.meeting_notes(meeting_id)[QUESTIONS[0]].text == note


def test_meeting_markdown_has_everything_and_no_markup_from_user_text() -> None:
    meeting = make_meeting(
        title="# Møte [lenke](javascript:x)",
        attendees="AB *CD*",
        agenda=(AgendaItem(QUESTIONS[0], 5, 250, visited=True), AgendaItem(QUESTIONS[1], 10)),
        ended=NOW + timedelta(minutes=9),
    )
    notes = {QUESTIONS[0]: [QuestionNote(QUESTIONS[0], "# Ikke overskrift\n- ikke liste", "ola", created=NOW)]}
    labels = {QUESTIONS[0]: ("Elevgrupper · Ledere og ansatte", "Hva gjør vi?")}
    text = meeting_to_markdown(meeting, notes, labels)
    lines = text.splitlines()
    assert lines[0] == r"# \# Møte \[lenke\]\(javascript:x\)"
    assert "Til stede: AB \\*CD\\*" in text and "Brukt tid: 4:10 av 15 minutter" in text
    assert "## 1. Hva gjør vi?" in lines
    assert "Elevgrupper · Ledere og ansatte · 4:10 av 5 min" in lines
    assert "> # Ikke overskrift" in lines and "> - ikke liste" in lines
    assert "— ola, 26.11.2026 14:00" in lines
    assert r"## 2. eg\-gevinst" in lines  # a question the content no longer has keeps its id
    assert "0:00 av 10 min · ikke tatt opp" in text and "(ingen notater)" in text
    assert "Fullført 26.11.2026 14:09." in text


def test_cli_exports_one_meeting_as_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data" / "relasjon.json"
    store = RecordStore(data)
    meeting_id = store.add_meeting(make_meeting())
    store.save_meeting_note(meeting_id, "eg-stigmatisering", "Vi må unngå at gruppa merkes.", "a", NOW)
    assert main(["--data", str(data), "eksport", "--mote", str(meeting_id)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Teammøte 7B")
    assert "> Vi må unngå at gruppa merkes." in out
    assert "Elevgrupper · " in out  # the question's measure, from the content
    assert main(["--data", str(data), "eksport", "--mote", "99"]) == 1
    assert "fant ikke møte 99" in capsys.readouterr().err
    assert main(["--data", str(data), "eksport", "--mote", str(meeting_id), "--format", "csv"]) == 1


def test_cli_json_export_and_import_restore_meetings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a" / "relasjon.json"
    store = RecordStore(source)
    meeting_id = store.add_meeting(make_meeting())
    store.save_meeting_note(meeting_id, QUESTIONS[0], "Notat", "a", NOW)
    export = tmp_path / "eksport.json"
    assert main(["--data", str(source), "eksport", "--til", str(export)]) == 0
    target = tmp_path / "b" / "relasjon.json"
    assert main(["--data", str(target), "importer", str(export)]) == 0
    restored = RecordStore(target)
    assert restored.get_meeting(meeting_id).title == "Teammøte 7B"
    assert restored.meeting_notes(meeting_id)[QUESTIONS[0]].text == "Notat"
