"""The language chosen at run time: every binding from the catalogue, and the app in English and
nynorsk with no bokmål outside the guidance itself (which stays as written)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import timedelta

import pytest
from textual.dom import DOMNode

import relasjon_tui.ui
from relasjon_tui import strings
from relasjon_tui.content.model import Library
from relasjon_tui.records.cases import Case, PlannedMeasure, proposed_evaluations
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.reflection import AgendaItem, Meeting
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now
from relasjon_tui.ui.widgets.key_hints import describe

pytestmark = pytest.mark.usefixtures("frozen_clock")

NORWEGIAN = re.compile(
    r"[æøåÆØÅ]|\b(ikke|ikkje|og|eller|ingen|med|til|fra|frå|som|har|av|ny|nytt|lagre|avbryt|lukk|lukket|sak|saker|"
    r"elev|elever|tiltak|uke|uker|veke|veker|dag|dager|siden|sidan|i dag|i går|mandag|tirsdag|onsdag|torsdag|fredag|"
    r"lørdag|søndag|januar|februar|mars|mai|juni|juli|desember|hjelp|søk|logg|notat|møte|møter)\b"
    r"|\b\d\d\.\d\d\b",  # a Norwegian date (02.12)
    re.IGNORECASE,
)
BOKMAL_ONLY = re.compile(
    r"\b(ikke|hvem|hva|hvordan|hvorfor|hvis|hvor|noen|være|fra|bare|økten|jeg|mye|uker|dager|lukket|sist endret)\b",
    re.IGNORECASE,
)
GUIDANCE_WIDGETS = ("BlocksView", "DocumentReader", "QuestionList", "Outline", "DocumentList")
GUIDANCE_IDS = ("search-results", "meeting-question", "meeting-context")
"""Widgets that show the guidance's own text (bokmål in every language)."""


def _words(pattern: re.Pattern[str], text: str) -> list[str]:
    return [match.group(0) for match in pattern.finditer(text)]


