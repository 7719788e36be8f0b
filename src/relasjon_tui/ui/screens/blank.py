"""Provides the blank screen: one key hides everything but the app's name, any key brings it back."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal_line
from relasjon_tui.ui.keys import quiet_focus


class BlankScreen(Screen[None]):
    """For when a pupil walks up to the screen. Opaque: nothing behind it shows."""

    focused: Reactive[Widget | None] = quiet_focus()

    def compose(self) -> ComposeResult:
        yield Static(literal_line(t("app_title"), "bold"), id="blank-name")

    def on_key(self, event: events.Key) -> None:
        # Whatever key it is, it only brings the screen back; it does nothing else.
        event.stop()
        event.prevent_default()
        self.dismiss(None)
