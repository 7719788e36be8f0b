"""Snapshot tests of what the eye checks: layouts at 80×24 and 140×40.

Update after an intended change with `make test PYTEST_ARGS=--snapshot-update` and look at
snapshot_report.html before committing the new SVGs.
"""

from __future__ import annotations

from relasjon_tui.ui.widgets.measures_pane import MeasuresPane


def test_main_screen_80x24(snap_compare, make_app) -> None:
    """At 80×24: the tabs «1 Tiltak», «2 Refleksjon», «3 Logg» on top, Tiltak active; the
    measure list fills the width with «Ansatt – elev», «Elev – elev» and «Generelt» as
    headings and the six measures and five general parts beneath them; the footer shows
    «/ Søk», «^q Avslutt» and «? Hjelp»."""
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_measure_text_80x24(snap_compare, make_app) -> None:
    """At 80×24 after moving to «Forbedre negativ eller svak relasjon» and pressing Enter: the
    list is hidden; an outline «Innhold» with the sections sits left of the text, which opens
    with the title and the facts «Periode: 2–4 uker», «Hyppighet: daglig eller ukentlig, til
    faste tider» and «Økter: 10–20 minutter»; the footer offers «] Neste del» and «esc Til listen»."""
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["down", "enter"])


def test_main_screen_140x40(snap_compare, make_app) -> None:
    """At 140×40: list, outline and text side by side; «Tydelig og varm klasseledelse» is
    highlighted in the list and its text is shown, starting with «Beskrivelse»."""
    assert snap_compare(make_app(), terminal_size=(140, 40))


def test_elevgrupper_140x40(snap_compare, make_app) -> None:
    """At 140×40 with «Elevgrupper» open at «Slik går dere fram»: the header with the group
    size and consent facts has scrolled away and the text starts at the bold lead-ins
    «Spør og få samtykke.» and «Hvem leder.»."""

    async def run_before(pilot) -> None:
        pilot.app.screen.query_one(MeasuresPane).open("elevgrupper", "gjennomforing")
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=run_before)


def test_reflection_80x24(snap_compare, make_app) -> None:
    """At 80×24 on «2 Refleksjon»: two filters «Alle tiltak og deler» and «Alle målgrupper»,
    the count «37 av 37 spørsmål», then the questions under the heading «Tydelig og varm
    klasseledelse», each followed by its audience in brackets."""
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["2"])


def test_search_80x24(snap_compare, make_app) -> None:
    """At 80×24 after «/» and typing «elevgruppe»: the dialog «Søk i veiledningen» shows the
    query, «5 treff …» and the title hit «Elevgrupper» first, then text hits with snippets."""
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["slash", *"elevgruppe"])


def test_help_80x24(snap_compare, make_app) -> None:
    """At 80×24 with the text focused, after «?»: the dialog «Taster» lists «Her du er nå:
    Tiltak» with «] Neste del», «[ Forrige del» and «esc Til listen», then «Overalt» with the
    area keys 1, 2, 3, «/ Søk», «? / f1 Hjelp» and the navigation keys."""
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["enter", "question_mark"])


def _store_with_logs(tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from relasjon_tui.records.model import SessionLog
    from relasjon_tui.records.store import RecordStore

    store = RecordStore(tmp_path / "data" / "relasjon.json")
    for day, subject, measure, minutes, note in [
        (20, "AB", "forbedre-relasjon", 15, "Spilte UNO. Eleven forklarte reglene."),
        (23, "7B-gr1", "elevgrupper", 25, "Gruppemøte i storefri: planla fotball."),
        (24, "AB", "forbedre-relasjon", 20, "[/] Rolig økt \x1b]0;tittel\x07"),
    ]:
        start = datetime(2026, 11, day, 10, 15, tzinfo=ZoneInfo("Europe/Oslo"))
        store.add_log(SessionLog(subject=subject, measure=measure, start=start, minutes=minutes, note=note,
                                 author="kari", created=start, updated=start))  # fmt: skip
    return store


def test_logg_80x24(snap_compare, make_app, tmp_path) -> None:
    """At 80×24 on «3 Logg»: four filter fields on one line, «3 av 3 logger …», a table
    with the newest log first (24.11.26, AB, a note starting «[/] Rolig økt ␛]0;tittel␇»
    shown literally), and at the bottom the weekly line for AB's measure, starting «AB –
    Forbedre negativ eller svak relasjon: uke 47: 1 økter, 15 min · uke 48: …»."""
    app = make_app(store=_store_with_logs(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), press=["3"])


def test_quick_log_80x24(snap_compare, make_app, tmp_path) -> None:
    """At 80×24 after «n»: the form «Ny økt» with AB and «Forbedre negativ eller svak
    relasjon» filled in from the latest log, 15 minutes, an empty time meaning now, the
    cursor in «Notat», the reminder about short codes, and «ctrl+s lagre · esc avbryt» in
    the bottom border."""
    app = make_app(store=_store_with_logs(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), press=["n"])