def _ui_classes() -> list[type[DOMNode]]:
    for module in pkgutil.walk_packages(relasjon_tui.ui.__path__, "relasjon_tui.ui."):
        importlib.import_module(module.name)
    found: list[type[DOMNode]] = []
    todo = [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("relasjon_tui."):
            found.append(cls)
    return found


def test_every_binding_of_every_screen_and_widget_is_a_key_of_the_catalogue() -> None:
    classes = _ui_classes()
    assert len(classes) > 20
    checked = 0
    for cls in classes:
        assert cls._merged_bindings is not None
        for _key, binding in cls._merged_bindings:
            if binding.id is None:
                continue  # Textual's own (Input, OptionList …): describe() translates or hides them
            assert strings.is_key(binding.description), (cls.__name__, binding)
            for language in strings.LANGUAGES:
                strings.set_language(language)
                assert describe(binding) == strings.CATALOGUES[language][binding.description]
            checked += 1
    assert checked > 60


def _store(tmp_path) -> RecordStore:
    """Records with English free text, so any Norwegian on screen comes from the app."""
    store = RecordStore(tmp_path / "data.json")
    now = local_now()  # the frozen clock: the same week on every day the tests run
    for days in range(4):
        store.add_log(SessionLog("AB", "forbedre-relasjon", now - timedelta(days=days, hours=1), 15, note="cards"))
    start = (now - timedelta(weeks=2)).date()
    measure = PlannedMeasure("forbedre-relasjon", start=start, end=start + timedelta(weeks=3), frequency="daglig",
                             minutes=15, carried_out_by="kari", responsible="kari")  # fmt: skip
    store.add_case(Case("AB playground", ("AB",), "Alone at break.", (measure,), proposed_evaluations(start),
                        author="kari", created=now))  # fmt: skip
    agenda = (AgendaItem("eg-stigmatisering", 5, 290, True),)
    store.add_meeting(Meeting("Team", now - timedelta(days=2), "KA", agenda, "ola", now, now))
    return store


def screen_text(app) -> str:
    """The top screen as plain text: only its own widgets (not a screen behind a dialog), and not the guidance."""
    screen = app.screen
    rows = [strip.text for strip in screen._compositor.render_strips()]
    keep = [[False] * len(row) for row in rows]
    for widget, (region, clip) in screen._compositor.visible_widgets.items():
        if widget is screen or widget.children or any(
            type(node).__name__ in GUIDANCE_WIDGETS or node.id in GUIDANCE_IDS for node in (widget, *widget.ancestors)
        ):
            continue
        region = region.intersection(clip)  # a scrolled widget's text below its container is not on screen
        for y in range(region.y, min(region.bottom, len(rows))):
            for x in range(region.x, min(region.right, len(rows[y]))):
                keep[y][x] = True
    return "\n".join("".join(c if k else " " for c, k in zip(row, kept, strict=True)) for row, kept in zip(rows, keep, strict=True))


def _without_guidance(text: str, library: Library) -> str:
    """Guidance quoted in the UI (a measure's title in a case, a question in a meeting) is in its own words."""
    names = sorted(
        {d.title for d in library.documents}
        | {s.title for d in library.documents for s in d.sections}
        | {" ".join(q.text.split()) for d in library.documents for q in d.questions},
        key=len,
        reverse=True,
    )
    text = " ".join(text.split())  # a question quoted in a summary wraps over lines
    # The law's own name and the source page's, quoted as such.
    for name in (*names, "opplæringslova", "«Tiltak for å bedre relasjoner»"):
        text = text.replace(name, " ")
    return text


async def _tour(pilot, app) -> list[tuple[str, str]]:
    """Every area, the help, the search, the quick log with a bad time, a case, the meetings."""
    seen: list[tuple[str, str]] = []

    async def look(where: str) -> None:
        await pilot.pause()
        # The reader draws the guidance and the app's own words (facts, source) as one text:
        # those words are checked from the reader itself.
        own = [" ".join(reader.own_words()) for reader in app.screen.query("DocumentReader") if reader.display]
        seen.append((where, "\n".join([screen_text(app), *own])))

    for area in "1234":
        await pilot.press(area)
        await look(f"area {area}")
        await pilot.press("question_mark")
        await look(f"help in area {area}")
        await pilot.press("escape")
    await pilot.press("slash", *"relasjon")
    await look("search")
    await pilot.press("escape")
    await pilot.press("n")
    await look("quick log")
    app.screen.query_one("#when").focus()
    await pilot.press(*"soon", "ctrl+s")
    await look("quick log with a bad time")
    await pilot.press("escape")
    await pilot.pause()
    if "QuickLog" in type(app.screen).__name__:
        await pilot.press("escape")
    await pilot.press("4", "enter")
    await look("a case")
    await pilot.press("question_mark")
    await look("help in a case")
    await pilot.press("escape", "escape", "2", "M")
    await look("meetings")
    await pilot.press("enter")
    await look("a meeting")
    return seen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_english_shows_no_norwegian_outside_the_guidance(make_app, library, tmp_path, size) -> None:
    app = make_app(store=_store(tmp_path), lang="en")
    async with app.run_test(size=size) as pilot:
        seen = await _tour(pilot, app)
    assert len(seen) == 15
    assert "cannot read the time «soon»" in dict(seen)["quick log with a bad time"]
    for where, text in seen:
        found = _words(NORWEGIAN, _without_guidance(text, library))
        assert not found, f"{where}: {found}\n{text}"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_nynorsk_shows_no_bokmal_outside_the_guidance(make_app, library, tmp_path, size) -> None:
    app = make_app(store=_store(tmp_path), lang="nn")
    async with app.run_test(size=size) as pilot:
        seen = await _tour(pilot, app)
    assert "forstår ikkje tidspunktet «soon»" in dict(seen)["quick log with a bad time"]
    for where, text in seen:
        found = _words(BOKMAL_ONLY, _without_guidance(text, library))
        assert not found, f"{where}: {found}\n{text}"


async def test_the_same_app_class_runs_in_each_language_in_turn(make_app) -> None:
    """No import-order trick: one process, three languages, each complete in the footer and help."""
    for language, area, help_word in (("nb", "Tiltak", "Avslutt"), ("nn", "Tiltak", "Avslutt"), ("en", "Measures", "Quit")):
        app = make_app(lang=language)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert area in str(app.screen.query_one("#area-bar").render())
            await pilot.press("question_mark")
            await pilot.pause()
            assert help_word in screen_text(app)
            assert strings.t("key_help") == strings.CATALOGUES[language]["key_help"]
