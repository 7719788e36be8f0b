"""Snapshot tests of what the eye checks: each area (Tiltak, Refleksjon, Logg, Saker, a case) at
80×24, 120×40 and 200×50, and a few dialogs.

Update after an intended change with `make test PYTEST_ARGS=--snapshot-update` and look at
snapshot_report.html before committing the new SVGs.
"""

from __future__ import annotations

import pytest

from relasjon_tui.ui.widgets.measures_pane import MeasuresPane

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=["80x24", "120x40", "200x50"])
"""The three sizes every area is checked at: a laptop over SSH, a bigger window, a projector."""


@SIZES
def test_tiltak(snap_compare, make_app, size) -> None:
    """Tiltak. On top the tabs «1 Tiltak», «2 Refleksjon», «3 Logg», «4 Saker», Tiltak active. At
    80×24 the measure list fills the width with «Ansatt – elev», «Elev – elev» and «Generelt» as
    headings and the six measures and five general parts beneath them. From 120 columns the list,
    the outline «Innhold» and the text of «Tydelig og varm klasseledelse» (highlighted, starting
    with «Beskrivelse») stand side by side; at 200×50 the text gets the extra width. The footer
    shows «/ Søk», «? Hjelp» and «^q Avslutt», or ends «? alle taster» where they do not fit."""
    assert snap_compare(make_app(), terminal_size=size)


def test_measure_text_80x24(snap_compare, make_app) -> None:
    """At 80×24 after moving to «Forbedre negativ eller svak relasjon» and pressing Enter: the
    list is hidden; an outline «Innhold» with the sections sits left of the text, which opens
    with the title and the facts «Periode: 2–4 uker», «Hyppighet: daglig eller ukentlig, til
    faste tider» and «Øktlengde: 10–20 minutter»; the footer offers «] Neste del» and «esc Til listen»."""
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["down", "enter"])


def test_elevgrupper_140x40(snap_compare, make_app) -> None:
    """At 140×40 with «Elevgrupper» open at «Slik går dere fram»: the header with the group
    size and consent facts has scrolled away and the text starts at the bold lead-ins
    «Spør og få samtykke.» and «Hvem leder.»."""

    async def run_before(pilot) -> None:
        await pilot.pause()  # the screen's panes are composed once the app is ready
        pilot.app.screen.query_one(MeasuresPane).open("elevgrupper", "gjennomforing")
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=run_before)


@SIZES
def test_refleksjon(snap_compare, make_app, size) -> None:
    """Refleksjon with no records: three filters «Alle tiltak og deler», «Alle målgrupper», «Alle»
    (status), the search field «/ søk i spørsmålene» with «37 av 37 spørsmål», then the questions
    under «Tydelig og varm klasseledelse» and its sub-heading «Avklaringer klasselederen gjør» in
    italics, the first highlighted, each with a second line giving its audience and «Ikke
    drøftet»; at 120×40 and 200×50 more questions show and no question is cut. The footer starts
    with «g Vis i veiledningen», «M Teammøter»; at 80 columns it ends «? alle taster»."""
    assert snap_compare(make_app(), terminal_size=size, press=["2"])


def test_search_80x24(snap_compare, make_app) -> None:
    """At 80×24 after «/» and typing «elevgruppe»: the dialog «Søk i veiledningen» shows the
    query, «5 treff …» and the title hit «Elevgrupper» first, then text hits with snippets."""
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["slash", *"elevgruppe"])


def test_help_80x24(snap_compare, make_app) -> None:
    """At 80×24 with the text focused, after «?»: the dialog «Taster» lists «Her du er nå:
    Tiltak» with «] Neste del», «[ Forrige del» and «esc Til listen», then «Overalt» with the
    area keys 1, 2, 3, 4, «/ Søk», «? / f1 Hjelp» and the navigation keys."""
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


@SIZES
def test_logg(snap_compare, make_app, tmp_path, size) -> None:
    """Logg: four filter fields on one line, «3 av 3 logger …», a table with the newest log first
    (24.11.26, AB, a note starting «[/] Rolig økt ␛]0;tittel␇» shown literally), and at the bottom
    the weekly line for AB's measure, «AB – Forbedre negativ eller svak relasjon: uke 47: 1 økter,
    15 min · uke 48: …». The header «Elev/gruppe» is whole at every size. At 80×24 the measure
    column holds the short names «Forbedre relasjon» and «Elevgrupper» (no «…»); at 120×40 and
    200×50 the whole name «Forbedre negativ eller svak relasjon», with the note taking the rest."""
    app = make_app(store=_store_with_logs(tmp_path))
    assert snap_compare(app, terminal_size=size, press=["3"])


