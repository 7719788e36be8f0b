"""The `relasjon` command: version, language, content folders; Textual only when the app starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relasjon_tui import __version__, paths
from relasjon_tui.cli import main


def test_version_names_app_and_textual(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"relasjon-tui {__version__} (Textual 8.")


def test_version_does_not_import_textual() -> None:
    code = "import sys; from relasjon_tui.cli import main; main(['--version']); print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_module_entry_point(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "relasjon_tui", "--version"], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert "relasjon-tui" in result.stdout


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "sv"])
    assert exit_info.value.code == 2
    assert "--lang" in capsys.readouterr().err


def test_help_is_in_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        with pytest.raises(SystemExit):
            main(["--lang", "en", "--help"])
        assert "interface language" in capsys.readouterr().out
    finally:
        from relasjon_tui.strings import set_language

        set_language("nb")


async def test_app_starts_in_english_with_local_content(tmp_path: Path) -> None:
    """English chosen after every module is imported: English labels, and a broken local file reported in English."""
    from relasjon_tui.content.loader import load_library
    from relasjon_tui.ui.app import RelasjonApp

    local = tmp_path / "lokalt"
    local.mkdir()
    (local / "x.md").write_text("ikke gyldig\n", encoding="utf-8")
    app = RelasjonApp(load_library(paths.builtin_content_dir(), paths.local_content_dirs([str(local)])), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # the title gives way at 80 columns
        assert " ".join(str(app.screen.query_one("#area-bar").render()).split()) == "1 Measures 2 Reflection 3 Log 4 Cases"
        assert len(app.library.errors) == 1
        assert [n.title for n in app._notifications] == ["Some content files were not read"]


async def test_the_app_as_started_caches_the_guidance_and_turns_the_collector_back_on(tmp_path: Path) -> None:
    import gc

    from relasjon_tui import paths
    from relasjon_tui.cli import build_app

    try:
        app = build_app(tmp_path / "data" / "relasjon.json", [])
        assert not gc.isenabled()  # paused while the first screen is built
        assert not paths.content_cache_file().exists()  # written once the first screen is up
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert app.library.document("elevgrupper") is not None
            await pilot.pause(1.2)
            assert paths.content_cache_file().exists()
        # The second start reads the cache and gives the same guidance.
        again = build_app(tmp_path / "data" / "relasjon.json", [])
        assert again.library.documents == app.library.documents
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("lang", "missing", "not_a_number"),
    [
        ("nb", "relasjon logg: feil: disse må være med: --tiltak", "ugyldig verdi: 'tre' (skal være et heltall)"),
        ("nn", "relasjon logg: feil: desse må vere med: --tiltak", "ugyldig verdi: 'tre' (skal vere eit heltal)"),
        ("en", "relasjon logg: error: the following arguments are required: --tiltak", "invalid int value: 'tre'"),
    ],
)
def test_a_mistyped_command_is_explained_in_the_users_language(lang, missing, not_a_number, capsys) -> None:
    for argv, expected in ((["logg", "--elev", "AB"], missing),
                           (["logg", "--elev", "AB", "--tiltak", "x", "--minutter", "tre"], not_a_number)):  # fmt: skip
        with pytest.raises(SystemExit) as stopped:
            main(["--lang", lang, *argv])
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert expected in err and err.startswith("usage: " if lang == "en" else "bruk: ")
