"""Cases: progress arithmetic, plan completeness, evaluation scheduling (fixed clock), store, export, deletion."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest

from relasjon_tui.cli import main
from relasjon_tui.records.calendar import SchoolCalendar
from relasjon_tui.records.case_document import Facts, case_to_markdown
from relasjon_tui.records.cases import (
    Case,
    Evaluation,
    PlannedMeasure,
    missing_items,
    next_evaluation,
    overdue_evaluations,
    overview,
    planned_sessions,
    progress,
    propose_measure,
    proposed_evaluations,
    sparkline,
    validate_case,
)
from relasjon_tui.records.check import check_data_file
from relasjon_tui.records.model import SessionLog, ValidationError
from relasjon_tui.records.store import ImportRefused, RecordStore

OSLO = ZoneInfo("Europe/Oslo")
THURSDAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=OSLO)


def daily(start: date = THURSDAY, weeks: int = 3, **changes) -> PlannedMeasure:
    values = dict(measure="forbedre-relasjon", start=start, end=start + timedelta(weeks=weeks, days=-1),
                  frequency="daglig", minutes=15, carried_out_by="KL")  # fmt: skip
    values.update(changes)
    return PlannedMeasure(**values)


def full_case(**changes) -> Case:
    values = dict(
        title="AB trygghet", subjects=("AB",), problem="Alene i friminuttene.", measures=(daily(),),
        evaluation_dates=proposed_evaluations(THURSDAY), author="kari", created=NOW, updated=NOW,
    )  # fmt: skip
    values.update(changes)
    return Case(**values)


# Progress arithmetic


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 29), 5),  # Monday to Sunday
        (date(2026, 11, 28), date(2026, 11, 29), 0),  # a weekend
        (date(2026, 11, 26), date(2026, 12, 16), 15),  # three weeks from a Thursday
        (date(2026, 11, 27), date(2026, 11, 30), 2),  # Friday and Monday
        (date(2026, 11, 26), date(2026, 11, 25), 0),  # end before start
    ],
)
def test_school_days_count_monday_to_friday_both_ends_included(start: date, end: date, expected: int) -> None:
    assert SchoolCalendar().school_days(start, end) == expected


def test_planned_sessions_daily_and_weekly() -> None:
    assert planned_sessions(daily()) == 15
    weekly = daily(frequency="ukentlig", per_week=1)
    assert planned_sessions(weekly) == 3
    assert planned_sessions(replace(weekly, end=THURSDAY + timedelta(days=9))) == 2  # ten days: two started weeks
    assert planned_sessions(replace(weekly, per_week=2)) == 6
    assert planned_sessions(replace(weekly, start=None)) == 0


def test_progress_counts_sessions_inside_the_period_only() -> None:
    sessions = [
        (THURSDAY - timedelta(days=1), 15),  # before the start
        (THURSDAY, 15),
        (THURSDAY, 20),
        (THURSDAY + timedelta(days=1), 10),
        (THURSDAY + timedelta(days=4), 15),
        (THURSDAY + timedelta(weeks=3), 15),  # after the end
    ]
    done = progress(daily(), sessions)
    assert (done.done, done.planned, done.minutes) == (4, 15, 60)
    assert done.per_day[:5] == (2, 1, 0, 0, 1) and len(done.per_day) == 21
    assert done.last_session == THURSDAY + timedelta(days=4)
    assert sparkline(done.per_day[:5]) == "▄▂··▂"


def test_cadence_is_proposed_from_the_guidance(library) -> None:
    doc = library.document("forbedre-relasjon")
    proposal = propose_measure(doc.id, doc.cadence, THURSDAY)
    assert proposal.frequency == "daglig" and proposal.minutes == 15  # «10 til 20 minutter»
    assert (proposal.end - proposal.start).days + 1 == 21  # «2 til 4 uker» gives 3
    groups = library.document("elevgrupper")
    # The guidance gives no frequency for elevgrupper («for eksempel ukentlige møter»): the default, weekly.
    assert propose_measure(groups.id, groups.cadence, THURSDAY).frequency == "ukentlig"


# Completeness and evaluations


def test_a_plan_is_complete_only_with_the_five_items() -> None:
    assert missing_items(full_case()) == []
    assert missing_items(full_case(problem=" ")) == ["problem"]
    assert missing_items(full_case(measures=())) == ["tiltak", "nar", "hvem"]
    assert missing_items(full_case(measures=(daily(carried_out_by=""),))) == ["hvem"]
    # § 12-4 asks who carries the measures out; someone responsible alone does not answer it.
    assert missing_items(full_case(measures=(daily(carried_out_by="", responsible="rektor"),))) == ["hvem"]
    assert missing_items(full_case(measures=(daily(end=None),))) == ["nar"]
    assert missing_items(full_case(evaluation_dates=())) == ["evaluering"]


def test_evaluations_are_proposed_and_the_next_one_follows_the_clock() -> None:
    case = full_case()
    assert case.evaluation_dates == (date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 24))
    assert proposed_evaluations(THURSDAY, (2, 6)) == (date(2026, 12, 10), date(2027, 1, 7))
    assert next_evaluation(case, THURSDAY) == date(2026, 12, 3)
    later = date(2026, 12, 11)
    assert overdue_evaluations(case, later) == [date(2026, 12, 3), date(2026, 12, 10)]
    assert next_evaluation(case, later) == date(2026, 12, 3)
    evaluated = replace(case, evaluations=(Evaluation(date(2026, 12, 10), "Mer trygg", "", "", "fortsette"),))
    assert overdue_evaluations(evaluated, later) == []
    assert next_evaluation(evaluated, later) == date(2026, 12, 24)


def test_overview_lists_overdue_quiet_and_ending_measures() -> None:
    today = date(2026, 12, 11)  # a Friday
    overdue = replace(full_case(title="Forfalt"), id=1)
    quiet = replace(full_case(title="Stille", subjects=("CD",), evaluation_dates=(date(2026, 12, 24),)), id=2)
    ending = replace(
        full_case(title="Slutter", subjects=("EF",), evaluation_dates=(), measures=(daily(weeks=3),)), id=3
    )
    closed = replace(full_case(title="Avsluttet"), id=4, closed=NOW)
    sessions = {("EF", "forbedre-relasjon"): ["2026-12-11"], ("CD", "forbedre-relasjon"): ["2026-12-04"]}
    alerts = overview([overdue, quiet, ending, closed], sessions, today)
    kinds = [(alert.kind, alert.case_title) for alert in alerts]
    assert kinds[0] == ("forfalt", "Forfalt")
    assert ("ingen-okt", "Stille") in kinds and ("ingen-okt", "Slutter") not in kinds
    assert ("slutter", "Slutter") in kinds  # ends 16.12, within a week
    assert all(title != "Avsluttet" for _, title in kinds)


def test_validation_refuses_names_and_bad_periods(library) -> None:
    bad = full_case(subjects=("Ola Nordmann",), measures=(daily(end=THURSDAY - timedelta(days=1)),))
    with pytest.raises(ValidationError) as caught:
        validate_case(bad, [doc.id for doc in library.measures])
    text = "\n".join(caught.value.problems)
    assert "kort kode" in text and "slutter før det starter" in text
    with pytest.raises(ValidationError, match="lokalt tiltak uten navn"):
        validate_case(full_case(measures=(PlannedMeasure(),)), ["forbedre-relasjon"])


# The store, export and import


def add_logs(store: RecordStore, code: str, days: list[int], measure: str = "forbedre-relasjon") -> None:
    for offset in days:
        start = NOW + timedelta(days=offset)
        store.add_log(SessionLog(code, measure, start, 15, note=f"Økt med {code}", created=start, author="kari"))


def test_case_logs_are_linked_by_code_measure_and_period(store: RecordStore) -> None:
    case_id = store.add_case(full_case())
    add_logs(store, "AB", [-1, 0, 1, 2])
    add_logs(store, "AB", [0], measure="elevgrupper")
    add_logs(store, "CD", [0])
    case = store.get_case(case_id)
    assert [log.start.date() for log in store.case_logs(case)] == [THURSDAY + timedelta(days=d) for d in (0, 1, 2)]
    assert store.subjects()[0].code == "AB"


def test_json_export_and_import_carry_cases(store: RecordStore, tmp_path: Path) -> None:
    case = full_case(evaluations=(Evaluation(date(2026, 12, 3), "Bra", "Lite", "Trygg", "justere", "kari", NOW),))
    case_id = store.add_case(case)
    dump = orjson.loads(orjson.dumps(store.dump()))
    other = RecordStore(tmp_path / "b" / "relasjon.json")
    other.load_dump(dump, {"forbedre-relasjon"}, set())
    assert other.get_case(case_id) == replace(case, id=case_id)
    broken = orjson.loads(orjson.dumps(dump))
    broken["tables"]["cases"][str(case_id)]["measures"][0]["frequency"] = "hver time"
    with pytest.raises(ImportRefused):
        RecordStore(None).load_dump(broken)


def test_markdown_for_the_archive_is_chronological_flags_missing_items_and_can_hide_codes(store) -> None:
    case = full_case(
        measures=(daily(carried_out_by=""),),
        evaluations=(Evaluation(THURSDAY + timedelta(days=1), "Smilte", "", "Vil fortsette", "fortsette", "ola", NOW + timedelta(days=1, hours=1)),),
    )  # fmt: skip
    case_id = store.add_case(case)
    add_logs(store, "AB", [0, 2])
    case = store.get_case(case_id)
    titles = {"forbedre-relasjon": "Forbedre negativ eller svak relasjon"}
    facts = Facts("ola", NOW)
    text = case_to_markdown(case, store.case_logs(case), titles, facts)
    assert "**Planen er ikke fullstendig etter opplæringslova § 12-4. Mangler: Hvem som skal gjennomføre tiltakene.**" in text
    assert "Gjennomføres av: MANGLER" in text
    order = [
        text.index(marker) for marker in ("26.11.2026 09:00 – økt", "27.11.2026 – evaluering", "28.11.2026 09:00 – økt")
    ]
    assert order == sorted(order)
    assert "> Økt med AB" in text and "Beslutning: fortsette" in text
    hidden = case_to_markdown(case, store.case_logs(case), titles, facts, pseudonym=True)
    assert "AB" not in hidden and "Gjelder: Elev A" in hidden and "> Økt med Elev A" in hidden


def test_cli_exports_a_case_and_lists_old_closed_cases(store: RecordStore, capsys) -> None:
    case_id = store.add_case(full_case(closed=NOW - timedelta(days=500)))
    data = str(store.path)
    assert main(["--data", data, "eksport", "--sak", str(case_id), "--pseudonym"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("**Unntatt offentlighet, jf. offentleglova § 13")
    assert "**Pseudonymisert:" in out and "\n# " in out and "Elev A" in out and "AB" not in out
    report = check_data_file(store.path, months=12, today=THURSDAY)
    assert any("1 lukket sak er eldre enn 12 måneder" in line for line in report.lines)
    assert report.ok  # a reminder, not an error
    assert not any("eldre enn" in line and "MERK" in line for line in check_data_file(store.path, months=24).lines)


def test_deleting_a_subject_leaves_no_trace_in_the_data_folder(tmp_path: Path) -> None:
    today = [date(2026, 11, 20)]
    from relasjon_tui.records.storage import SafeStorage

    path = tmp_path / "data" / "relasjon.json"
    store = RecordStore(path)
    store._storage = SafeStorage(path, today=lambda: today[0])  # backups on chosen days
    group = full_case(title="Klassemiljø", subjects=("AB", "CD"))
    for day in (20, 21, 22):
        today[0] = date(2026, 11, day)
        add_logs(store, "AB", [0])
        add_logs(store, "CD", [0])
    store.add_case(full_case())
    group_id = store.add_case(group)
    store.add_log(SessionLog("CD", "elevgrupper", NOW, 10, note="Nevner ikke koden", created=NOW))
    backups = list((path.parent / "sikkerhetskopier").glob("*.json"))
    assert len(backups) >= 2 and any(b'"AB"' in b.read_bytes() for b in backups)
    counts = store.subject_records("AB")
    assert counts == {"logs": 3, "cases": 1, "group_cases": 1, "subject": 1}
    store.delete_subject("AB")
    for file in path.parent.rglob("*"):
        if file.is_file() and not file.name.endswith(".lock"):
            assert b'"AB"' not in file.read_bytes(), file
            assert b"med AB" not in file.read_bytes()
    again = RecordStore(path)
    assert {log.subject for log in again.logs()} == {"CD"}
    assert again.get_case(group_id).subjects == ("CD",)
    assert [subject.code for subject in again.subjects()] == ["CD"]


def test_cli_delete_needs_confirmation_and_says_what_went(store: RecordStore, capsys) -> None:
    add_logs(store, "AB", [0, 1])
    data = str(store.path)
    assert main(["--data", data, "slett", "--elev", "AB"]) == 1  # not a terminal, no --ja
    assert store.count_logs() == 2
    assert main(["--data", data, "slett", "--elev", "ZZ", "--ja"]) == 1
    assert main(["--data", data, "slett", "--elev", "AB", "--ja"]) == 0
    assert "Slettet «AB». Logger: 2," in capsys.readouterr().out
    assert RecordStore(store.path).count_logs() == 0


# The app


async def test_a_case_from_start_to_progress_in_the_app(make_app, store: RecordStore, frozen_clock) -> None:
    # The clock is frozen: the sessions planned from today to the plan's end depend on the weekday
    # and on the holidays in between.
    from textual.widgets import Input, Select

    from relasjon_tui.ui.screens.case import CaseScreen
    from relasjon_tui.ui.screens.case_forms import CaseFormScreen, MeasureFormScreen

    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        await pilot.press(*"AB trygghet", "tab", *"AB", "tab", *"Alene i friminuttene.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, CaseScreen)
        assert "Mangler: Hvilke tiltak" in str(view.query_one("#case-head").render())
        await pilot.press("t")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeasureFormScreen)
        form.query_one("#pm-measure", Select).value = "forbedre-relasjon"
        await pilot.pause()
        assert form.query_one("#pm-minutes", Input).value == "15"  # proposed from the guidance
        assert form.query_one("#pm-frequency", Select).value == "daglig"
        await pilot.press("ctrl+s")  # nobody to carry it out yet: saved, and flagged
        await pilot.pause()
        head = str(view.query_one("#case-head").render())
        assert "Mangler: Hvem som skal gjennomføre tiltakene" in head
        assert "Neste evaluering" in head
        view.query_one("#case-measures").focus()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#pm-responsible", Input).value = "rektor"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Mangler: Hvem som skal gjennomføre tiltakene" in str(view.query_one("#case-head").render())
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#pm-carried-out-by", Input).value = "KL"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "alle de fem punktene i opplæringslova § 12-4" in str(view.query_one("#case-head").render())
        for _ in range(2):  # from the case: its code, measure and minutes are filled in
            await pilot.press("n")
            await pilot.pause()
            await pilot.press(*"Spilte spill", "ctrl+s")
            await pilot.pause()
        assert app.screen is view
        assert "2 av 15 økter, 30 min" in str(view.query_one("#case-measures").get_option_at_index(0).prompt)
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(2):  # from the main screen: the last code and measure come back
            await pilot.press("n")
            await pilot.pause()
            assert app.screen.query_one("#subject", Input).value == "AB"
            await pilot.press(*"Gikk tur", "ctrl+s")
            await pilot.pause()
        (case,) = store.cases()
        app.open_case(case)
        await pilot.pause()
        measure = str(app.screen.query_one("#case-measures").get_option_at_index(0).prompt)
        assert "4 av 15 økter, 60 min" in measure
        assert "█" in measure  # four sessions today in the sparkline


async def test_overview_is_the_first_screen_when_cases_exist(make_app, store: RecordStore) -> None:
    store.add_case(full_case(evaluation_dates=(date(2020, 1, 1),)))
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.area == "saker"
        first = app.screen.query_one("#case-list").get_option_at_index(1)
        assert "evaluering forfalt 01.01.2020" in str(first.prompt)


async def test_ctrl_b_blanks_the_screen_until_a_key(make_app, store: RecordStore) -> None:
    from relasjon_tui.ui.screens.blank import BlankScreen

    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        assert [str(w.render()) for w in app.screen.query("Static")] == ["Relasjon"]
        await pilot.press("a")  # brings the screen back and does nothing else
        await pilot.pause()
        assert app.screen.area == "saker" and store.count_cases() == 0


async def test_deleting_a_subject_in_the_app_says_how_much_goes(make_app, store: RecordStore) -> None:
    from relasjon_tui.ui.screens.delete_subject import DeleteSubjectConfirmScreen as ConfirmScreen

    add_logs(store, "AB", [0, 1, 2])
    store.add_case(full_case())
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("A", "B", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Logger som slettes: 3. Saker som slettes: 1." in app.screen.question
        await pilot.press("j")
        await pilot.pause()
    assert store.count_logs() == 0 and store.count_cases() == 0


async def test_hostile_text_in_a_case_is_shown_literally(make_app, store: RecordStore) -> None:
    from relasjon_tui.ui.screens.case import CaseScreen

    hostile = "[/] [@click=app.quit]x[/] [b]fet[/b] \x1b]52;c;aGk=\x07 \x1b[2J"
    shown = "[/] [@click=app.quit]x[/] [b]fet[/b] ␛]52;c;aGk=␇ ␛[2J"
    local = PlannedMeasure(local_title=hostile, start=THURSDAY, end=THURSDAY + timedelta(days=6), responsible=hostile)
    case = full_case(
        title=hostile,
        problem=hostile,
        pupil_view=hostile,
        measures=(daily(carried_out_by=hostile, responsible=hostile), local),
        evaluations=(Evaluation(THURSDAY, hostile, hostile, hostile, "justere", hostile, NOW),),
    )
    case_id = store.add_case(case)
    app = make_app(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        cases = app.screen.query_one("#case-list")
        prompts = [str(cases.get_option_at_index(i).prompt) for i in range(cases.option_count)]
        assert any(shown in prompt for prompt in prompts)
        cases.highlighted = next(i for i, prompt in enumerate(prompts) if prompt.startswith(f"Sak {case_id} · {shown}"))
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, CaseScreen) and app.is_running
        assert shown in str(view.query_one("#case-head").render())
        assert str(view.query_one("#case-plan").render()).count(shown) == 2
        measures = view.query_one("#case-measures")
        assert shown in str(measures.get_option_at_index(0).prompt)
        assert shown in str(measures.get_option_at_index(1).prompt)
        assert str(view.query_one("#case-evaluations").render()).count(shown) == 4


async def test_the_case_view_is_drawn_once_and_redrawn_only_where_something_changed(make_app, store) -> None:
    from relasjon_tui.ui.screens.case import CaseScreen

    case_id = store.add_case(full_case())
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_case(store.get_case(case_id))
        await pilot.pause()
        view = app.screen
        assert isinstance(view, CaseScreen)
        assert "Alene" in str(view.query_one("#case-plan").render()), "composed with its text"
        assert view.query_one("#case-measures").highlighted == 0 and view.focused is view.query_one("#case-measures")
        assert view.query_one("#case-view").scroll_y == 0, "opened at its head, not scrolled to the measures"
        head, plan = view.query_one("#case-head").content, view.query_one("#case-plan").content
        options = view.query_one("#case-measures").options
        view.redraw()
        assert view.query_one("#case-head").content is head and view.query_one("#case-plan").content is plan
        assert view.query_one("#case-measures").options == options
        view.case = view.case.edited(view.now(), "ola", problem="Holdt utenfor.")
        view.redraw()
        assert view.query_one("#case-head").content is head, "unchanged: left alone"
        assert "Holdt utenfor." in str(view.query_one("#case-plan").render())
