"""Start the installed app headless, from outside the checkout, and check what a user would see."""

from __future__ import annotations

import asyncio
import pickle
import sys
import sysconfig
import tempfile
from pathlib import Path

from relasjon_tui import paths
from relasjon_tui.content.cache import open_library
from relasjon_tui.content.loader import load_library
from relasjon_tui.ui import stylesheet_cache
from relasjon_tui.ui.app import RelasjonApp

site = Path(sysconfig.get_paths()["purelib"]).resolve()
for resource in (paths.builtin_content_dir(), paths.stylesheet(), stylesheet_cache.SHIPPED):
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
        # The wheel's parsed stylesheet, where this is the Textual it was parsed by (pip may
        # have installed another here: then it is parsed, as the document list shows it was).
        built_by = pickle.loads(stylesheet_cache.SHIPPED.read_bytes())["textual"]
        served = app.stylesheet.served
        if stylesheet_cache.textual_version() == built_by and served < 10:
            sys.exit(f"the wheel's parsed stylesheet was not used ({served} sources)")
    print(f"installed app OK: {len(library.measures)} measures, stylesheet {paths.stylesheet()}, {served} sources parsed ahead")


asyncio.run(main())
