"""Started as a child process by benchmarks/run.py: run one app headless until it is usable, then exit.

`app`: relasjon-tui until the list is there and the first measure's text is laid out.
`bare`: a Textual app showing one Label, until its first screen is up.
"""

from __future__ import annotations

import sys

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
        pilot.app.exit()

    Bare().run(headless=True, size=SIZE, auto_pilot=pilot)


def run_app() -> None:
    from relasjon_tui import paths
    from relasjon_tui.content.loader import load_library
    from relasjon_tui.ui.app import RelasjonApp
    from relasjon_tui.ui.widgets.blocks_view import BlocksView

    async def pilot(pilot) -> None:
        app = pilot.app
        while True:
            await pilot.pause()
            parts = app.screen.query(BlocksView)
            if parts and parts.first().size.height > 0:
                break
        app.exit()

    # As `relasjon` starts it: a data file (empty here), drafts beside it, and settings.
    from relasjon_tui.records.drafts import DraftStore
    from relasjon_tui.records.store import RecordStore

    data = paths.data_file()
    store = RecordStore(data)
    store.check_readable()
    library = load_library(paths.builtin_content_dir())
    app = RelasjonApp(
        library, store=store, drafts=DraftStore(paths.draft_file(data)), settings_path=paths.settings_file()
    )
    app.run(headless=True, size=SIZE, auto_pilot=pilot)


if __name__ == "__main__":
    {"bare": run_bare, "app": run_app}[sys.argv[1]]()
