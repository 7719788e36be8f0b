"""Shared fixtures: the built-in library, private temp folders, a store and drafts, a frozen clock, an app factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relasjon_tui import paths
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


@pytest.fixture
def store(tmp_path: Path) -> RecordStore:
    """A store on a private data file in the test's temp dir (tests of the store itself use both kinds)."""
    return RecordStore(tmp_path / "data" / "relasjon.json")


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

    def factory(lib: Library | None = None, *, store=None, drafts=None) -> RelasjonApp:
        return RelasjonApp(lib or library, store=store, drafts=drafts, settings_path=paths.settings_file())

    return factory