def test_quick_log_80x24(snap_compare, make_app, tmp_path, frozen_clock) -> None:
    """At 80×24 after «n»: the form «Ny økt» with AB and «Forbedre negativ eller svak
    relasjon» filled in from the latest log, 15 minutes, an empty time meaning now, read
    beside it as «= onsdag 02.12 kl. 10:15», the cursor in «Notat», the reminder about short
    codes, and «ctrl+s lagre · esc avbryt» in the bottom border."""
    app = make_app(store=_store_with_logs(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), press=["n"])


def _store_with_a_meeting(tmp_path, *, ended: bool):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from relasjon_tui.records.reflection import AgendaItem, Meeting, QuestionNote
    from relasjon_tui.records.store import RecordStore

    oslo = ZoneInfo("Europe/Oslo")
    start = datetime(2026, 11, 24, 14, 0, tzinfo=oslo)
    store = RecordStore(tmp_path / "data" / "relasjon.json")
    agenda = (
        AgendaItem("kl-elever-fungerer-godt", 5, 95, visited=True),
        AgendaItem("kl-elever-fungerer-mindre", 5, 0, visited=ended),
        AgendaItem("eg-stigmatisering", 10, 0, visited=False),
    )
    meeting = Meeting("Trinnmøte 7. trinn", start, "KA, OL, SN", agenda, author="kari", created=start,
                      ended=start.replace(hour=14, minute=20) if ended else None)  # fmt: skip
    meeting_id = store.add_meeting(meeting)
    store.save_meeting_note(meeting_id, "kl-elever-fungerer-godt", "Morgensamlingen gir ro.", "kari", start)
    store.add_note(QuestionNote("kl-avklaring-tillatt", "Reglene henger i klasserommet.", "ola",
                                created=datetime(2026, 11, 2, 9, 0, tzinfo=oslo)))  # fmt: skip
    return store, meeting_id


def test_reflection_statuses_200x50(snap_compare, make_app, tmp_path) -> None:
    """At 200×50 on «2 Refleksjon» after a meeting on 24.11.2026: «Hva fungerer godt i klassen
    vår?» reads «Drøftet 24.11.2026 · 1 notat» and «Hva er lov og hva er ikke lov …» reads
    «Drøftet 02.11.2026 · 1 notat», in green; the others read «Ikke drøftet»; the footer
    offers «M Teammøter» and «/ Søk i spørsmålene»."""
    store, _ = _store_with_a_meeting(tmp_path, ended=True)
    assert snap_compare(make_app(store=store), terminal_size=(200, 50), press=["2"])


def test_meetings_list_80x24(snap_compare, make_app, tmp_path) -> None:
    """At 80×24, «M» in Refleksjon: the dialog «Teammøter» lists «Møte 1 · Trinnmøte 7. trinn ·
    24.11.2026 14:00 · 3 spørsmål» and under it «1 notat · 01:35 · fullført»; the bottom
    border reads «n nytt møte · enter åpne · x eksporter · esc lukk»."""
    store, _ = _store_with_a_meeting(tmp_path, ended=True)
    assert snap_compare(make_app(store=store), terminal_size=(80, 24), press=["2", "M"])


