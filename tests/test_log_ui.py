"""Pilot tests of logging in a break: the quick-log form, drafts, the Logg area, edits and deletion."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from textual.widgets import Input, Select, Static, TextArea

from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.screens.quick_log import QuickLogScreen

SIZE = (80, 24)
HOSTILE = "[/] [@click=app.quit]x[/] [ikke noe] \x1b]52;c;aGk=\x07 \u202eomvendt"

pytestmark = pytest.mark.usefixtures("frozen_clock")


def seed(store: RecordStore, **changes) -> int:
    now = local_now() - timedelta(hours=1)
    values = dict(subject="AB", measure="forbedre-relasjon", start=now, minutes=15, note="Første", created=now)
    values.update(changes)
    return store.add_log(SessionLog(**values))


async def test_a_typical_entry_is_n_note_ctrl_s(make_app, store, drafts) -> None:
    seed(store)
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, QuickLogScreen)
        assert isinstance(app.focused, TextArea)
        assert form.query_one("#subject", Input).value == "AB"  # the last subject
        assert form.query_one("#minutes", Input).value == "15"  # the measure's usual session
        await pilot.press(*"Spilte UNO")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, QuickLogScreen)
        notes = [n.message for n in app._notifications]
        assert any(message.startswith("Lagret: AB, ") for message in notes)
    latest = store.latest_log()
    assert latest.note == "Spilte UNO" and latest.measure == "forbedre-relasjon" and latest.minutes == 15
    assert drafts.load("logg", {}) is None


async def test_invalid_entry_shows_messages_and_keeps_the_text(make_app, store, drafts) -> None:
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#subject", Input).value = "Ola Nordmann"
        form.query_one("#minutes", Input).value = "500"
        form.query_one("#note", TextArea).focus()
        await pilot.press(*"Viktig notat")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        errors = str(form.query_one("#quick-log-errors").render())
        assert "kort kode" in errors and "mellom 1 og 240" in errors
        assert form.query_one("#note", TextArea).text == "Viktig notat"
    assert store.count_logs() == 0


async def test_future_time_asks_before_saving(make_app, store, drafts) -> None:
    seed(store)
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#when", Input).value = "2099-01-01 10:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
    assert store.latest_log().start.year == 2099


async def test_escape_asks_before_throwing_text_away(make_app, store, drafts) -> None:
    seed(store)
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Halvferdig")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: back to the form, nothing lost
        await pilot.pause()
        assert isinstance(app.screen, QuickLogScreen)
        assert app.screen.query_one("#note", TextArea).text == "Halvferdig"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert not isinstance(app.screen, (QuickLogScreen, ConfirmScreen))
    assert drafts.load("logg", {}) is None
    assert store.count_logs() == 1  # only the seeded one


async def test_untouched_form_closes_without_asking(make_app, store, drafts) -> None:
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", "escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "MainScreen"


async def test_draft_survives_a_killed_app_and_is_offered_back(make_app, store, drafts) -> None:
    seed(store)
    first = make_app(store=store, drafts=drafts)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Skrevet før strømmen gikk")
        # The draft is written a quarter of a second after typing stops.
        for _ in range(40):
            await pilot.pause(0.1)
            found = drafts.load("logg", {})
            if found is not None and found.fields["note"] == "Skrevet før strømmen gikk":
                break
    # The app is gone without saving (as after a dropped SSH connection); the draft is on disk.
    assert drafts.load("logg", {}).fields["note"] == "Skrevet før strømmen gikk"
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in drafts.folder.iterdir())
    second = make_app(store=RecordStore(store.path), drafts=DraftStore(drafts.folder))
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, ConfirmScreen)
        await pilot.press("enter")  # yes is the default here
        await pilot.pause()
        assert second.screen.query_one("#note", TextArea).text == "Skrevet før strømmen gikk"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert RecordStore(store.path).latest_log().note == "Skrevet før strømmen gikk"
    assert drafts.load("logg", {}) is None


async def test_logg_area_lists_filters_and_summarises(make_app, store) -> None:
    seed(store, subject="AB", note="a")
    seed(store, subject="CD", note="c", measure="elevgrupper", minutes=30)
    seed(store, subject="AB", note="b", minutes=20)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        pane = app.screen.query_one("#log")
        assert sorted(log.note for log in pane.shown) == ["a", "b", "c"]
        assert "3 av 3 logger" in str(app.screen.query_one("#log-status").render())
        summary = str(app.screen.query_one("#log-summary").render())
        assert summary.startswith("AB – Forbedre negativ eller svak relasjon:") and "2 økter, 35 min" in summary
        app.screen.query_one("#filter-subject", Input).value = "CD"
        await pilot.pause()
        assert [log.subject for log in pane.shown] == ["CD"]
        assert "1 treff av 3 logger" in str(app.screen.query_one("#log-status").render()), "of how many in all"
        app.screen.query_one("#filter-subject", Input).value = ""
        app.screen.query_one("#filter-measure", Select).value = "elevgrupper"
        await pilot.pause()
        assert [log.note for log in pane.shown] == ["c"]
        app.screen.query_one("#filter-measure", Select).clear()
        app.screen.query_one("#filter-from", Input).value = "2025-02-30"
        await pilot.pause()
        assert "finnes ikke" in str(app.screen.query_one("#log-status").render())


async def test_edit_keeps_a_revision_shown_in_the_detail_view(make_app, store, drafts) -> None:
    log_id = seed(store, note="Før")
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, QuickLogScreen)
        await pilot.press(*" og etter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Før og etter" in text
        assert "Tidligere versjoner (1)" in text and "notat: Før" in text
        assert "erstattet" in text  # when the earlier text was replaced, and by whom
    edited = store.get_log(log_id)
    assert edited.note == "Før og etter" and edited.revisions[0].values == {"note": "Før"}
    assert drafts.load("logg", {}) is None  # editing never leaves a draft of a new entry


async def test_delete_asks_first(make_app, store) -> None:
    seed(store)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the default answer is no
        await pilot.pause()
        assert store.count_logs() == 1
        await pilot.press("d", "j")
        await pilot.pause()
    assert store.count_logs() == 0


async def test_hostile_text_is_shown_literally_everywhere(make_app, store) -> None:
    seed(store, note=HOSTILE, activity=HOSTILE)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one("#log-table")
        cell = table.get_row_at(0)[4]
        assert cell.plain.startswith("[/] [@click=app.quit]x[/] [ikke noe] ␛]52;c;aGk=␇")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "[/] [@click=app.quit]x[/] [ikke noe] ␛]52;c;aGk=␇ ⟨U+202E⟩omvendt" in text
        assert "\x1b" not in text and "\u202e" not in text
        await pilot.press("escape", "e")
        await pilot.pause()
        assert app.screen.query_one("#note", TextArea).text == HOSTILE  # editing keeps the stored text as typed


@pytest.mark.parametrize("area", ["logg", "refleksjon"])
async def test_pressing_a_key_while_its_area_is_built_in_the_background(make_app, store, area) -> None:
    seed(store)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await asyncio.gather(screen._prepare_areas(), screen.action_area(area))
        await pilot.pause()
        assert len(screen.query("#log")) == 1 and len(screen.query("#reflection")) == 1
        assert screen.area == area


async def test_weekly_summary_counts_more_than_the_rows_shown(make_app, store) -> None:
    now = local_now()
    for n in range(130):  # more than the table shows
        seed(store, start=now - timedelta(minutes=10 * (n + 1)), minutes=10)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        pane = app.screen.query_one("#log")
        assert len(pane.shown) == 100
        summary = str(app.screen.query_one("#log-summary").render())
        counts = [int(part.split(" økter")[0].rsplit(" ", 1)[-1]) for part in summary.split("·")]
        assert sum(counts) == 130


async def test_a_new_code_asks_once_and_a_known_one_in_other_case_is_reused(make_app, store, drafts) -> None:
    seed(store)
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#subject", Input).value = "ab"  # AB, typed in lower case
        await pilot.press(*"Samme elev", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, (QuickLogScreen, ConfirmScreen))
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#subject", Input).value = "XY"
        await pilot.press(*"Ny elev", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "«XY» er ikke brukt før" in str(app.screen.query_one(Static).render())
        await pilot.press("n")  # no: back to the form, nothing saved
        await pilot.pause()
        assert isinstance(app.screen, QuickLogScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # yes is the default for a new code
        await pilot.pause()
    assert [log.subject for log in store.logs()] == ["XY", "AB", "AB"]
    assert [subject.code for subject in store.subjects()] == ["AB", "XY"]


async def test_a_session_for_a_measure_without_consent_warns_first(make_app, store) -> None:
    from relasjon_tui.records.cases import Case, PlannedMeasure

    seed(store)
    now = local_now()
    planned = PlannedMeasure("elevgrupper", start=now.date(), end=now.date() + timedelta(days=30),
                             consent_pupil="gitt", consent_parents="venter")  # fmt: skip
    store.add_case(Case("Gruppe for AB", ("AB",), problem="Alene.", measures=(planned,), created=now, updated=now))
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#measure", Select).value = "elevgrupper"
        await pilot.pause()
        await pilot.press(*"Første gruppemøte", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(Static).render())
        assert "samtykket er ikke gitt" in question and "venter på svar" in question
        await pilot.press("enter")  # the safe answer: not saved
        await pilot.pause()
        assert isinstance(app.screen, QuickLogScreen)
        assert store.count_logs() == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
    assert store.latest_log().measure == "elevgrupper"


async def test_the_first_log_ever_is_n_code_tab_note_ctrl_s(make_app, store, drafts) -> None:
    """On an empty file: focus starts on the code, tab goes to the note, the measure has a session length."""
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert form.focused is form.query_one("#subject", Input)
        assert form.query_one("#measure", Select).value == "forbedre-relasjon"
        assert form.query_one("#minutes", Input).value == "15"
        await pilot.press("A", "B", "tab", *"Første økt", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # a new code asks once
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, (QuickLogScreen, ConfirmScreen))
    log = store.latest_log()
    assert (log.subject, log.note, log.measure, log.minutes) == ("AB", "Første økt", "forbedre-relasjon", 15)


async def test_tab_completes_a_known_code(make_app, store) -> None:
    seed(store, subject="7B-gr1", subject_kind="gruppe")
    seed(store, subject="AB")
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        subject = app.screen.query_one("#subject", Input)
        subject.value = ""
        subject.focus()
        await pilot.press("7", "b", "tab")
        await pilot.pause()
        assert subject.value == "7B-gr1"
        assert app.screen.focused is app.screen.query_one("#note", TextArea)


async def test_the_form_shows_how_it_reads_the_time_while_typing(make_app, store, frozen_clock) -> None:
    seed(store)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        reading = form.query_one("#when-reading", Static)
        assert str(reading.render()) == "= onsdag 02.12 kl. 10:15"  # empty means now
        form.query_one("#when", Input).focus()
        await pilot.press(*"i går 14:30")
        await pilot.pause()
        assert str(reading.render()) == "= tirsdag 01.12 kl. 14:30"
        await pilot.press(*" og litt")
        await pilot.pause()
        assert str(reading.render()) == "Forstår ikke tidspunktet «i går 14:30 og litt»"


async def test_a_new_code_that_reads_like_a_name_is_questioned(make_app, store) -> None:
    seed(store)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#subject", Input).value = "OlaNordmann"
        await pilot.press(*"Notat", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "ser ut som et navn" in str(app.screen.query_one(Static).render())
        await pilot.press("enter")  # the safe answer: not created
        await pilot.pause()
        assert isinstance(app.screen, QuickLogScreen) and store.count_logs() == 1


async def test_a_log_of_a_measure_not_loaded_today_can_be_edited_and_keeps_it(make_app, store) -> None:
    """A school's measure whose folder is not given today (no --content): shown by its id, kept on save."""
    now = local_now() - timedelta(hours=1)
    log_id = store.add_log(SessionLog("AB", "lunsjvenn", now, 15, note="Før", created=now))
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_log_form(editing=store.get_log(log_id))
        await pilot.pause()
        form = app.screen
        assert form.query_one("#measure", Select).value == "lunsjvenn"
        await pilot.press(*" og etter", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, QuickLogScreen)
    edited = store.get_log(log_id)
    assert (edited.measure, edited.note) == ("lunsjvenn", "Før og etter")


async def test_a_filter_with_more_matches_than_rows_says_how_many_are_shown(make_app, store, monkeypatch) -> None:
    from relasjon_tui.ui.widgets import log_pane

    for note in "abc":
        seed(store, subject="AB", note=note)
    seed(store, subject="CD", note="d")
    monkeypatch.setattr(log_pane, "MAX_ROWS", 2)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#filter-subject", Input).value = "ab"
        await pilot.pause()
        status = str(app.screen.query_one("#log-status").render())
        assert status.startswith("2 nyeste av 3 treff (4 logger)"), status
