"""Provides KeyHints: the footer line of keys for where the user is, drawn as one widget.

Textual's Footer builds a widget per key and rebuilds them on every focus change; one line
of text is enough here, and it keeps «? Hjelp» visible when the line is too short for all.
"""

from __future__ import annotations

from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

HELP_ACTION = "help"


class KeyHints(Widget):
    """Key hints of the focused widget first, then of the screen and the app."""

    DEFAULT_CSS = """
    KeyHints {
        height: 1;
        dock: bottom;
        background: $footer-background;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def hints(self) -> list[tuple[str, str]]:
        """(key, description) pairs to show, most specific first, help always included."""
        local: list[tuple[str, str]] = []
        general: list[tuple[str, str]] = []
        help_hint: list[tuple[str, str]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or not active.enabled:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            pair = (self.app.get_key_display(binding), binding.description)
            if binding.action == HELP_ACTION:
                help_hint.append(pair)
            elif isinstance(active.node, (App, Screen)):
                general.append(pair)
            else:
                local.append(pair)
        return local + help_hint + general

    def render(self) -> Content:
        width = self.size.width
        parts: list[Content] = []
        used = 0
        for key, description in self.hints():
            piece = Content.assemble(
                (f" {key} ", "bold $footer-key-foreground"), (f"{description} ", "$footer-description-foreground")
            )
            if used + piece.cell_length > width:
                break
            parts.append(piece)
            used += piece.cell_length
        return Content("").join(parts)
