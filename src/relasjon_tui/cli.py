"""Provides the `relasjon` command line. It imports Textual only when it starts the app."""

from __future__ import annotations

import argparse
import os
import sys
from importlib.metadata import PackageNotFoundError, version

from relasjon_tui import __version__, paths
from relasjon_tui.strings import LANGUAGES, set_language, t

ENV_LANG = "RELASJON_LANG"


def _pick_language(argv: list[str]) -> str:
    """The UI language, decided before the parser is built so its help text is translated."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get(ENV_LANG, "nb")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="relasjon", description=t("cli_description"))
    parser.add_argument("--version", action="store_true", help=t("cli_version_help"))
    parser.add_argument("--content", action="append", metavar="MAPPE", help=t("cli_content_help"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli_lang_help"))
    return parser


def version_text() -> str:
    try:
        textual_version = version("textual")
    except PackageNotFoundError:
        textual_version = "?"
    return f"relasjon-tui {__version__} (Textual {textual_version})"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    language = _pick_language(argv)
    set_language(language if language in LANGUAGES else "nb")
    args = build_parser().parse_args(argv)
    if args.version:
        print(version_text())
        return 0

    from relasjon_tui.content.loader import load_library

    try:
        builtin = paths.builtin_content_dir()
    except FileNotFoundError as error:
        print(t("cli_no_content", error=error), file=sys.stderr)
        return 1
    library = load_library(builtin, paths.local_content_dirs(args.content))

    from relasjon_tui.ui.app import RelasjonApp

    app = RelasjonApp(library, settings_path=paths.settings_file())
    try:
        app.run()
    except KeyboardInterrupt:
        print(t("cli_interrupted"), file=sys.stderr)
        return 130
    return app.return_code or 0
