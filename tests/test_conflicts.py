"""A stale edit (issue 15): someone else changed or deleted a log after the form opened it; nothing
is overwritten silently, and nothing typed is lost."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from relasjon_tui.records.conflicts import StaleRecord
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now
from tests.test_bursts import burst, settle

pytestmark = pytest.mark.usefixtures("frozen_clock")


def conflict_text(app) -> str:
    """What the conflict dialog on top says, as one text."""
    return " ".join(str(widget.render()) for widget in app.screen.query("Static"))


def two_members(tmp_path: Path) -> tuple[RecordStore, RecordStore, int]:
    data = tmp_path / "felles" / "relasjon.json"
    mine, colleague = RecordStore(data), RecordStore(data)
    start = local_now() - timedelta(hours=1)
    log_id = mine.add_log(SessionLog("AB", "forbedre-relasjon", start, 15, note="Første", author="kari", created=start))
    return mine, colleague, log_id


def test_a_write_over_a_version_someone_changed_or_deleted_writes_nothing(tmp_path) -> None:
    mine, colleague, log_id = two_members(tmp_path)
    opened = mine.get_log(log_id)
    theirs = opened.edited(local_now(), "ola", note="Ola sin")
    colleague.replace_log(theirs, expected=opened)  # nobody changed it since: written
    with pytest.raises(StaleRecord) as changed:
        mine.replace_log(opened.edited(local_now(), "kari", note="Min"), expected=opened)
    assert changed.value.current == colleague.get_log(log_id) and mine.get_log(log_id).note == "Ola sin"
    colleague.delete_log(log_id)
    with pytest.raises(StaleRecord) as deleted:
        mine.replace_log(opened.edited(local_now(), "kari", note="Min"), expected=opened)
    assert deleted.value.current is None and mine.get_log(log_id) is None


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
        shown = conflict_text(app)
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


# A note on a question, and a case: the same promise


def question_of(library, question_id: str):
    return next(q for d in library.documents for q in d.questions if q.id == question_id)


async def open_note(app, pilot, store: RecordStore, library, note_id: int):
    from relasjon_tui.ui.screens.note_editor import NoteEditorScreen
    from relasjon_tui.ui.screens.question import QuestionScreen

    app.push_screen(QuestionScreen(store, library, question_of(library, "eg-gevinst")))
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, NoteEditorScreen)


def noted(tmp_path: Path) -> tuple[RecordStore, RecordStore, int]:
    from relasjon_tui.records.reflection import QuestionNote

    data = tmp_path / "felles" / "relasjon.json"
    mine, colleague = RecordStore(data), RecordStore(data)
    note_id = mine.add_note(QuestionNote("eg-gevinst", "Vi tror", "kari", created=local_now()))
    return mine, colleague, note_id


@pytest.mark.parametrize(("choice", "expected"), [("m", "Vi tror mye"), ("t", "Ola mener")])
async def test_a_stale_note_edit_shows_both_and_keeps_or_takes(make_app, library, tmp_path, choice, expected) -> None:
    from relasjon_tui.ui.screens.conflict import ConflictScreen

    mine, colleague, note_id = noted(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_note(app, pilot, mine, library, note_id)
        colleague.replace_note(colleague.get_note(note_id).edited(local_now(), "ola", "Ola mener"))
        burst(app, " mye", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        shown = conflict_text(app)
        assert "Ola mener" in shown and "Vi tror mye" in shown and "notatet" in shown
        await pilot.press(choice)
        await settle(pilot)
        stored = mine.get_note(note_id)
        assert stored.text == expected
        if choice == "m":
            assert (stored.revisions[-1].values["text"], stored.revisions[-1].author) == ("Ola mener", "ola")
        assert type(app.screen).__name__ == "QuestionScreen"  # the editor closed either way


async def test_merging_a_note_by_hand_saves_over_theirs_without_asking_again(make_app, library, tmp_path) -> None:
    from textual.widgets import TextArea

    mine, colleague, note_id = noted(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_note(app, pilot, mine, library, note_id)
        colleague.replace_note(colleague.get_note(note_id).edited(local_now(), "ola", "Ola mener"))
        burst(app, " mye", "ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one(TextArea).text == "Ola mener\nVi tror mye"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert mine.get_note(note_id).text == "Ola mener\nVi tror mye"
        assert [r.values["text"] for r in mine.get_note(note_id).revisions] == ["Vi tror", "Ola mener"]


async def test_a_note_deleted_meanwhile_can_be_saved_as_new(make_app, library, tmp_path) -> None:
    mine, colleague, note_id = noted(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_note(app, pilot, mine, library, note_id)
        colleague.delete_note(note_id)
        burst(app, " likevel", "ctrl+s")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert [note.text for note in mine.notes_for("eg-gevinst")] == ["Vi tror likevel"]


def a_case(tmp_path: Path):
    from relasjon_tui.records.cases import Case, PlannedMeasure

    data = tmp_path / "felles" / "relasjon.json"
    mine, colleague = RecordStore(data), RecordStore(data)
    now = local_now()
    measure = PlannedMeasure("forbedre-relasjon", start=now.date(), end=now.date() + timedelta(days=13), minutes=15,
                             carried_out_by="kari")  # fmt: skip
    case_id = mine.add_case(Case("AB i friminuttet", ("AB",), "Alene.", (measure,), pupil_view="Vil være med.",
                                 author="kari", created=now))  # fmt: skip
    return mine, colleague, case_id


async def open_case_form(app, pilot, store: RecordStore, case_id: int, key: str) -> None:
    app.open_case(store.get_case(case_id))
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()


async def test_plan_fields_changed_by_two_members_are_both_kept(make_app, tmp_path) -> None:
    mine, colleague, case_id = a_case(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_case_form(app, pilot, mine, case_id, "p")
        app.screen.query_one("#case-pupil-view").focus()
        app.screen.query_one("#case-pupil-view").move_cursor((0, len("Vil være med.")))
        theirs = colleague.get_case(case_id)
        colleague.replace_case(theirs.edited(local_now(), "ola", problem="Alene i hvert friminutt."))
        burst(app, " Sa hun.", "ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "CaseScreen"  # no clash: nothing to ask
        stored = mine.get_case(case_id)
        assert (stored.problem, stored.pupil_view) == ("Alene i hvert friminutt.", "Vil være med. Sa hun.")


@pytest.mark.parametrize("choice", ["m", "t", "f"])
async def test_the_same_plan_field_changed_by_two_members_is_a_choice(make_app, tmp_path, choice) -> None:
    from relasjon_tui.ui.screens.conflict import ConflictScreen

    mine, colleague, case_id = a_case(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_case_form(app, pilot, mine, case_id, "p")
        app.screen.query_one("#case-problem").move_cursor((0, len("Alene.")))
        theirs = colleague.get_case(case_id)
        colleague.replace_case(theirs.edited(local_now(), "ola", problem="Ola: alene.", pupil_view="Ola hørte henne."))
        burst(app, " Mitt.", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        shown = conflict_text(app)
        assert "Ola: alene." in shown and "Alene. Mitt." in shown and "Ola hørte" not in shown  # only the clash
        await pilot.press(choice)
        await settle(pilot)
        if choice == "f":
            form = app.screen
            assert form.query_one("#case-problem").text == "Ola: alene.\nAlene. Mitt."
            assert form.query_one("#case-pupil-view").text == "Ola hørte henne."  # theirs alone: shown as theirs
            await pilot.press("ctrl+s")
            await settle(pilot)
        stored = mine.get_case(case_id)
        expected = {"m": "Alene. Mitt.", "t": "Ola: alene.", "f": "Ola: alene.\nAlene. Mitt."}[choice]
        assert (stored.problem, stored.pupil_view) == (expected, "Ola hørte henne.")
        if choice != "t":
            assert stored.revisions[-1].values["problem"] == "Ola: alene." and stored.revisions[-1].author == "ola"
        assert type(app.screen).__name__ == "CaseScreen"


async def test_an_evaluation_added_while_someone_else_saved_keeps_theirs(make_app, tmp_path) -> None:
    from relasjon_tui.records.cases import CaseEntry

    mine, colleague, case_id = a_case(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_case_form(app, pilot, mine, case_id, "v")
        theirs = colleague.get_case(case_id)
        entry = CaseEntry(local_now().date(), "elev-hort", "Eleven ble hørt.", author="ola", created=local_now())
        colleague.replace_case(replace(theirs, entries=(entry,)))
        app.screen.query_one("#ev-worked").focus()
        burst(app, "Bedre i friminuttene.", "ctrl+s")
        await settle(pilot)
        stored = mine.get_case(case_id)
        assert [e.text for e in stored.entries] == ["Eleven ble hørt."]
        assert [e.worked for e in stored.evaluations] == ["Bedre i friminuttene."]


async def test_a_measure_changed_by_someone_else_meanwhile_is_a_choice(make_app, tmp_path) -> None:
    from relasjon_tui.ui.screens.conflict import ConflictScreen

    mine, colleague, case_id = a_case(tmp_path)
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_case(mine.get_case(case_id))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        theirs = colleague.get_case(case_id)
        colleague.replace_case(theirs.edited(local_now(), "ola", measures=(replace(theirs.measures[0], carried_out_by="ola"),)))
        app.screen.query_one("#pm-minutes").focus()
        burst(app, "30", "ctrl+s")  # the field's text is selected on focus: 15 becomes 30
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        shown = conflict_text(app)
        assert "ola" in shown and "30 min" in shown
        await pilot.press("m")
        await settle(pilot)
        stored = mine.get_case(case_id).measures
        assert len(stored) == 1 and stored[0].minutes == 30
        earlier = mine.get_case(case_id).revisions[-1]  # theirs, kept as the plan's earlier version
        assert earlier.author == "ola" and earlier.values["measures"][0]["carried_out_by"] == "ola"


async def test_a_colleagues_note_appears_in_an_open_question_and_the_highlight_stays(make_app, library, tmp_path) -> None:
    from relasjon_tui.records.reflection import QuestionNote
    from relasjon_tui.ui.screens.question import QuestionScreen

    mine, colleague, note_id = noted(tmp_path)
    older = mine.add_note(QuestionNote("eg-gevinst", "Eldre", "kari", created=local_now() - timedelta(days=1)))
    app = make_app(store=mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(QuestionScreen(mine, library, question_of(library, "eg-gevinst")))
        await pilot.pause()
        await pilot.press("down")  # from the newest to «Eldre»
        await pilot.pause()
        screen = app.screen
        assert screen._selected_note().id == older
        colleague.add_note(QuestionNote("eg-gevinst", "Ola sitt nye", "ola", created=local_now()))
        await pilot.pause(1.4)  # the app looks at the file once a second
        assert [note.text for note in screen.notes] == ["Ola sitt nye", "Vi tror", "Eldre"]
        assert screen._selected_note().id == older  # the highlight stayed on the same note
        assert note_id in {note.id for note in screen.notes}
