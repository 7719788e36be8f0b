"""The case document for the archive (issue 14): marking, head, plan history, the pupil's voice,
progress, chronology; the PDF says what the Markdown says; archive marks; deleting an
unarchived case warns."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from relasjon_tui.cli import main
from relasjon_tui.records.case_document import Facts, case_blocks, plain_lines, render, to_markdown
from relasjon_tui.records.cases import (
    Case,
    CaseEntry,
    Evaluation,
    PlannedMeasure,
    case_from_record,
    case_to_record,
    missing_voice,
    validate_entry,
)
from relasjon_tui.records.check import check_data_file
from relasjon_tui.records.kinds import check_record
from relasjon_tui.records.model import SessionLog, ValidationError
from relasjon_tui.records.store import RecordStore

OSLO = ZoneInfo("Europe/Oslo")
MONDAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)
EXPORTED = datetime(2026, 12, 2, 10, 15, tzinfo=OSLO)
FACTS = Facts("rektor", EXPORTED, "Bakkeby skole", "7. trinn")
TITLES = {"forbedre-relasjon": "Forbedre negativ eller svak relasjon"}
MARKING = "Unntatt offentlighet, jf. offentleglova § 13 jf. forvaltningsloven § 13 første ledd nr. 1"


def a_case(**changes) -> Case:
    measure = PlannedMeasure("forbedre-relasjon", start=MONDAY, end=MONDAY + timedelta(days=13), frequency="daglig",
                             minutes=15, carried_out_by="kari")  # fmt: skip
    values = dict(
        title="AB trygghet", subjects=("AB",), problem="AB er alene i friminuttene.", measures=(measure,),
        evaluation_dates=(MONDAY + timedelta(days=7),), author="kari", created=NOW, updated=NOW,
    )  # fmt: skip
    values.update(changes)
    return Case(**values)


def logged(store: RecordStore, days: list[int]) -> None:
    for offset in days:
        start = NOW + timedelta(days=offset, hours=2)
        store.add_log(SessionLog("AB", "forbedre-relasjon", start, 15, note=f"Økt {offset}", created=start,
                                 author="kari"))  # fmt: skip


@pytest.fixture
def stored(store: RecordStore) -> tuple[RecordStore, Case]:
    case_id = store.add_case(a_case())
    case = store.get_case(case_id)
    assert case is not None
    edited = case.edited(NOW + timedelta(days=1), "ola", problem="AB er alene og blir holdt utenfor.")
    heard = CaseEntry(MONDAY + timedelta(days=1), "elev-hort", "Samtale i storefri: AB vil ha noen å være med.",
                      "kari", NOW + timedelta(days=1))  # fmt: skip
    reported = CaseEntry(MONDAY + timedelta(days=2), "varslet", "Rektor varslet muntlig.", "kari",
                         NOW + timedelta(days=2))  # fmt: skip
    evaluation = Evaluation(MONDAY + timedelta(days=7), "Fast tid hjelper", "", "", "fortsette", "ola",
                            NOW + timedelta(days=7))  # fmt: skip
    store.replace_case(replace(edited, entries=(heard, reported), evaluations=(evaluation,)))
    logged(store, [0, 1, 3])
    case = store.get_case(case_id)
    assert case is not None
    return store, case


def test_the_document_has_the_marking_head_history_voice_progress_and_chronology(stored) -> None:
    store, case = stored
    text = to_markdown(case_blocks(case, store.case_logs(case), TITLES, FACTS))
    lines = text.splitlines()
    assert lines[0] == f"**{MARKING}**"
    assert f"# Sak {case.id}: AB trygghet" in lines
    assert "Skole: Bakkeby skole · Enhet: 7. trinn" in lines
    assert "Opprettet av kari, 23.11.2026 09:00" in lines  # the creator, though ola edited it since
    assert "Eksportert av rektor, 02.12.2026 10:15" in lines
    assert "Planen har alle de fem punktene i opplæringslova § 12-4." in lines
    # Plan history: who changed what, when, and what it said before.
    assert any(line.startswith("- 24.11.2026 09:00, ola endret: problemet") for line in lines)
    assert "> AB er alene i friminuttene." in lines and "> AB er alene og blir holdt utenfor." in lines
    # The pupil's voice: the hearing, and the evaluation without the pupil's experience flagged.
    assert "- 24.11.2026, eleven er hørt (ført av kari)" in lines
    assert "**Evalueringen 30.11.2026 mangler elevens egen opplevelse.**" in lines
    assert "- Forbedre negativ eller svak relasjon: 3 av 10 økter, 45 min" in lines
    order = [text.index(m) for m in ("23.11.2026 11:00 – økt", "24.11.2026 11:00 – økt", "25.11.2026 – varslet rektor",
                                     "26.11.2026 11:00 – økt", "30.11.2026 – evaluering av ola")]  # fmt: skip
    assert order == sorted(order)


def test_the_pdf_opens_and_says_what_the_markdown_says(stored) -> None:
    store, case = stored
    blocks = case_blocks(case, store.case_logs(case), TITLES, FACTS)
    pdf = render(case, store.case_logs(case), TITLES, FACTS, pdf=True)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert b"pdfaid:part" in pdf  # PDF/A metadata
    extracted = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    flat = re.sub(r"\s+", "", extracted)
    for line in plain_lines(blocks):
        assert re.sub(r"\s+", "", line) in flat, line


def test_user_text_cannot_become_markdown(store: RecordStore) -> None:
    case = a_case(problem="# Overskrift\n- liste\n1. nummer\n**fet** [lenke](x) <b>", title="[red]x[/red]")
    text = to_markdown(case_blocks(case, [], TITLES, FACTS))
    assert "> \\# Overskrift" in text and "> \\- liste" in text and "> \\1. nummer" in text
    assert "\\*\\*fet\\*\\* \\[lenke\\](x) \\<b\\>" in text and "\\[red\\]x\\[/red\\]" in text


def test_missing_voice_is_flagged_in_plan_and_evaluations() -> None:
    case = a_case(evaluations=(Evaluation(MONDAY, "ok", "", "", "fortsette"),))
    assert missing_voice(case) == ["plan", "evaluation:2026-11-23"]
    heard = replace(case, entries=(CaseEntry(MONDAY, "elev-hort", "Samtale", "kari"),))
    assert missing_voice(heard) == ["evaluation:2026-11-23"]
    assert missing_voice(replace(case, pupil_view="Vil være med", evaluations=())) == []


def test_entries_archive_mark_and_plan_revisions_round_trip_and_keep_the_rules() -> None:
    case = a_case(entries=(CaseEntry(MONDAY, "undersokt", "Snakket med klassen", "kari", NOW),),
                  archived=date(2026, 12, 1), archive_ref="2026/1234")  # fmt: skip
    case = case.edited(NOW, "ola", measures=())
    record = case_to_record(case)
    assert check_record("cases", "1", record) == []
    assert case_from_record(record, 1) == replace(case, id=1)
    assert case.revisions[-1].values["measures"][0]["carried_out_by"] == "kari"
    broken = dict(record, entries=[{"day": "2026-11-23", "kind": "ukjent", "text": "x"}])
    assert check_record("cases", "1", broken)


def test_an_entry_needs_text_and_cannot_be_in_the_future() -> None:
    with pytest.raises(ValidationError):
        validate_entry(CaseEntry(MONDAY, "fulgt-med", "  "), NOW)
    with pytest.raises(ValidationError):
        validate_entry(CaseEntry(MONDAY + timedelta(days=1), "fulgt-med", "Så det"), NOW)
    validate_entry(CaseEntry(MONDAY, "fulgt-med", "Så det"), NOW)


def test_cli_exports_pdf_marks_archived_and_sjekk_lists_closed_cases_not_archived(stored, tmp_path: Path,
                                                                                   capsys) -> None:
    store, case = stored
    store.replace_case(replace(case, closed=NOW + timedelta(days=8)))
    data = str(store.path)
    target = tmp_path / "sak.pdf"
    assert main(["--data", data, "eksport", "--sak", str(case.id), "--format", "pdf", "--til", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF-") and (target.stat().st_mode & 0o077) == 0
    report = check_data_file(store.path)
    assert any("1 lukket sak er ikke merket som arkivert" in line for line in report.lines)
    assert any(f"sak {case.id}, lukket 2026-12-01: AB trygghet" in line for line in report.lines)
    capsys.readouterr()
    assert main(["--data", data, "arkiver", "--sak", str(case.id), "--ref", "2026/77", "--dato", "02.12.2026"]) == 0
    assert "merket som arkivert 02.12.2026, referanse 2026/77" in capsys.readouterr().out
    archived = RecordStore(store.path).get_case(case.id)
    assert archived is not None and archived.archived == date(2026, 12, 2) and archived.archive_ref == "2026/77"
    assert any("alle lukkede saker er merket som arkivert" in line for line in check_data_file(store.path).lines)


def test_deleting_an_unarchived_case_or_its_pupil_warns_of_the_archive_duty(stored, capsys) -> None:
    store, case = stored
    data = str(store.path)
    assert main(["--data", data, "slett", "--elev", "AB", "--ja"]) == 0
    out = capsys.readouterr().out
    assert f"AB har saker som ikke er merket som arkivert ({case.id})" in out and "Arkivplikten kan gjelde" in out
    other = RecordStore(store.path)
    case_id = other.add_case(a_case(title="Ny sak"))
    assert main(["--data", data, "slett", "--sak", str(case_id), "--ja"]) == 0
    assert f"Sak {case_id} er ikke merket som arkivert" in capsys.readouterr().out
    archived = other.add_case(a_case(title="Arkivert", archived=date(2026, 12, 1), archive_ref="1"))
    assert main(["--data", data, "slett", "--sak", str(archived), "--ja"]) == 0
    assert "Arkivplikten" not in capsys.readouterr().out


# In the app


@pytest.mark.usefixtures("frozen_clock")
async def test_h_enters_a_hearing_typed_in_one_burst_and_the_flag_goes(make_app, store) -> None:
    from tests.test_bursts import burst, settle

    case_id = store.add_case(a_case())
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_case(store.get_case(case_id))
        await pilot.pause()
        assert "Elevens stemme mangler" in str(app.screen.query_one("#case-head").render())
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one("#en-text").focus()
        burst(app, "Samtale med AB: vil ha en fast voksen.", "ctrl+s")
        await settle(pilot)
        stored = store.get_case(case_id)
        assert [(e.kind, e.text) for e in stored.entries] == [("elev-hort", "Samtale med AB: vil ha en fast voksen.")]
        assert stored.entries[0].author and stored.entries[0].day == date(2026, 12, 2)
        assert "Elevens stemme mangler" not in str(app.screen.query_one("#case-head").render())
        assert "eleven er hørt" in str(app.screen.query_one("#case-entries").render())


@pytest.mark.usefixtures("frozen_clock")
async def test_shift_a_marks_the_case_archived(make_app, store) -> None:
    from tests.test_bursts import burst, settle

    case_id = store.add_case(a_case())
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_case(store.get_case(case_id))
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        burst(app, "2026/4411", "ctrl+s")
        await settle(pilot)
        stored = store.get_case(case_id)
        assert stored.archived == date(2026, 12, 2) and stored.archive_ref == "2026/4411"
        assert "arkivert 02.12.2026 (ref. 2026/4411)" in str(app.screen.query_one("#case-head").render())


async def test_ctrl_d_warns_of_unarchived_cases_and_x_exports_them_first(make_app, store, tmp_path, monkeypatch) -> None:
    from relasjon_tui.ui.screens.delete_subject import DeleteSubjectConfirmScreen, DeleteSubjectScreen

    monkeypatch.setenv("HOME", str(tmp_path / "hjem"))
    (tmp_path / "hjem").mkdir()
    case_id = store.add_case(a_case())
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_delete_subject()
        await pilot.pause()
        assert isinstance(app.screen, DeleteSubjectScreen)
        app.screen.dismiss("AB")
        await pilot.pause()
        assert isinstance(app.screen, DeleteSubjectConfirmScreen)
        warning = str(app.screen.query_one("#delete-unarchived").render())
        assert f"sak {case_id} «AB trygghet»" in warning and "Arkivplikten kan gjelde" in warning
        await pilot.press("x")
        await pilot.pause()
        exported = list((tmp_path / "hjem").glob(f"sak-{case_id}-*.pdf"))
        assert len(exported) == 1 and exported[0].read_bytes().startswith(b"%PDF-")
        assert isinstance(app.screen, DeleteSubjectConfirmScreen)  # asked again; nothing deleted yet
        assert store.get_case(case_id) is not None
        await pilot.press("n")
