"""Keys as a terminal delivers them: a whole burst posted to the app before any of it is handled.

A paste without bracketed paste, or keys bunched by a laggy SSH link, reach the app in one
read. `pilot.press` waits after every key and never shows what goes wrong then, so these
tests post every key first (as the driver does) and only then let the app run.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import TextArea

from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.reflection import AgendaItem, Meeting
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now
from relasjon_tui.ui.screens.meeting import MeetingScreen
from relasjon_tui.ui.screens.quick_log import QuickLogScreen

SIZE = (80, 24)
OSLO = ZoneInfo("Europe/Oslo")
NOTE = "Lang notat skrevet i ett jafs: spilte UNO, snakket om helga, avtalte ny økt på torsdag (AB)."

pytestmark = pytest.mark.usefixtures("frozen_clock")


def seed(store: RecordStore, note: str = "Første") -> int:
    now = local_now() - timedelta(hours=1)
    return store.add_log(SessionLog("AB", "forbedre-relasjon", now, 15, note=note, created=now))


def burst(app, text: str = "", *keys: str) -> None:
    """Post `text` (one key per character, newline as enter) and then `keys`, all before any is handled."""
    for char in text:
        if char == "\n":
            app.post_message(events.Key("enter", "\r"))
        else:
            app.post_message(events.Key(_character_to_key(char) if not char.isalnum() else char, char))
    for key in keys:
        app.post_message(events.Key(key, None))


async def settle(pilot) -> None:
    """Let the app work through the burst."""
    for _ in range(200):
        await pilot.pause(0.02)
        if pilot.app.key_order.idle:
            break
    await pilot.pause()


async def test_a_note_and_ctrl_s_in_one_burst_is_saved_whole(make_app, store, drafts) -> None:
    seed(store)
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        burst(app, NOTE, "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
    assert store.latest_log().note == NOTE
    assert drafts.all() == []


async def test_n_the_note_and_ctrl_s_all_in_one_burst(make_app, store, drafts) -> None:
    """Even the key that opens the form: the characters after it reach the form, not the list behind it."""
    seed(store)
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "n" + NOTE, "ctrl+s")
        await settle(pilot)
    assert store.latest_log().note == NOTE


async def test_several_lines_pasted_without_bracketed_paste(make_app, store) -> None:
    seed(store)
    app = make_app(store=store)
    text = "Linje én\nLinje to, med komma\n\nSiste linje"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        burst(app, text, "ctrl+s")
        await settle(pilot)
    assert store.latest_log().note == text


async def test_a_bracketed_paste_then_ctrl_s(make_app, store) -> None:
    seed(store)
    app = make_app(store=store)
    text = "Limt inn\nover to linjer"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.post_message(events.Paste(text))
        burst(app, "", "ctrl+s")
        await settle(pilot)
    assert store.latest_log().note == text


async def test_a_log_edit_keeps_its_last_word(make_app, store, drafts) -> None:
    log_id = seed(store, note="Før")
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_log_form(editing=store.get_log(log_id))
        await pilot.pause()
        burst(app, " og etter, med det siste ordet", "ctrl+s")
        await settle(pilot)
    assert store.get_log(log_id).note == "Før og etter, med det siste ordet"


async def test_a_meeting_note_then_pgdn_stays_with_its_question(make_app, store) -> None:
    now = local_now()
    questions = ("eg-stigmatisering", "eg-gevinst", "eg-organisering")
    meeting = Meeting("Burst", now, "3", tuple(AgendaItem(qid, 5) for qid in questions), created=now)
    meeting_id = store.add_meeting(meeting)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")  # the unfinished meeting is offered: resume it
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        burst(app, "Om stigmatisering, skrevet fort", "pagedown")
        burst(app, "Om gevinsten", "pagedown")
        burst(app, "Om organiseringen", "ctrl+e", "j")  # end, and yes
        await settle(pilot)
        assert not isinstance(app.screen, MeetingScreen)
        assert store.get_meeting(meeting_id).ended is not None
    notes = {question: note.text for question, note in store.meeting_notes(meeting_id).items()}
    assert notes == {
        "eg-stigmatisering": "Om stigmatisering, skrevet fort",
        "eg-gevinst": "Om gevinsten",
        "eg-organisering": "Om organiseringen",
    }


async def test_escape_in_a_burst_asks_with_every_key_in_the_field(make_app, store, drafts) -> None:
    seed(store)
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        burst(app, "Halvferdig tekst", "escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        assert form.query_one("#note", TextArea).text == "Halvferdig tekst"
