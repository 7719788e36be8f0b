"""Provides KeyHints: the footer line of keys for where the user is, drawn as one widget.

Textual's Footer builds a widget per key and rebuilds them on every focus change; one line
of text is enough here, and it ends with «? alle taster» when the line is too short for all.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from relasjon_tui.strings import t
from relasjon_tui.ui.widgets.steady import SteadyFrame

HELP_ACTION = "help"

EVERYWHERE = frozenset(
    {"help", "palette", "quit", "blank", "search", "log.new", "area.tiltak", "area.refleksjon", "area.logg",
     "area.saker"}
)  # fmt: skip
"""Ids of the bindings that work on every screen that has them; every other binding belongs to where you are."""

TEXTUAL_TEXTS = {"dismiss": "key_menu_close"}
"""Textual's own bindings (they carry no id) by action: their texts come from the catalogue, never in English."""


def describe(binding: Binding) -> str:
    """A binding's text in the current language (empty: not to be shown).

    The app's own bindings carry a catalogue key as their description, translated here when
    shown rather than when the class is made, so the language can change after import.
    """
    if binding.id:
        return t(binding.description) if binding.description else ""
    key = TEXTUAL_TEXTS.get(binding.action)
    return t(key) if key else ""


def works_everywhere(binding: Binding) -> bool:
    """True for the keys that work wherever you are (the area keys, search, help, quit …)."""
    return binding.id in EVERYWHERE


class KeyHints(SteadyFrame):
    """Key hints of where the user is first, then help, then the keys that work everywhere.

    When the line is too short for all, it ends with «? alle taster» (the help lists them all).
    """

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
            description = describe(binding)
            if not binding.show or not description or not active.enabled:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            pair = (self.app.get_key_display(binding), description)
            if binding.action == HELP_ACTION:
                help_hint.append(pair)
            elif works_everywhere(binding):
                general.append(pair)
            else:
                local.append(pair)
        return local + help_hint + general

    @staticmethod
    def _piece(key: str, description: str) -> Content:
        return Content.assemble(
            (f" {key} ", "bold $footer-key-foreground"), (f"{description} ", "$footer-description-foreground")
        )

    def render(self) -> Content:
        width = self.size.width
        pieces = [self._piece(key, description) for key, description in self.hints()]
        if sum(piece.cell_length for piece in pieces) <= width:
            return Content("").join(pieces)
        # Not all fit: as many as do, then «? alle taster» (which stands in for «? Hjelp»).
        more = self._piece("?", t("key_all_keys"))
        help_text = f" ? {t('key_help')} "
        parts: list[Content] = []
        used = more.cell_length
        for piece in pieces:
            if piece.plain.startswith(help_text):
                continue
            if used + piece.cell_length > width:
                break
            parts.append(piece)
            used += piece.cell_length
        return Content("").join([*parts, more])
