"""Writes src/relasjon_tui/content/content-cache.json: the parsed built-in guidance, shipped with
the package so that a first start needs no Markdown parser (see relasjon_tui/content/cache.py).
`tests/test_content_cache.py` fails when the guidance or its parser changed and this was not run.
Run: .venv/bin/python tools/content_cache.py
"""

from __future__ import annotations

from relasjon_tui import paths
from relasjon_tui.content.cache import SHIPPED, write_shipped

if __name__ == "__main__":
    write_shipped(paths.builtin_content_dir())
    print(f"wrote {SHIPPED}")
