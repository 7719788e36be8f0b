"""Pilot tests of keys that mean one thing, numbers on screen and columns that use the width (issue 13)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import DataTable, Input, Select

from relasjon_tui.records.cases import Case, PlannedMeasure
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.reflection import AgendaItem, Meeting
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now

OSLO = ZoneInfo("Europe/Oslo")
NARROW = (80, 24)

pytestmark = pytest.mark.usefixtures("frozen_clock")


def add_log(store: RecordStore, subject: str = "AB", measure: str = "forbedre-relasjon", days_ago: int = 1) -> int:
    when = local_now() - timedelta(days=days_ago)
    return store.add_log(SessionLog(subject=subject, measure=measure, start=when, minutes=15, note="Økt", created=when))


def add_case(store: RecordStore, title: str = "AB trygghet") -> int:
    start = local_now().date()
    measure = PlannedMeasure("forbedre-relasjon", start=start, end=start + timedelta(days=14), frequency="daglig",
                             minutes=15, responsible="KL")  # fmt: skip
    return store.add_case(Case(title, ("AB",), "Alene i friminuttene.", (measure,), (start + timedelta(days=7),)))


def hints(app) -> str:
    return str(app.screen.query_one("KeyHints").render())


async def open_case(app, pilot, case_id: int) -> None:
    from relasjon_tui.ui.screens.case import CaseScreen

    app.open_case(app.store.get_case(case_id))
    await pilot.pause()
    assert isinstance(app.screen, CaseScreen)


# Numbers

async def test_case_numbers_are_shown_in_the_overview_and_the_case(make_app, store) -> None:
    add_case(store, "Første")
    second = add_case(store, "Andre sak")
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        cases = app.screen.query_one("#case-list")
        prompts = [str(cases.get_option_at_index(i).prompt) for i in range(cases.option_count)]
        assert any(p.startswith(f"Sak {second} · Andre sak") for p in prompts)
        await open_case(app, pilot, second)
        assert str(app.screen.query_one("#case-head").render()).startswith(f"Sak {second}: Andre sak")


async def test_meetings_are_listed_with_number_title_date_and_questions(make_app, store) -> None:
    from relasjon_tui.ui.screens.meetings import MeetingsScreen

    start = datetime(2026, 12, 2, 10, 3, tzinfo=OSLO)
    items = (AgendaItem("kl-elever-fungerer-godt", 5), AgendaItem("eg-gevinst", 5))
    ids = [store.add_meeting(Meeting("Teammøte", start, "KA", items, created=start, ended=start)) for _ in range(3)]
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await app.push_screen(MeetingsScreen(store))
        await pilot.pause()
        meetings = app.screen.query_one("#meeting-list")
        lines = {str(meetings.get_option_at_index(i).prompt).splitlines()[0] for i in range(meetings.option_count)}
        assert lines == {f"Møte {n} · Teammøte · 02.12.2026 10:03 · 2 spørsmål" for n in ids}


# Saker and the case: one verb per key

async def test_l_closes_and_reopens_a_case_and_a_does_not(make_app, store) -> None:
    from relasjon_tui.ui.screens.confirm import ConfirmScreen

    case_id = add_case(store)
    app = make_app(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await open_case(app, pilot, case_id)
        assert "Lukk saken" in hints(app) and "Avslutt /" not in hints(app)
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # `a` means «new», never «close»
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Lukke saken?" in str(app.screen.query_one("#confirm-dialog").query("Static").first().render())
        await pilot.press("j")  # yes
        await pilot.pause()
        assert store.get_case(case_id).closed is not None
        assert "Gjenåpne" in hints(app) and "Lukk saken" not in hints(app)
        assert "lukket" in str(app.screen.query_one("#case-head").render())
        await pilot.press("l", "j")  # the same key reopens it
        await pilot.pause()
        assert store.get_case(case_id).closed is None
        assert "Lukk saken" in hints(app)


@pytest.mark.parametrize(("key", "area"), [("1", "tiltak"), ("2", "refleksjon"), ("3", "logg"), ("4", "saker")])
async def test_area_keys_work_inside_a_case(make_app, store, key, area) -> None:
    from relasjon_tui.ui.screens.main import MainScreen

    case_id = add_case(store)
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await open_case(app, pilot, case_id)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.screen.area == area


async def test_slash_searches_from_inside_a_case(make_app, store) -> None:
    from relasjon_tui.ui.screens.search import SearchScreen

    case_id = add_case(store)
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await open_case(app, pilot, case_id)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_case_help_lists_case_keys_where_they_work(make_app, store) -> None:
    from relasjon_tui.ui.screens.help import HelpScreen

    case_id = add_case(store)
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await open_case(app, pilot, case_id)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        local = dict((text, keys) for keys, text in help_screen.local)
        everywhere = dict((text, keys) for keys, text in help_screen.everywhere)
        assert local["Lukk saken"] == "l" and "Eksporter" in local and "Evaluer" in local
        assert not {"Lukk saken", "Eksporter", "Evaluer", "Tilbake"} & set(everywhere)
        assert everywhere["Tiltak"] == "1" and everywhere["Saker"] == "4" and "Søk" in everywhere
        assert everywhere["Avslutt"] == "^q"
        assert "Avslutt" not in local


async def test_a_cut_footer_ends_with_all_keys(make_app, store) -> None:
    case_id = add_case(store)
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await open_case(app, pilot, case_id)
        line = hints(app)
        assert line.rstrip().endswith("? alle taster") and "? Hjelp" not in line
        assert len(line) <= NARROW[0]
    app = make_app(store=store)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        await open_case(app, pilot, case_id)
        line = hints(app)  # room for every key: all of them, and help as itself
        assert "alle taster" not in line and "? Hjelp" in line and " x Eksporter" in line and " l Lukk saken" in line


# Logg: filters

async def test_esc_leaves_the_log_filters_and_ab_finds_AB(make_app, store) -> None:
    add_log(store, "AB")
    add_log(store, "CD", days_ago=2)
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        pane = app.screen.query_one("#log")
        await pilot.press("f", *"ab")
        await pilot.pause()
        assert [log.subject for log in pane.shown] == ["AB"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        await pilot.press("question_mark")  # help, not a «?» typed into a field
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        assert app.screen_stack[-2].query_one("#filter-subject", Input).value == "ab"


async def test_an_empty_filter_says_nothing_matches(make_app, store) -> None:
    add_log(store, "AB")
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("f", *"ZZ")
        await pilot.pause()
        summary = str(app.screen.query_one("#log-summary").render())
        assert "Ingen logger passer filteret" in summary and "ennå" not in summary


async def test_esc_closes_the_measure_menu_back_to_the_logs(make_app, store) -> None:
    add_log(store, "AB")
    app = make_app(store=store)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("f", "tab", "enter")  # the measure filter's menu
        await pilot.pause()
        assert app.screen.query_one("#filter-measure", Select).expanded
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, DataTable)


# Logg: the width

@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 50)])
async def test_the_log_table_never_cuts_a_measure_name_or_its_headers(make_app, store, size) -> None:
    for measure in ("forbedre-relasjon", "mobilisere-medelever", "klasseledelse", "elevgrupper"):
        add_log(store, "7B-gruppe1", measure)
    app = make_app(store=store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one("#log-table", DataTable)
        shown = {str(table.get_cell_at((row, 2))) for row in range(table.row_count)}
        titles = {app.library.document(log.measure).title for log in app.screen.query_one("#log").shown}
        if size[0] >= 100:
            assert shown == titles  # whole names
        else:
            assert shown == {"Forbedre relasjon", "Støtte medelever", "Varm klasseledelse", "Elevgrupper"}
        widths = {key.value: column.width for key, column in table.columns.items()}
        assert widths["measure"] >= max(len(text) for text in shown)
        assert widths["subject"] >= len("Elev/gruppe") and widths["subject"] >= len("7B-gruppe1")
        assert not any("…" in text for text in shown)
        assert widths["note"] >= 12
        total = sum(column.get_render_width(table) for column in table.columns.values())
        assert total <= size[0]  # nothing pushed off the right edge
        if size[0] == 200:
            assert widths["note"] > 100  # the extra width goes to the note
