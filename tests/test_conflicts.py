"""A stale edit (issue 15): someone else changed or deleted a log after the form opened it; nothing
is overwritten silently, and nothing typed is lost."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from relasjon_tui.records.conflicts import stale
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now
from tests.test_bursts import burst, settle

pytestmark = pytest.mark.usefixtures("frozen_clock")


def two_members(tmp_path: Path) -> tuple[RecordStore, RecordStore, int]:
    data = tmp_path / "felles" / "relasjon.json"
    mine, colleague = RecordStore(data), RecordStore(data)
    start = local_now() - timedelta(hours=1)
    log_id = mine.add_log(SessionLog("AB", "forbedre-relasjon", start, 15, note="Første", author="kari", created=start))
    return mine, colleague, log_id


def test_stale_says_what_happened() -> None:
    start = local_now()
    log = SessionLog("AB", "forbedre-relasjon", start, 15, note="a")
    assert stale(log, log) is None
    assert stale(log, None).kind == "deleted"
    changed = stale(log, SessionLog("AB", "forbedre-relasjon", start, 15, note="b"))
    assert changed is not None and changed.kind == "changed" and changed.current.note == "b"


async def open_edit(app, pilot, store: RecordStore, log_id: int) -> None:
    from relasjon_tui.ui.screens.quick_log import QuickLogScreen

    app.open_log_form(editing=store.get_log(log_id))
    await pilot.pause()
    assert isinstance(app.screen, QuickLogScreen)
    app.screen.query_one("#note").focus()
    app.screen.query_one("#note").move_cursor((0, len("Første")))


@pytest.mark.parametrize(("choice", "expected"), [("m", "Første og mitt"), ("t", "Første, endret av ola")])
async def test_a_stale_log_edit_shows_both_and_keeps_or_takes(make_app, tmp_path, choice, expected) -> None:
    from relasjon_tui.ui.screens.conflict import ConflictScreen

    mine, colleague, log_id = two_members(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_edit(app, pilot, mine, log_id)
        theirs = colleague.get_log(log_id)
        colleague.replace_log(theirs.edited(local_now(), "ola", note="Første, endret av ola"))
        burst(app, " og mitt", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Første, endret av ola" in shown and "Første og mitt" in shown and "ola" in shown
        await pilot.press(choice)
        await settle(pilot)
        stored = mine.get_log(log_id)
        assert stored.note == expected
        if choice == "m":  # theirs is kept as the earlier version, with who replaced it
            assert stored.revisions[-1].values["note"] == "Første, endret av ola"
            assert stored.revisions[-1].author == "ola"


async def test_merge_puts_both_texts_in_the_form(make_app, tmp_path) -> None:
    mine, colleague, log_id = two_members(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_edit(app, pilot, mine, log_id)
        colleague.replace_log(colleague.get_log(log_id).edited(local_now(), "ola", note="Ola sin"))
        burst(app, " min", "ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one("#note").text == "Ola sin\nFørste min"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert mine.get_log(log_id).note == "Ola sin\nFørste min"


async def test_a_log_deleted_meanwhile_can_be_saved_as_new(make_app, tmp_path) -> None:
    mine, colleague, log_id = two_members(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_edit(app, pilot, mine, log_id)
        colleague.delete_log(log_id)
        burst(app, " reddet", "ctrl+s")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert [log.note for log in mine.logs()] == ["Første reddet"]


# «Mine»


async def test_i_shows_only_mine_in_logg_saker_and_refleksjon(make_app, store) -> None:
    from relasjon_tui.records.cases import Case, PlannedMeasure
    from relasjon_tui.records.reflection import QuestionNote
    from relasjon_tui.records.store import default_author

    me, now = default_author(), local_now()
    for author in (me, "ola"):
        store.add_log(SessionLog("AB", "forbedre-relasjon", now - timedelta(hours=2), 15, note=f"av {author}",
                                 author=author, created=now))  # fmt: skip
        measure = PlannedMeasure("forbedre-relasjon", start=now.date(), end=now.date() + timedelta(days=13),
                                 carried_out_by=author)  # fmt: skip
        store.add_case(Case(f"Sak for {author}", ("AB",), "Alene.", (measure,), author="rektor", created=now))
    store.add_note(QuestionNote("eg-gevinst", "Mitt notat", me, created=now))
    store.add_note(QuestionNote("eg-stigmatisering", "Olas notat", "ola", created=now))
    app = make_app(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        await screen.action_area("logg")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert [log.note for log in screen.query_one("#log").shown] == [f"av {me}"]
        await screen.action_area("saker")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert [case.title for case in screen.query_one("#cases").cases.values()] == [f"Sak for {me}"]
        await screen.action_area("refleksjon")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert [q.id for q in screen.query_one("#reflection").matching()] == ["eg-gevinst"]
        await pilot.press("i")
        await pilot.pause()
        assert len(screen.query_one("#reflection").matching()) > 1
