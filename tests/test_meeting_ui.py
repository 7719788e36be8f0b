"""Pilot tests of reflection: question status and filters, notes on a question, and a whole team meeting."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, TextArea

from relasjon_tui.records.reflection import AgendaItem, Meeting, QuestionNote
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.screens.meeting import MeetingScreen
from relasjon_tui.ui.screens.meeting_setup import MeetingSetupScreen
from relasjon_tui.ui.screens.meetings import MeetingsScreen, MeetingSummaryScreen
from relasjon_tui.ui.screens.note_editor import NoteEditorScreen
from relasjon_tui.ui.screens.question import QuestionScreen
from relasjon_tui.ui.widgets.reflection_pane import QuestionList, ReflectionPane

SIZE = (80, 24)
OSLO = ZoneInfo("Europe/Oslo")
HOSTILE = "[/] [@click=app.quit]x[/] [b]fet[/b] \x1b]52;c;aGk=\x07 \x1b[2J"
ELEVGRUPPER = ["eg-stigmatisering", "eg-gevinst", "eg-organisering"]

pytestmark = pytest.mark.usefixtures("frozen_clock")


def text_of(widget) -> str:
    return str(widget.render())


async def open_reflection(pilot) -> ReflectionPane:
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    return pilot.app.screen.query_one(ReflectionPane)


def highlight(pane: ReflectionPane, question_id: str) -> None:
    questions = pane.query_one(QuestionList)
    questions.focus()
    questions.highlighted = questions.get_option_index(question_id)


async def test_a_whole_meeting_from_the_refleksjon_area(make_app, store: RecordStore) -> None:
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_reflection(pilot)
        pane.document_filter = "elevgrupper"  # as chosen with t
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, MeetingSetupScreen)
        setup.query_one("#setup-attendees", Input).value = "AB, CD"
        await pilot.press("enter", "down", "space", "down", "enter")  # the three Elevgrupper questions
        assert [item.question_id for item in setup.agenda] == ELEVGRUPPER
        await pilot.press("ctrl+s")
        await pilot.pause()
        meeting_screen = app.screen
        assert isinstance(meeting_screen, MeetingScreen)
        assert "stigmatiserende" in text_of(meeting_screen.query_one("#meeting-question"))
        for number, key in enumerate(("pagedown", "pagedown", None), start=1):
            await pilot.press(*f"Notat {number}")
            if key:
                await pilot.press(key)
                await pilot.pause()
        assert "spørsmål 3 av 3" in text_of(meeting_screen.query_one("#meeting-bar"))
        await pilot.press("pageup")
        await pilot.pause()
        assert meeting_screen.query_one(TextArea).text == "Notat 2"  # the note follows its question
        await pilot.press("pagedown", "ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, MeetingSummaryScreen)
        shown = " ".join(text_of(item) for item in summary.query(".summary-item"))
        assert all(f"Notat {number}" in shown for number in (1, 2, 3))
        await pilot.press("escape")
        await pilot.pause()
        today = local_now().date().strftime("%d.%m.%Y")
        statuses = pane.statuses
        assert all(statuses[qid].last_discussed == local_now().date() and statuses[qid].notes == 1 for qid in ELEVGRUPPER)
        prompt = pane.query_one(QuestionList).get_option("eg-gevinst").prompt
        assert f"Drøftet {today} · 1 notat" in str(prompt)
    (meeting,) = store.meetings()
    assert meeting.ended is not None and meeting.attendees == "AB, CD"
    assert {qid: note.text for qid, note in store.meeting_notes(meeting.id).items()} == {
        "eg-stigmatisering": "Notat 1",
        "eg-gevinst": "Notat 2",
        "eg-organisering": "Notat 3",
    }


async def test_a_meeting_cut_off_resumes_with_every_typed_note(make_app, store: RecordStore) -> None:
    now = local_now()
    meeting = Meeting("Avbrutt", now, "4", tuple(AgendaItem(qid, 5) for qid in ELEVGRUPPER), created=now)
    meeting_id = store.add_meeting(meeting)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # offered at once
        await pilot.press("j")
        await pilot.pause()
        await pilot.press(*"Første")
        await pilot.press("pagedown")
        await pilot.press(*"Andre, skrevet rett før strømmen gikk")
        await pilot.pause(0.4)  # the pause in typing after which a note is on disk
    # The app is gone without the meeting being ended or left: as when the laptop dies.
    assert store.get_meeting(meeting_id).ended is None
    again = make_app(store=RecordStore(store.path))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.index == 1  # where it was
        assert screen.query_one(TextArea).text == "Andre, skrevet rett før strømmen gikk"
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.query_one(TextArea).text == "Første"


async def test_status_and_word_filters(make_app, store: RecordStore) -> None:
    now = local_now()
    store.add_note(QuestionNote("kl-avklaring-tillatt", "Notat", "a", created=now - timedelta(days=3)))
    agenda = (AgendaItem("eg-gevinst", 5, 60, visited=True),)
    store.add_meeting(Meeting("Før", now - timedelta(days=1), "", agenda, created=now, ended=now))
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_reflection(pilot)
        pane.status_filter = "droftet"
        await pilot.pause()
        assert {q.id for q in pane.matching()} == {"kl-avklaring-tillatt", "eg-gevinst"}
        assert "2 av 37 spørsmål" in text_of(pane.query_one("#reflection-count"))
        pane.status_filter = "aldri"
        await pilot.pause()
        assert len(pane.matching()) == 35
        pane.status_filter = "*"
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"STIGMATISER")  # case and accents do not matter
        await pilot.pause()
        assert [q.id for q in pane.matching()] == ["eg-stigmatisering"]
        await pilot.press("enter")  # from the search field to the list
        assert isinstance(app.focused, QuestionList)


async def test_notes_on_a_question_are_added_edited_and_shown_literally(make_app, store: RecordStore) -> None:
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_reflection(pilot)
        highlight(pane, "eg-gevinst")
        await pilot.press("enter")
        await pilot.pause()
        question_screen = app.screen
        assert isinstance(question_screen, QuestionScreen)
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditorScreen)
        await pilot.press("ctrl+s")  # empty: refused with a message, the editor stays
        await pilot.pause()
        assert app.screen is editor and "Notatet er tomt" in text_of(editor.query_one("#note-errors"))
        editor.query_one(TextArea).text = HOSTILE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is question_screen and app.is_running
        shown = str(question_screen.query_one("#note-list").get_option_at_index(0).prompt)
        assert "[/] [@click=app.quit]x[/] [b]fet[/b] ␛]52;c;aGk=␇ ␛[2J" in shown
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(TextArea).text = "Rettet tekst"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "endret 1 gang" in str(question_screen.query_one("#note-list").get_option_at_index(0).prompt)
        await pilot.press("escape")
        await pilot.pause()
        assert pane.statuses["eg-gevinst"].notes == 1
    (note,) = store.notes_for("eg-gevinst")
    assert note.text == "Rettet tekst" and note.revisions[0].values["text"] == HOSTILE


async def test_hostile_meeting_text_is_shown_literally(make_app, store: RecordStore) -> None:
    now = local_now()
    meeting = Meeting(HOSTILE, now, HOSTILE, (AgendaItem("eg-gevinst", 5),), created=now)
    meeting_id = store.add_meeting(meeting)
    store.save_meeting_note(meeting_id, "eg-gevinst", HOSTILE, "a", now)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")  # resume
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert "[/] [@click=app.quit]x[/] [b]fet[/b] ␛]52;c;aGk=␇ ␛[2J" in text_of(screen.query_one("#meeting-bar"))
        assert screen.query_one(TextArea).text == HOSTILE  # the editor holds the text itself
        await pilot.press("ctrl+e", "j")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, MeetingSummaryScreen)
        assert app.is_running
        assert "␛]52;c;aGk=␇" in text_of(summary.query_one(".summary-item"))


async def test_meeting_keys_are_in_the_footer_and_in_help(make_app, store: RecordStore) -> None:
    now = local_now()
    store.add_meeting(Meeting("Møte", now, "", (AgendaItem("eg-gevinst", 5),), created=now))
    app = make_app(store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        hints = text_of(app.screen.query_one("#meeting-key-hints"))
        assert "pgdn Neste" in hints and "pgup Forrige" in hints and "^e Fullfør møtet" in hints
        await pilot.press("f1")
        await pilot.pause()
        help_text = " ".join(text_of(static) for static in app.screen.query("Static"))
        assert "Teammøte" in help_text and "Pause (fortsett senere)" in help_text and "Vis i veiledningen" in help_text


async def test_a_question_with_many_notes_shows_the_newest_and_more_on_request(make_app, store: RecordStore) -> None:
    now = local_now()
    for n in range(25):
        store.add_note(QuestionNote("eg-gevinst", f"Notat {n}", "a", created=now - timedelta(days=n)))
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_reflection(pilot)
        highlight(pane, "eg-gevinst")
        await pilot.press("enter")
        await pilot.pause()
        notes = app.screen.query_one("#note-list")
        ids = [notes.get_option_at_index(i).id for i in range(notes.option_count)]
        assert ids[-1] == "more" and len([i for i in ids if i and i != "more"]) == 20
        assert "Notat 0" in str(notes.get_option_at_index(0).prompt)  # the newest first
        assert "5 eldre notater" in str(notes.get_option_at_index(notes.option_count - 1).prompt)
        notes.highlighted = notes.option_count - 1
        await pilot.press("enter")
        await pilot.pause()
        ids = [notes.get_option_at_index(i).id for i in range(notes.option_count)]
        assert "more" not in ids and len([i for i in ids if i]) == 25
