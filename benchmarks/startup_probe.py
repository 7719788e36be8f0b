"""Started as a child process by benchmarks/run.py: run one app headless until it is usable, then exit.

`app`: relasjon-tui until the list is there and the reader shows the first measure.
`bare`: a Textual app showing one Label, until its first screen is up.
`prime`: only write the content cache (not timed).

At that moment the probe prints the wall-clock time, so the parent measures from the moment
it started the process to the first usable screen; the time the interpreter then takes to
tear itself down is not start-up.
"""

from __future__ import annotations

import sys
import time


def _usable() -> None:
    print(f"usable {time.time():.6f}", flush=True)


# Wide enough for list and text side by side; both apps run at the same size.
SIZE = (140, 40)


def run_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Hei")

    async def pilot(pilot) -> None:
        await pilot.pause()
        _usable()
        pilot.app.exit()

    Bare().run(headless=True, size=SIZE, auto_pilot=pilot)


def run_app() -> None:
    from relasjon_tui import paths
    from relasjon_tui.cli import build_app

    async def pilot(pilot) -> None:
        app = pilot.app
        while True:
            await pilot.pause()
            readers = app.screen.query("#reader")
            if readers and readers.first().size.height > 0 and readers.first().document is not None:
                break
        _usable()
        app.exit()

    # As `relasjon` starts it: a data file (empty here), drafts beside it, and settings.
    app = build_app(paths.data_file(), [])
    app.run(headless=True, size=SIZE, auto_pilot=pilot)


def prime_cache() -> None:
    """Write the content cache as a first start does a second after its first screen."""
    from relasjon_tui import paths
    from relasjon_tui.content.cache import load_library_cached

    load_library_cached(paths.builtin_content_dir(), [], paths.content_cache_file())


if __name__ == "__main__":
    {"bare": run_bare, "app": run_app, "prime": prime_cache}[sys.argv[1]]()
