"""Settings and private writes: 0600 files in 0700 folders, atomic, never through a symlink."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from relasjon_tui.fsutil import UnsafePathError, write_private_atomic
from relasjon_tui.settings import Settings, load_settings, save_settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_settings_round_trip_privately(tmp_path: Path) -> None:
    path = tmp_path / "ny" / "mappe" / "innstillinger.json"
    save_settings(path, Settings(theme="nord"))
    assert load_settings(path) == (Settings(theme="nord"), None)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert list(path.parent.iterdir()) == [path]  # no temp file left behind


def test_missing_settings_are_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "mangler.json") == (Settings(), None)


@pytest.mark.parametrize("content", [b"{ikke json", b"[1, 2]", b"\xff\xfe", b""])
def test_broken_settings_give_defaults_and_a_warning(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "innstillinger.json"
    path.write_bytes(content)
    settings, problem = load_settings(path)
    assert settings == Settings()
    assert problem and str(path) in problem
    assert path.read_bytes() == content


def test_planted_symlink_is_neither_followed_nor_replaced(tmp_path: Path) -> None:
    victim = tmp_path / "offer.txt"
    victim.write_text("urørt")
    link = tmp_path / "innstillinger.json"
    link.symlink_to(victim)
    with pytest.raises(UnsafePathError):
        write_private_atomic(link, b"{}")
    assert victim.read_text() == "urørt"
    assert link.is_symlink()
    settings, problem = load_settings(link)
    assert settings == Settings() and problem


def test_symlinked_directory_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "ekte"
    real.mkdir()
    (tmp_path / "lenke").symlink_to(real, target_is_directory=True)
    with pytest.raises(UnsafePathError):
        write_private_atomic(tmp_path / "lenke" / "fil.json", b"{}")
    assert list(real.iterdir()) == []


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "fil.json"
    write_private_atomic(path, b"gammel")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_private_atomic(path, b"ny")
    assert path.read_bytes() == b"gammel"
    assert [p.name for p in tmp_path.iterdir()] == ["fil.json"]


def test_evaluation_weeks_are_read_and_a_bad_value_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "innstillinger.json"
    path.write_text('{"theme": "nord", "evaluation_weeks": [3, 1, 3]}')
    assert load_settings(path) == (Settings(theme="nord", evaluation_weeks=(1, 3)), None)
    save_settings(path, load_settings(path)[0])  # kept when the theme is saved again
    assert load_settings(path)[0].evaluation_weeks == (1, 3)
    path.write_text('{"evaluation_weeks": ["en uke"]}')
    settings, problem = load_settings(path)
    assert settings.evaluation_weeks == (1, 2, 4) and "evaluation_weeks" in problem


def test_the_language_is_a_setting_and_a_bad_one_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "innstillinger.json"
    path.write_text('{"language": "nn"}', encoding="utf-8")
    assert load_settings(path) == (Settings(language="nn"), None)
    path.write_text('{"language": "sv"}', encoding="utf-8")
    settings, problem = load_settings(path)
    assert settings.language is None and problem is not None and "nb, nn, en" in problem


async def test_the_app_speaks_the_settings_language_unless_told_otherwise(make_app) -> None:
    from relasjon_tui import paths, strings

    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('{"language": "en"}', encoding="utf-8")
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert strings.current_language() == "en" and "Measures" in str(app.screen.query_one("#area-bar").render())
    app = make_app(lang="nn")  # --lang wins over the setting
    async with app.run_test() as pilot:
        await pilot.pause()
        assert strings.current_language() == "nn"


def test_the_command_line_reads_the_language_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from relasjon_tui import cli, paths

    monkeypatch.delenv(cli.ENV_LANG, raising=False)
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('{"language": "en"}', encoding="utf-8")
    assert cli._pick_language([]) == "en"
    assert cli._pick_language(["--lang", "nn"]) == "nn"
    monkeypatch.setenv(cli.ENV_LANG, "nb")
    assert cli._pick_language([]) == "nb"
