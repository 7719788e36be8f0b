"""Every form keeps what is typed: `esc` asks before throwing it away, and a draft survives a crash.

One parametrised pilot test runs each form of the app through the same two promises: type,
`esc`, the app asks (and «no» keeps the text); then the app dies with the form open, and
the next start offers the draft back in the same form with the same text.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, TextArea

from relasjon_tui.records.cases import Case, PlannedMeasure
from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now
from relasjon_tui.ui.screens.case_forms import CaseFormScreen, EvaluationFormScreen, MeasureFormScreen
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.screens.meeting_setup import MeetingSetupScreen
from relasjon_tui.ui.screens.note_editor import NoteEditorScreen
from relasjon_tui.ui.screens.quick_log import QuickLogScreen

SIZE = (80, 24)
OSLO = ZoneInfo("Europe/Oslo")
TYPED = "Skrevet før strømmen gikk"

pytestmark = pytest.mark.usefixtures("frozen_clock")


def seed(store: RecordStore) -> None:
    now = local_now() - timedelta(hours=1)
    store.add_log(SessionLog("AB", "forbedre-relasjon", now, 15, note="Første", created=now))
    measure = PlannedMeasure("forbedre-relasjon", start=now.date(), end=now.date() + timedelta(days=20))
    store.add_case(Case("AB trygghet", ("AB",), problem="Alene.", measures=(measure,), created=now, updated=now))


def open_new_log(app) -> None:
    app.open_log_form()


def open_log_edit(app) -> None:
    app.open_log_form(editing=app.store.latest_log())


def open_new_case(app) -> None:
    app.open_case(None)


def open_case_then(key: str):
    def opener(app) -> None:
        app.open_case(app.store.cases()[0])
        app.call_after_refresh(lambda: app.post_message(__import__("textual").events.Key(key, key)))

    return opener


def open_question_note(app) -> None:
    app.main_screen.open_question("eg-stigmatisering")
    app.call_after_refresh(lambda: app.post_message(__import__("textual").events.Key("a", "a")))


def open_meeting_setup(app) -> None:
    app.start_meeting_setup()


FORMS = [
    pytest.param(open_new_log, QuickLogScreen, "#note", id="quick-log"),
    pytest.param(open_log_edit, QuickLogScreen, "#note", id="log-edit"),
    pytest.param(open_question_note, NoteEditorScreen, "#note-text", id="note"),
    pytest.param(open_new_case, CaseFormScreen, "#case-title", id="new-case"),
    pytest.param(open_case_then("p"), CaseFormScreen, "#case-problem", id="plan"),
    pytest.param(open_case_then("t"), MeasureFormScreen, "#pm-responsible", id="measure"),
    pytest.param(open_case_then("v"), EvaluationFormScreen, "#ev-worked", id="evaluation"),
    pytest.param(open_meeting_setup, MeetingSetupScreen, "#setup-attendees", id="meeting-setup"),
]


def field_text(screen, selector: str) -> str:
    widget = screen.query_one(selector)
    return widget.text if isinstance(widget, TextArea) else widget.value


async def wait_for(pilot, condition, tries: int = 60) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)


@pytest.mark.parametrize(("opener", "form_class", "field"), FORMS)
async def test_escape_asks_and_a_killed_form_comes_back(tmp_path: Path, make_app, opener, form_class, field) -> None:
    store = RecordStore(tmp_path / "data" / "relasjon.json")
    seed(store)
    drafts = DraftStore(tmp_path / "utkast")
    app = make_app(store=store, drafts=drafts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opener(app)
        await wait_for(pilot, lambda: isinstance(app.screen, form_class))
        form = app.screen
        assert isinstance(form, form_class)
        await pilot.pause()
        form.query_one(field).focus()
        await pilot.pause()
        await pilot.press(*TYPED)
        typed = field_text(form, field)
        assert TYPED in typed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asked, not thrown away
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and field_text(form, field) == typed
        await wait_for(pilot, lambda: bool(drafts.all()))
    # The app is gone with the form open, as after a dropped SSH connection or kill -9.
    saved = drafts.all()
    assert len(saved) == 1 and saved[0].fields[field.lstrip("#")] == typed
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in drafts.folder.iterdir())

    again = make_app(store=RecordStore(store.path), drafts=DraftStore(drafts.folder))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)  # offered at start
        await pilot.press("enter")  # yes is the default
        await wait_for(pilot, lambda: isinstance(again.screen, form_class))
        await pilot.pause(0.1)
        restored = again.screen
        assert isinstance(restored, form_class)
        assert field_text(restored, field) == typed
        # A restored draft counts as typed: esc asks again.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("j")  # yes, throw it away now
        await pilot.pause()
    assert DraftStore(drafts.folder).all() == []


async def test_a_form_that_could_not_store_stays_open_with_its_text(tmp_path: Path, make_app) -> None:
    store = RecordStore(tmp_path / "data" / "relasjon.json")
    drafts = DraftStore(tmp_path / "utkast")
    app = make_app(store=store, drafts=drafts)

    def full_disk(_case) -> int:
        raise OSError(28, "Ingen plass igjen på disken")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store.add_case = full_disk  # type: ignore[method-assign]
        app.open_case(None)
        await pilot.pause()
        form = app.screen
        await pilot.press(*"AB trygghet", "tab", *"AB", "tab", *"Alene i friminuttene.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Ikke lagret" in str(form.query_one(".form-errors").render())
        assert form.query_one("#case-title", Input).value == "AB trygghet"
    assert drafts.all()[0].fields["case-title"] == "AB trygghet"
