"""Provides the area bar: the areas as tabs on one line, the app's name at the right."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive

from relasjon_tui.strings import t
from relasjon_tui.ui.areas import AREAS
from relasjon_tui.ui.widgets.steady import SteadyFrame

_ACTIVE = "bold $block-cursor-foreground on $block-cursor-background"


class AreaBar(SteadyFrame):
    """Shows which area is active; a click on a tab asks for that area."""

    active: reactive[str] = reactive(AREAS[0].name)
    """The area on show, bound from the main screen."""

    @dataclass
    class Chosen(Message):
        """A tab was clicked."""

        area: str

    def _tabs(self) -> list[tuple[str, str]]:
        return [(a.name, f" {t('tab_label', number=a.key, area=t(f'area_{a.name}'))} ") for a in AREAS]

    def render(self) -> Content:
        parts: list[Content] = []
        for area, label in self._tabs():
            style = _ACTIVE if area == self.active else "$text-muted"
            parts.append(Content.styled(label, style))
            parts.append(Content(" "))
        tabs = Content("").join(parts)
        title = Content.styled(f"{t('app_title')} – {t('app_subtitle')} ", "$text-secondary")
        room = self.size.width - tabs.cell_length - title.cell_length
        if room < 1:
            return tabs
        return tabs + Content(" " * room) + title

    def on_click(self, event: events.Click) -> None:
        x = 0
        for area, label in self._tabs():
            if x <= event.x < x + len(label):
                self.post_message(self.Chosen(area))
                return
            x += len(label) + 1
