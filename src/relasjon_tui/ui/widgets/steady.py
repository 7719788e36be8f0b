"""Provides `SteadyScroll` and `SteadyList`: scrolling widgets whose own size never follows their
content, so new content repaints them in the frame it arrives in, without a layout pass of the
whole screen; and `MovingList`, an option list whose highlight repaints only what it moves
between. Both keep what they have rendered when shown again as they were (see also
kept_table.py), and a scroll view's bar (`KeptBar`) what it drew for each thumb.
`SteadyInput` is an Input whose keystrokes lay nothing out."""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from relasjon_tui.ui.display import draw_line


class SteadyFrame(Widget):
    """A widget whose look does not follow its virtual size (a container, a bar drawn to its
    own width): a new virtual size lays the screen out again, as Textual does, without
    painting the widget again.

    The first layout sets every widget's virtual size; each asked for a second layout and for
    itself to be painted in full again, although it looked the same: for the main screen at
    140×40, two more full paints (56 KB) right after the first frame. A widget whose own size
    changes is still painted (Textual marks it for that by its size).
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=True, repaint=False)


_BARS_KEPT = 64
"""Drawn bars a scroll view keeps: every document of the guidance at a size or two."""


class KeptBar(ScrollBar):
    """A scrollbar that keeps the lines it drew for each length, thumb and look, so that a bar
    shown again (a return to a measure) is not drawn again.

    Textual draws a bar through Rich and then line by line, for each new thumb: about 1 ms of
    each move to another measure at 140×40. The kept lines are those Textual drew, keyed by
    everything they are drawn from (the bar's size, the text's height, the window, the
    position, the colours, hover and grab, and the app's line filters).
    """

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._kept: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(_BARS_KEPT)

    def render_lines(self, crop: Region) -> list[Strip]:
        bar = self.render()
        if not isinstance(bar, ScrollBarRender):
            return super().render_lines(crop)
        key = (crop, self.size, self.visual_style, bar.virtual_size, bar.window_size, bar.position, bar.thickness,
               bar.vertical, bar.style, self.mouse_over, self.grabbed, tuple(self.get_line_filters()))  # fmt: skip
        lines = self._kept.get(key)
        if lines is None:
            lines = self._kept[key] = super().render_lines(crop)
        return lines


class SteadyInput(Input):
    """An Input sized by the stylesheet, whose every keystroke repaints it without a layout of
    the screen.

    Textual's Input sets its virtual size on every change of its value, which lays the whole
    screen out: 3.2 ms of each character typed into the quick log's form at 80×24 (the bare
    app's Input, alone on its screen, is laid out in a fraction of that). Its size does not
    follow its text (an Input of `width: auto` still asks for the layout itself). For the fields
    of forms: a filter whose every keystroke filters a long list stays a plain Input, whose
    layout request has the screen paint the typed character first (without it, the character
    waited for 10 000 logs to be filtered: 18–23 ms in a pty against 4–7).
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)


