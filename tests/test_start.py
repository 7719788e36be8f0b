"""Start-up: the guidance is on screen before the records file is read, and a damaged file is
asked about inside the app (the newest backup offered), never written over."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from relasjon_tui import cli
from relasjon_tui.records.cases import Case
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore
from relasjon_tui.ui.screens.confirm import ConfirmScreen
from relasjon_tui.ui.widgets.guidance import DocumentReader
from tests.test_forms import wait_for

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def log(note: str) -> SessionLog:
    return SessionLog(subject="AB", measure="forbedre-relasjon", start=NOW, minutes=15, note=note, created=NOW)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "skole" / "relasjon.json"


def damaged_with_backup(data: Path) -> None:
    """A file whose backup holds one log («første»), then broken on disk."""
    store = RecordStore(data)
    store._storage._today = lambda: date(2026, 11, 25)  # noqa: SLF001 - a fixed clock for the backup name
    store.add_log(log("første"))
    store.add_log(log("andre"))  # backs up the one-log file
    store.close()
    data.write_bytes(b'{"logs": {"1": ')


async def test_the_first_frame_comes_before_the_records_are_read(data: Path, make_app) -> None:
    store = RecordStore(data)
    store.add_log(log("første"))
    reads: list[bool] = []
    original = store.check_readable

    def check_readable() -> None:
        reads.append(app.screen.query_one(DocumentReader).document is not None)
        original()

    store.check_readable = check_readable  # type: ignore[method-assign]
    app = make_app(store=store)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert reads == [True], "read once, with the guidance already shown"


def test_building_the_app_imports_nothing_the_first_screen_does_not_show(tmp_path: Path) -> None:
    # The records package (and the calendar, the time parsing within it) and the guidance's
    # parser are imported once the first screen is up, or never when the cache is current.
    script = (
        "import sys; from pathlib import Path; from relasjon_tui import cli; "
        f"app = cli.build_app(Path({str(tmp_path / 'relasjon.json')!r}), []); "
        "print(sorted(name for name in sys.modules if name.startswith(('relasjon_tui.records.', "
        "'relasjon_tui.content.loader', 'markdown_it')))); "
        "print(sorted(name for name in ('hashlib', 'secrets') if name in sys.modules)); "
        "[after() for after in app.after_start]"  # the user's own cache, as the app writes it after start
    )
    env = {**os.environ, "RELASJON_CONFIG_DIR": str(tmp_path / "c"), "RELASJON_CACHE_DIR": str(tmp_path / "k"),
           "RELASJON_STATE_DIR": str(tmp_path / "s")}  # fmt: skip
    for start in ("first", "later"):  # from the shipped cache, then from the user's own
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
        assert list((tmp_path / "k").iterdir())
        # Drafts (offered back at start) and the table names the areas are declared with.
        assert done.stdout.split("\n")[0] == str(["relasjon_tui.records.drafts", "relasjon_tui.records.tables"])
        if start == "later":  # digests: only the shipped cache's key needs one
            assert done.stdout.split("\n")[1] == "[]"


def test_a_frame_reaches_the_terminal_without_waiting_out_the_interpreters_switch_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual's writer thread waited up to 5 ms (the default interval) for the interpreter
    # lock while the app went on working after a frame: measured in a pty, 4.2-6.3 ms for the
    # first frame at 140×40, against 0.7 ms with the interval the app sets.
    import gc

    from relasjon_tui.ui.app import RelasjonApp

    seen: list[float] = []
    monkeypatch.setattr(RelasjonApp, "run", lambda self, *args, **kwargs: seen.append(sys.getswitchinterval()))
    before = sys.getswitchinterval()
    try:
        assert cli.main(["--data", str(tmp_path / "relasjon.json")]) == 0
    finally:
        sys.setswitchinterval(before)
        gc.enable()  # the app turns the collector back on once it has read the records
    assert seen and seen[0] <= 0.001 < before


async def test_a_damaged_file_is_restored_from_its_backup_when_the_user_says_yes(data: Path, make_app) -> None:
    damaged_with_backup(data)
    broken = data.read_bytes()
    app = cli.build_app(data, [])  # as `relasjon` starts it: building the app reads nothing
    assert data.read_bytes() == broken
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "sikkerhetskopi" in app.screen.question and str(data) in app.screen.question
        assert data.read_bytes() == broken, "nothing is written before the user answers"
        await pilot.press("j")
        await pilot.pause()
        assert [entry.note for entry in app.store.logs()] == ["første"]
        kept = [path for path in data.parent.rglob("*") if path.is_file() and path.read_bytes() == broken]
        assert kept, "the damaged file is kept beside the restored one"
        assert app.is_running and app.stop_message is None


@pytest.mark.parametrize("older_sound", [True, False])
async def test_a_damaged_backup_is_said_and_the_next_older_offered(data: Path, older_sound: bool) -> None:
    damaged_with_backup(data)
    broken = data.read_bytes()
    (good,) = (data.parent / "sikkerhetskopier").iterdir()
    older = good.with_name("relasjon-2026-11-20.json")
    good.rename(older)
    if not older_sound:
        older.write_bytes(b"[]")
    newest = good.with_name("relasjon-2026-11-26.json")
    newest.write_bytes(b'{"logs": ')
    app = cli.build_app(data, [])
    async with app.run_test(size=(80, 24)) as pilot:
        if older_sound:  # a damaged backup is never offered: it is named, and the older one offered
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            question = app.screen.question
            assert f"{older}?" in question and "eldre" in question and "nyeste" not in question
            assert f"{newest} kan heller ikke brukes" in question
            await pilot.press("j")
        if older_sound:
            await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
            assert [entry.note for entry in app.store.logs()] == ["første"]
            assert app.is_running and app.stop_message is None
            assert any(older.name in n.message and "ikke med" in n.message for n in app._notifications)
        else:
            await wait_for(pilot, lambda: not app.is_running)
    if not older_sound:
        assert app.stop_message is not None and "Ingen av sikkerhetskopiene" in app.stop_message
        assert str(newest) in app.stop_message and str(older) in app.stop_message, "why each backup failed"
        assert data.read_bytes() == broken
    assert newest.read_bytes() == b'{"logs": ', "a backup is never written to"


@pytest.mark.parametrize("backup", [True, False])
async def test_a_damaged_file_closes_the_app_untouched_when_not_restored(data: Path, backup: bool) -> None:
    if backup:
        damaged_with_backup(data)
    else:
        data.parent.mkdir(mode=0o700)
        data.write_bytes(b"not json")
    broken = data.read_bytes()
    app = cli.build_app(data, [])
    async with app.run_test(size=(80, 24)) as pilot:
        if backup:
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("n")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert app.stop_message is not None and str(data) in app.stop_message and "relasjon sjekk" in app.stop_message
    assert "ikke gyldig JSON fra linje 1, tegn" in app.stop_message and "unexpected" not in app.stop_message
    assert data.read_bytes() == broken


async def test_with_cases_it_opens_on_saker_once_read_unless_the_user_has_begun(make_app) -> None:
    for acted, area in ((False, "saker"), (True, "tiltak")):
        store = RecordStore(None)
        store.add_case(Case("Sak", ("AB",), "Problem."))
        app = make_app(store=store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            if acted:  # the decision again, as if a key had come before the file was read
                await app.main_screen.action_area("tiltak")
                await app.main_screen.records_read(start_on_cases=False)
            await pilot.pause()
            assert app.main_screen.area == area


async def test_a_data_folder_that_cannot_be_used_closes_the_app_saying_why(tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("ikke en mappe")
    data = tmp_path / "fil" / "relasjon.json"
    app = cli.build_app(data, [])  # opens nothing: the records are opened with the first screen up
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert app.stop_message is not None and str(data) in app.stop_message and "ikke en mappe" in app.stop_message
    assert (tmp_path / "fil").read_text() == "ikke en mappe"


async def test_a_key_typed_before_the_records_are_read_waits_for_them(make_app) -> None:
    import asyncio

    from textual import events

    from relasjon_tui.ui.screens.quick_log import QuickLogScreen

    order: list[str] = []
    app = make_app(store=RecordStore(None))
    read = app._read_records

    async def slow_read() -> None:
        await asyncio.sleep(0.3)  # a large file on a slow disk
        order.append("read")
        await read()

    app._read_records = slow_read  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(events.Key("n", "n"))
        await pilot.pause(0.1)
        assert not isinstance(app.screen, QuickLogScreen) and order == []
        await wait_for(pilot, lambda: isinstance(app.screen, QuickLogScreen))
        assert order == ["read"]
        await pilot.pause()  # the form's fields mounted before the app closes (Textual's Select
        # raises if its mount is cut short by the exit)


async def test_keys_typed_before_the_damaged_file_question_is_shown_do_not_answer_it(data: Path) -> None:
    import asyncio

    from textual import events

    damaged_with_backup(data)
    broken = data.read_bytes()
    app = cli.build_app(data, [])
    read = app._read_records

    async def slow_read() -> None:
        await asyncio.sleep(0.3)  # the keys come while the file is read
        await read()

    app._read_records = slow_read  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("j", "j", "enter", "n"):  # a held key, then keys meant for the guidance
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConfirmScreen) and app.is_running, "the question waits for its answer"
        assert data.read_bytes() == broken, "no backup restored unseen"
        await pilot.press("j")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert [entry.note for entry in app.store.logs()] == ["første"]


async def test_a_second_key_after_an_answer_does_not_answer_the_next_question(tmp_path: Path, make_app) -> None:
    from textual import events

    from relasjon_tui.records.drafts import DraftStore

    drafts = DraftStore(tmp_path / "utkast")
    drafts.save("logg", {}, {"note": "eldre utkast"}, NOW)
    drafts.save("mote", {}, {"title": "Teammøte"}, NOW, title="Møte")
    app = make_app(store=RecordStore(None), drafts=drafts)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()  # the question is on screen and takes keys
        first = app.screen
        app.post_message(events.Key("n", "n"))  # «no», twice in one read
        app.post_message(events.Key("n", "n"))
        await wait_for(pilot, lambda: app.screen is not first)
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConfirmScreen), "the next draft is asked about, not thrown away unseen"
        assert len(drafts.all()) == 1
    assert len(drafts.all()) == 1


async def test_a_tab_chosen_before_the_records_are_read_shows_no_records(tmp_path: Path) -> None:
    from relasjon_tui.ui.widgets.area_bar import AreaBar

    (tmp_path / "fil").write_text("ikke en mappe")
    app = cli.build_app(tmp_path / "fil" / "relasjon.json", [])  # a folder that cannot be used
    read = app._read_records

    async def not_yet() -> None:  # a click comes past the key gate, before the read
        pass

    app._read_records = not_yet  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        await screen._area_chosen(AreaBar.Chosen("saker"))
        await pilot.pause()
        assert app.is_running and screen.area == "tiltak", "nothing but the guidance until the records are read"
        assert app._store is None, "the click opened no file"
        await read()
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1 and app.stop_message is not None and "ikke en mappe" in app.stop_message


async def test_keys_typed_during_the_start_do_not_throw_away_a_draft_left_by_a_crash(tmp_path: Path, make_app) -> None:
    import asyncio

    from textual import events

    from relasjon_tui.records.drafts import DraftStore

    drafts = DraftStore(tmp_path / "utkast")
    drafts.save("logg", {}, {"note": "skrevet før krasjet"}, NOW)
    app = make_app(store=RecordStore(None), drafts=drafts)
    read = app._read_records

    async def slow_read() -> None:
        await asyncio.sleep(0.3)
        await read()

    app._read_records = slow_read  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        for key in "nn":  # «n» for a new log, held: «n» is also «nei» to the draft
            app.post_message(events.Key(key, key))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause(0.2)
        assert isinstance(app.screen, ConfirmScreen), "the draft's question waits for its answer"
        assert [draft.fields["note"] for draft in drafts.all()] == ["skrevet før krasjet"]


async def test_a_key_typed_while_saker_is_built_at_start_does_not_answer_the_draft_question(
    tmp_path: Path, make_app
) -> None:
    from textual import events

    from relasjon_tui.records.drafts import DraftStore

    drafts = DraftStore(tmp_path / "utkast")
    drafts.save("logg", {}, {"note": "skrevet før krasjet"}, NOW)
    store = RecordStore(None)
    store.add_case(Case("Sak", ("AB",), "Problem."))  # the start opens on Saker, built then
    app = make_app(store=store, drafts=drafts)
    screen = app.main_screen
    ensure = screen._ensure_area
    typed: list[str] = []

    async def ensure_while_typing(name: str) -> None:
        if name == "saker" and not typed:
            typed.append("n")
            app.post_message(events.Key("n", "n"))  # «n»: also «nei» to the question coming
        await ensure(name)

    screen._ensure_area = ensure_while_typing  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause(0.3)
        assert typed and isinstance(app.screen, ConfirmScreen), "the question waits for its answer"
        assert [draft.fields["note"] for draft in drafts.all()] == ["skrevet før krasjet"]
