"""Shared fixtures: the built-in library, private temp folders, a store and drafts, a frozen clock, an app factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relasjon_tui import paths, strings
from relasjon_tui.content.loader import load_library
from relasjon_tui.content.model import Library
from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.store import RecordStore

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's settings, cache or drafts."""
    config = tmp_path / "config"
    monkeypatch.setenv(paths.ENV_CONFIG_DIR, str(config))
    monkeypatch.setenv(paths.ENV_CACHE_DIR, str(tmp_path / "cache"))
    monkeypatch.setenv(paths.ENV_STATE_DIR, str(tmp_path / "state"))
    monkeypatch.delenv(paths.ENV_CONTENT, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return config


@pytest.fixture(autouse=True)
def _bokmal_after_each_test() -> Iterator[None]:
    """A test may run the app in another language; the next one starts in bokmål again."""
    yield
    strings.set_language("nb")


@pytest.fixture
def frozen_clock() -> Iterator[datetime]:
    """Every `local_now()` in the app is Wednesday 2 December 2026, 10:15 in Oslo, for the test."""
    from relasjon_tui.records import when

    moment = datetime(2026, 12, 2, 10, 15, tzinfo=ZoneInfo("Europe/Oslo"))
    when.freeze_clock(moment)
    try:
        yield moment
    finally:
        when.freeze_clock(None)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Input's and TextArea's cursor stays on: no timer repaints the screen twice a second
    while a test waits, and a screenshot never depends on where the blink was."""
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        mount = widget._on_mount

        def steady(self, event, _mount=mount) -> None:  # type: ignore[no-untyped-def]
            self.cursor_blink = False
            _mount(self, event)

        monkeypatch.setattr(widget, "_on_mount", steady)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    """A store on a private data file in the test's temp dir."""
    store = RecordStore(tmp_path / "data" / "relasjon.json")
    yield store
    store.close()


@pytest.fixture(params=["memory", "file"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordStore]:
    """The store in memory and on a file: tests of the store itself run on both."""
    store = RecordStore(None if request.param == "memory" else tmp_path / "data" / "relasjon.json")
    yield store
    store.close()


@pytest.fixture
def drafts(tmp_path: Path) -> DraftStore:
    """The forms' drafts, in the test's temp dir."""
    return DraftStore(tmp_path / "utkast")


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(paths.builtin_content_dir())


@pytest.fixture
def make_app(library: Library) -> Callable[..., object]:
    """Build the app on a given library (the built-in one by default), with settings in the temp dir."""
    from relasjon_tui.ui.app import RelasjonApp

    def factory(lib: Library | None = None, *, store=None, drafts=None, lang: str | None = None) -> RelasjonApp:
        return RelasjonApp(lib or library, store=store, drafts=drafts, settings_path=paths.settings_file(), lang=lang)

    return factory
