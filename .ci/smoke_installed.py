"""Start the installed app headless, from outside the checkout, and check what a user would see."""

from __future__ import annotations

import asyncio
import sys
import sysconfig
import tempfile
from pathlib import Path

from relasjon_tui import paths
from relasjon_tui.content.cache import open_library
from relasjon_tui.content.loader import load_library
from relasjon_tui.ui.app import RelasjonApp

site = Path(sysconfig.get_paths()["purelib"]).resolve()
for resource in (paths.builtin_content_dir(), paths.stylesheet()):
    if site not in resource.resolve().parents:
        sys.exit(f"{resource} is not inside the installed package ({site})")

# The first start after an install: the wheel's own cache of the guidance, no Markdown parser.
with tempfile.TemporaryDirectory() as folder:
    first, _ = open_library(paths.builtin_content_dir(), [], Path(folder) / "innhold.json")
if "markdown_it" in sys.modules or len(first.documents) < 11:
    sys.exit("the wheel's content cache was not used on a first start")


async def main() -> None:
    library = load_library(paths.builtin_content_dir())
    assert not library.errors, library.errors
    assert len(library.measures) == 6 and len(library.questions) == 37
    app = RelasjonApp(library, settings_path=paths.settings_file())
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.2)
        document_list = app.screen.query_one("#document-list")
        # 34 columns comes from styles/app.tcss: proof that the stylesheet was found and applied.
        assert document_list.outer_size.width == 34, document_list.outer_size
        reader = app.screen.query_one("#reader")
        assert reader.document.id == "klasseledelse"
        assert reader.display and reader.size.height > 10
    print(f"installed app OK: {len(library.measures)} measures, stylesheet {paths.stylesheet()}")


asyncio.run(main())