class SteadyScroll(ScrollView):
    """A scroll view sized by the stylesheet (`1fr`, a fixed width), never by what it shows.

    Textual lays out the whole screen whenever a widget's content height changes, because a
    widget of `height: auto` would change size. For these widgets only the scrollbar changes,
    and only while it neither appears nor goes: then the bar is told here, and the widget and
    its bar repaint with whatever else changed in the same frame. (A layout is posted as a
    message, after the frame that paints the key's other changes: one key, two or three
    frames.) When the bar has to appear or go, the screen is laid out as before.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
    """Nor a repaint: what changes the height repaints what it changes (an option list works its
    height out as it paints, and was painted in full again right after)."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical bar, one that keeps the lines it drew (`KeptBar`), made as Textual makes
        its own, on first use (`_vertical_scrollbar` and `_start_widget` are Textual's own, of
        the version constraints.txt pins)."""
        if self._vertical_scrollbar is None:
            bar = KeptBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def watch_virtual_size(self, virtual_size: Size) -> None:
        if not self.container_size:
            self.refresh(layout=True)  # not laid out yet: the layout sets the bars
            return
        # What Textual does for the bars on a resize (private; pinned): whether each shows (a
        # bar that comes or goes lays the screen out), its size and the position. Left to the
        # layout, a bar that was to go stayed, and one that was to come never did: the layout
        # sees no new size.
        self._scroll_update(virtual_size)


class KeptLines(OptionList):
    """An option list that keeps its rendered lines through a Resize that leaves its width.

    Textual sends a Resize to every widget it places or shows again (an area switched back to),
    even at the size it had, and OptionList then throws away every line it has rendered and
    repaints: a second frame after a switch, and after the first frame (17 KB at 140×40 for
    the measures list and the outline).
    """

    _lines_width: int | None = None
    """The width OptionList's line map (and so its rendered options) was built at."""

    def _update_lines(self) -> None:
        # OptionList builds its map (Textual pinned: `_line_cache`) from empty after each
        # clearing, at the width it then has, and renders its options at that width.
        if not self._line_cache.lines:
            self._lines_width = self.scrollable_content_region.width
        super()._update_lines()

    def on_resize(self, event: events.Resize) -> None:
        # Runs before OptionList's own handler (Textual dispatches along the MRO): at the width
        # the lines were built for, it stops it.
        if self._line_cache.lines and self.scrollable_content_region.width == self._lines_width:
            event.prevent_default()

    def _get_option_render(self, option: Option, style: VisualStyle) -> list[Strip]:
        # Drawn here: `Visual.to_strips` gives each segment a selection offset no option list
        # uses, eight times the time of the drawing itself (a measures list of 14 options, 1.7 ms
        # of the first frame). The lines are wrapped as it wraps them; options with a padding,
        # tabs or text styles other than Textual's defaults are left to OptionList.
        prompt = option.prompt
        padding = self.get_component_styles("option-list--option").padding
        rule = self.styles.get_rule  # as Visual.to_strips reads them, with its defaults
        if (
            padding
            or not isinstance(prompt, Content)
            or "\t" in prompt.plain
            or (
                rule("text_align", "left"),
                rule("text_overflow", "fold"),
                rule("text_wrap", "wrap"),
                rule("line_pad", 0),
            )
            != ("left", "fold", "wrap", 0)
        ):
            return super()._get_option_render(option, style)
        key = (option, style, padding)  # OptionList's own cache, as it keys it (Textual pinned)
        strips = self._option_render_cache.get(key)
        if strips is None:
            width = self.scrollable_content_region.width - self._get_left_gutter_width()
            if width <= 0:  # hidden
                return super()._get_option_render(option, style)
            meta = {"option": self._option_to_index[option]}
            lines = prompt.wrap(width) if prompt.cell_length > width or "\n" in prompt.plain else [prompt]
            strips = [draw_line(line, width, style, self._get_style).apply_meta(meta) for line in lines]
            if option._divider:
                separator = self.get_visual_style("option-list--separator").rich_style
                strips.append(Strip([Segment("─" * width, separator)], width))
            self._option_render_cache[key] = strips
        return strips


class SteadyList(KeptLines, SteadyScroll):
    """An option list sized by the stylesheet, often taller than its options.

    The lines below the last option are one blank line, drawn once a frame: OptionList works out
    the option style for each (0.15 ms a line, 5 ms for an outline of five sections at 140×40).
    """

    _blank: Strip | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._blank = None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        # OptionList's own line map (Textual pinned), brought up to date by `render_lines`: its
        # `_lines` brings it up to date again at each call, a third of the time of a line.
        if self.scroll_offset.y + y < len(self._line_cache.lines):
            return super().render_line(y)
        if self._blank is None:
            self._blank = super().render_line(y)
        return self._blank


class MovingList(KeptLines):
    """An option list whose highlight, moved, repaints the two options it leaves and reaches.

    OptionList's highlight repaints the whole list: a screenful of lines (19 KB at 140×40 for
    the cases overview) for every `j`. When the move scrolls the list, the scroll repaints it.
    """

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def _watch_highlighted(self, old: int | None, new: int | None) -> None:
        # Textual calls this beside the list's own watcher. `_lines` (which option each line
        # shows) is the list's own, of the Textual version constraints.txt pins.
        for y, (index, _offset) in enumerate(self._lines):
            if index in (old, new):
                self.refresh_lines(y)