def _present(store, meeting_id):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from relasjon_tui.ui.screens.confirm import ConfirmScreen
    from relasjon_tui.ui.screens.meeting import MeetingScreen

    async def run_before(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        while isinstance(app.screen, ConfirmScreen):  # the offer to resume the meeting
            app.pop_screen()
        fixed = datetime(2026, 11, 24, 14, 7, tzinfo=ZoneInfo("Europe/Oslo"))
        screen = MeetingScreen(store, app.library, store.get_meeting(meeting_id), now=lambda: fixed,
                               monotonic=lambda: 0.0)  # fmt: skip
        await app.push_screen(screen)
        await pilot.pause()

    return run_before


def test_meeting_question_80x24(snap_compare, make_app, tmp_path) -> None:
    """At 80×24 in meeting mode: the bar «Trinnmøte 7. trinn · spørsmål 1 av 3 · møtet 01:35
    av 20:00», the clock in large digits «01:35» with «av 5 min», the measure and audience
    «Tydelig og varm klasseledelse · Ansatte», the question «Hva fungerer godt i klassen vår?»
    centred in bold, the notes field holding «Morgensamlingen gir ro.», and the footer with
    «pgup Forrige», «pgdn Neste» and «^e Fullfør møtet»."""
    store, meeting_id = _store_with_a_meeting(tmp_path, ended=False)
    assert snap_compare(make_app(store=store), terminal_size=(80, 24), run_before=_present(store, meeting_id))


def test_meeting_question_200x50(snap_compare, make_app, tmp_path) -> None:
    """At 200×50 (a projector): the same question as at 80×24, with the question centred in
    the middle of the screen, a taller notes field, and the clock in large digits above."""
    store, meeting_id = _store_with_a_meeting(tmp_path, ended=False)
    assert snap_compare(make_app(store=store), terminal_size=(200, 50), run_before=_present(store, meeting_id))


def _store_with_cases(tmp_path):
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from relasjon_tui.records.cases import Case, Evaluation, PlannedMeasure
    from relasjon_tui.records.model import SessionLog
    from relasjon_tui.records.store import RecordStore

    oslo = ZoneInfo("Europe/Oslo")
    start = date(2026, 11, 16)
    store = RecordStore(tmp_path / "data" / "relasjon.json")
    daily = PlannedMeasure("forbedre-relasjon", start=start, end=start + timedelta(days=20), frequency="daglig",
                           minutes=15, carried_out_by="Kari (kontaktlærer)")  # fmt: skip
    groups = PlannedMeasure("elevgrupper", start=start, end=date(2026, 12, 18), minutes=30, carried_out_by="Ola",
                            consent_pupil="gitt", consent_parents="venter")  # fmt: skip
    made = datetime(2026, 11, 16, 8, 0, tzinfo=oslo)
    store.add_case(Case("AB trygghet i friminutt", ("AB",), "AB er alene i friminuttene.", (daily, groups),
                        (date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 14)), pupil_view="Vil ha en venn.",
                        evaluations=(Evaluation(date(2026, 11, 23), "Morgenpraten", "", "Trygg", "fortsette", "kari",
                                                made + timedelta(days=7)),), author="kari", created=made))  # fmt: skip
    store.add_case(Case("7B klassemiljø", ("7B", "CD"), "", (), ()))
    for day in (16, 17, 18, 20, 23, 24, 26):
        when = datetime(2026, 11, day, 10, 0, tzinfo=oslo)
        store.add_log(SessionLog("AB", "forbedre-relasjon", when, 15, note="Økt", created=when))
    return store


@SIZES
def test_saker(snap_compare, make_app, tmp_path, size) -> None:
    """Saker on 26.11.2026: «2 åpne av 2 saker», then «Til oppfølging (1)» with «Sak 1 · AB
    trygghet i friminutt · Elevgrupper: ingen økt denne uka» highlighted, then the cases, each
    with its number: «Sak 2 · 7B klassemiljø» (7B, CD · plan mangler 5 punkt, in red) and «Sak 1 ·
    AB trygghet i friminutt» (AB · plan fullstendig · evaluering 30.11.2026, in green). The
    footer offers «a Ny sak» and «^d Slett elev»."""
    from datetime import date

    store = _store_with_cases(tmp_path)

    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#cases").reload(today=date(2026, 11, 26))
        await pilot.pause()

    assert snap_compare(make_app(store=store), terminal_size=size, run_before=run_before)


@SIZES
def test_case_view(snap_compare, make_app, tmp_path, size) -> None:
    """The case «Sak 1: AB trygghet i friminutt» on 26.11.2026: «Gjelder: AB · åpen», «Planen har
    alle de fem punktene i opplæringslova § 12-4.», «Neste evaluering 30.11.2026 (om 4 dager)», the
    problem and the pupil's view, then the measures: «Forbedre negativ eller svak relasjon … 7 av
    15 økter, 105 min» with a sparkline of dots and blocks, and «Elevgrupper» with «Samtykke:
    eleven gitt, foreldrene venter på svar» in yellow. The footer offers «l Lukk saken» (never
    «a»); at 80×24 it ends «? alle taster», at 200×50 every key shows with «? Hjelp»."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from relasjon_tui.ui.screens.case import CaseScreen

    store = _store_with_cases(tmp_path)
    fixed = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))

    async def run_before(pilot) -> None:
        await pilot.pause()
        case = next(case for case in store.cases() if case.subjects == ("AB",))
        await pilot.app.push_screen(CaseScreen(store, pilot.app.library, case, now=lambda: fixed))
        await pilot.pause()

    assert snap_compare(make_app(store=store), terminal_size=size, run_before=run_before)
