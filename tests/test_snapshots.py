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
