"""Writes src/relasjon_tui/ui/stylesheet-cache.pickle: the rules of every stylesheet source the
app parses as it starts and shows its four areas, at 140×40 and 80×24, in Textual's default
theme; shipped with the package so that a start parses no CSS (see
relasjon_tui/ui/stylesheet_cache.py). `tests/test_stylesheet_cache.py` fails when a source
changed and this was not run.
Run: .venv/bin/python tools/stylesheet_cache.py
"""

from __future__ import annotations

import asyncio

SIZES = ((140, 40), (80, 24))


async def used_sources() -> tuple[set, dict[str, str]]:
    """Each source parsed while the app starts and shows each area (Tiltak, Refleksjon, Logg,
    Saker) at each size, and the theme's variables."""
    from textual.css.stylesheet import Stylesheet

    from relasjon_tui import paths
    from relasjon_tui.content.cache import load_library_cached
    from relasjon_tui.records.store import RecordStore
    from relasjon_tui.ui.app import RelasjonApp

    sources: set = set()
    parse_rules = Stylesheet._parse_rules

    def recorded(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):  # noqa: ANN001, ANN202
        sources.add((css, is_default_rules, tie_breaker, scope))
        return parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)

    Stylesheet._parse_rules = recorded  # type: ignore[method-assign]
    library = load_library_cached(paths.builtin_content_dir(), [], None)
    variables: dict[str, str] = {}
    for size in SIZES:
        app = RelasjonApp(library, store=RecordStore(None))  # no settings: the default theme
        async with app.run_test(size=size, tooltips=True, notifications=True) as pilot:  # as in a terminal
            await pilot.pause()
            for key in "2341":
                await pilot.press(key)
                await pilot.pause()
            variables = app.stylesheet._variables
    return sources, variables


def main() -> None:
    from relasjon_tui.ui.stylesheet_cache import SHIPPED, build_shipped

    count = build_shipped(*asyncio.run(used_sources()))
    print(f"wrote {SHIPPED}: {count} sources")


if __name__ == "__main__":
    main()
