"""Provides the Logg area. Until the records store lands it says what is coming."""

from __future__ import annotations

from textual.widgets import Static

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal


class LogPane(Static):
    """A clear placeholder for the session log."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(literal(t("log_coming"), "italic"), id=id)
