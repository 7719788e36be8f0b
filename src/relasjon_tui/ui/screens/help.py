"""Provides the help dialog: the keys of the area in focus, then the keys that work everywhere."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal_line
from relasjon_tui.ui.keys import quiet_focus
from relasjon_tui.ui.widgets.key_hints import describe, works_everywhere

Rows = list[tuple[str, str]]


def describe_bindings(app: App, bindings: dict[str, ActiveBinding]) -> tuple[Rows, Rows]:
    """Split active bindings into (where you are, everywhere) rows of (keys, description)."""
    local: dict[str, list[str]] = {}
    everywhere: dict[str, list[str]] = {}
    for active in bindings.values():
        binding = active.binding
        description = describe(binding)  # Textual's own, translated; unknown ones would show in English
        if not description or not active.enabled:
            continue
        target = everywhere if works_everywhere(binding) else local
        target.setdefault(description, []).append(app.get_key_display(binding))

    def rows(group: dict[str, list[str]]) -> Rows:
        return [(" / ".join(dict.fromkeys(keys)), description) for description, keys in group.items()]

    return rows(local), rows(everywhere) + [(t(f"help_nav_keys_{n}"), t(f"help_nav_text_{n}")) for n in range(1, 5)]


class HelpScreen(ModalScreen[None]):
    """Lists keys; Esc, ? or F1 closes."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "dismiss", "key_close", id="help.close"),
    ]

    def __init__(self, area: str, local: list[tuple[str, str]], everywhere: list[tuple[str, str]]) -> None:
        super().__init__()
        self.area = area
        self.local = local
        self.everywhere = everywhere

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = t("help_title")
            # In the border: seen at 80×24 too, where the list scrolls and its end is below.
            dialog.border_subtitle = t("help_close_hint")
            yield Static(self._table(f"{t('help_focused')}: {self.area}", self.local))
            yield Static(self._table(t("help_everywhere"), self.everywhere))

    @staticmethod
    def _table(title: str, rows: list[tuple[str, str]]) -> Content:
        width = max((len(keys) for keys, _ in rows), default=0) + 2
        lines = [literal_line(title, "bold $text-accent")]
        lines.extend(join([literal_line(keys.ljust(width), "bold"), literal_line(text)]) for keys, text in rows)
        return join(lines, "\n") + Content("\n")
