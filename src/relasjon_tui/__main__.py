"""Provides `python -m relasjon_tui`."""

from relasjon_tui.cli import main

raise SystemExit(main())
