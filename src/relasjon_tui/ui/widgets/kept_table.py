"""Provides `KeptTable`: a data table that keeps its rendered cells when shown again as it was.

Apart from steady.py: DataTable's module is 10 ms to import, and the first screen has no table."""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable


class KeptTable(DataTable):
    """A data table that keeps its rendered cells when its area is shown again.

    Shown (the first time, or switched back to), a table is given a Resize and focus. DataTable
    counts every Resize as an update, and clears its caches on the style change focus brings,
    so every visible cell is rendered anew (175 cells, 60–80 ms for the Logg area at 140×40).
    The caches are keyed by that count and by the table's focus and hover (pseudo-class)
    state. What is drawn changes with the columns' widths, the table's width (the rows are
    filled out to it) or a new theme, not with a Resize at the same size: the count goes up
    when a width has changed since the last render (set while the table was hidden too),
    never for the Resize itself.
    """

    _rendered_widths: tuple[int, ...] | None = None
    _rendered_theme: tuple[str, bool | None] | None = None

    def _on_resize(self, event: events.Resize) -> None:
        event.prevent_default()  # before DataTable's own handler, which it stops: the count stays

    def render_lines(self, crop: Region) -> list[Strip]:
        widths = (self.size.width, *(column.get_render_width(self) for column in self.ordered_columns))
        if widths != self._rendered_widths:
            if self._rendered_widths is not None:
                self._update_count += 1
            self._rendered_widths = widths
        return super().render_lines(crop)

    def notify_style_update(self) -> None:
        theme = (self.app.theme, self.app.ansi_color)
        if theme != self._rendered_theme:
            self._rendered_theme = theme
            super().notify_style_update()
            return
        # DataTable's own, less the caches keyed by that state (Textual pinned): the widget's
        # styled lines, and the cell styles (`:focus` rules change them; cached by flags alone).
        super(DataTable, self).notify_style_update()
        self._styles_cache.clear()
        self._get_styles_to_render_cell.cache_clear()
        self.refresh()
