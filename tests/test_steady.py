"""A move to another measure is one frame: the text follows the list within the key's own
handling, and a new text height asks for no layout of the screen unless a scrollbar comes or goes."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from rich.color import ColorSystem
from textual.app import App, ComposeResult
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import OptionList

from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore
from relasjon_tui.records.when import local_now
from relasjon_tui.ui.display import draw_line
from relasjon_tui.ui.widgets.document_list import DocumentList
from relasjon_tui.ui.widgets.guidance import DocumentReader, Outline
from relasjon_tui.ui.widgets.steady import KeptBar, KeptLines, MovingList, SteadyScroll

WIDE = (140, 40)


def _logs(count: int, note: str = "") -> RecordStore:
    """A store of `count` logs of AB, an hour apart back from now, «økt n» and `note` each."""
    now = local_now()
    store = RecordStore(None)
    for n in range(count):
        start = now - timedelta(hours=n)
        store.add_log(SessionLog("AB", "forbedre-relasjon", start, 15, note=f"økt {n}{note}", created=start))
    return store


class _Lines(SteadyScroll):
    DEFAULT_CSS = "_Lines { height: 10; }"

    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width)


class _OneView(App[None]):
    def compose(self) -> ComposeResult:
        yield _Lines()


async def test_a_new_height_repaints_without_a_layout_while_the_bar_stays() -> None:
    app = _OneView()
    async with app.run_test(size=(40, 20)) as pilot:
        view = app.query_one(_Lines)
        view.virtual_size = Size(30, 5)
        await pilot.pause()
        assert not view.show_vertical_scrollbar

        view.virtual_size = Size(30, 100)  # the bar appears: that is a layout
        assert view._layout_required
        await pilot.pause()
        assert view.show_vertical_scrollbar

        view.virtual_size = Size(30, 250)  # the bar stays: only the bar repaints (what changed
        assert not view._layout_required  # the height repaints what it changed)
        assert view.vertical_scrollbar._repaint_required and not view._repaint_required
        assert view.vertical_scrollbar.window_virtual_size == 250
        view.scroll_to(y=200, animate=False, immediate=True)
        view.virtual_size = Size(30, 50)  # shorter: the position is brought back within it
        assert not view._layout_required
        assert view.scroll_y == 50 - view.scrollable_content_region.height

        view.virtual_size = Size(30, 3)  # the bar goes: a layout again
        assert view._layout_required
        await pilot.pause()
        assert not view.show_vertical_scrollbar


async def test_the_text_follows_the_list_in_the_same_handling(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        documents = app.screen.query_one(DocumentList)
        reader = app.screen.query_one(DocumentReader)
        outline = app.screen.query_one(Outline)
        before = reader.document
        documents.action_cursor_down()  # no await: nothing may wait for a message in between
        assert reader.document is not None and reader.document is not before
        assert reader.document.id == documents.get_option_at_index(documents.highlighted).id
        assert outline.option_count == len(reader.document.sections)
        assert not reader._layout_required and not outline._layout_required
        await pilot.pause()
        assert reader.vertical_scrollbar.window_virtual_size == len(reader.page().lines)


async def test_another_measure_repaints_the_text_and_the_sections_not_their_borders(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        documents = app.screen.query_one(DocumentList)
        reader = app.screen.query_one(DocumentReader)
        outline = app.screen.query_one(Outline)
        for _ in range(3):  # to documents of other heights, with other sections
            sections_before = len(outline._line_cache.lines)
            documents.action_cursor_down()
            for widget in (reader, outline):
                inside = widget.content_region.translate(-widget.region.offset)  # within the border
                assert widget._repaint_regions, "repainted"
                assert all(inside.contains_region(region) for region in widget._repaint_regions), widget.id
            # The outline's blank lines below the sections of both documents are left as they are.
            rows = max(sections_before, len(outline._line_cache.lines))
            assert rows < outline.content_size.height
            assert max(region.bottom for region in outline._repaint_regions) <= inside.y + rows
            await pilot.pause()
            assert outline.border_title == "Innhold"
            assert outline.option_count == len(reader.document.sections)


def _strip_cells(strip: Strip) -> list[tuple[str, object, object, bool, bool, bool, bool, bool, object]]:
    """Each cell of a line as a terminal shows it: character, colours and attributes."""
    cells = []
    for segment in strip:
        style = segment.style
        look = (style.color, style.bgcolor, bool(style.bold), bool(style.italic), bool(style.dim),
                bool(style.underline), bool(style.reverse), style.link) if style else (None,) * 8  # fmt: skip
        cells += [(char, *look) for char in segment.text]
    return cells


@pytest.mark.parametrize("size", [(80, 24), WIDE, (200, 50)])
async def test_the_reader_draws_each_line_as_textual_draws_it(make_app, size: tuple[int, int]) -> None:
    # The reader draws its (wrapped) lines itself, not through `Visual.to_strips`; in every
    # theme and document, a terminal shows the same cells either way.
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(DocumentReader)
        if not reader.line_width:  # at 80 columns the list comes first
            await pilot.press("enter")
            await pilot.pause()
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            style, width = reader.visual_style, reader.line_width
            for document in app.library.documents:
                for line in reader._page(document, app.library.blocks(document), width).lines:
                    drawn = draw_line(line, width, style, reader._get_style)
                    textual = Visual.to_strips(reader, line, width, 1, style, pad=True)[0]
                    assert drawn.cell_length == width
                    assert _strip_cells(drawn) == _strip_cells(textual), (document.id, line.plain)


async def test_the_option_lists_draw_each_option_as_textual_draws_it(make_app, monkeypatch) -> None:
    # The lists draw a one-line option that fits themselves, not through `Visual.to_strips`.
    from relasjon_tui.records.demo import fill_demo

    wrapped = []
    to_strips = Visual.to_strips.__func__  # type: ignore[attr-defined]

    def counted(cls, *args, **kwargs):  # noqa: ANN001, ANN202
        wrapped.append(1)
        return to_strips(cls, *args, **kwargs)

    monkeypatch.setattr(Visual, "to_strips", classmethod(counted))

    store = RecordStore(None)
    fill_demo(store, local_now())
    app = make_app(store=store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        drawn = direct = 0
        seen = set()
        for theme, area in itertools.product(("textual-dark", "textual-light"), "1234"):
            app.theme = theme
            await pilot.press(area)
            await pilot.pause()
            for option_list in app.screen.query(KeptLines):
                if not option_list.scrollable_content_region.width:  # in an area not shown
                    continue
                seen.add(type(option_list).__name__)
                styles = [option_list.get_visual_style("option-list--option", *extra) for extra in
                          ((), ("option-list--option-highlighted",), ("option-list--option-disabled",))]  # fmt: skip
                for option, style in itertools.product(option_list.options, styles):
                    option_list._option_render_cache.clear()
                    before = len(wrapped)
                    ours = KeptLines._get_option_render(option_list, option, style)
                    direct += len(wrapped) == before
                    option_list._option_render_cache.clear()
                    textual = OptionList._get_option_render(option_list, option, style)
                    assert [_strip_cells(strip) for strip in ours] == [_strip_cells(strip) for strip in textual]
                    # A click finds the option by its meta (the selection offsets are not used).
                    picked = [[(segment.style.meta.get("option") if segment.style else None)
                               for segment in strip] for strip in ours]  # fmt: skip
                    assert picked == [[(segment.style.meta.get("option") if segment.style else None)
                                       for segment in strip] for strip in textual]  # fmt: skip
                    drawn += 1
        assert seen >= {"DocumentList", "Outline", "QuestionList", "CaseList"}
        assert drawn > 300 and direct == drawn  # every option of these lists is drawn directly


async def test_the_documents_are_laid_out_ahead_after_start_and_after_a_new_width(make_app) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(DocumentReader)
        documents = app.library.documents
        first_shown = {(documents[0].id, reader.line_width)}
        assert set(reader._pages) == first_shown  # nothing ahead before the first screen
        for _ in range(60):
            await pilot.pause(0.05)
            if len(reader._pages) == len(documents):
                break
        width = reader.line_width
        assert set(reader._pages) == {(document.id, width) for document in documents}
        for document in documents:  # the lines each shows first are drawn
            drawn = reader._strips[(document.id, width, reader.visual_style)]
            shown = min(reader.scrollable_content_region.height, len(reader._pages[(document.id, width)].lines))
            assert set(range(shown)) <= set(drawn)
        # A first visit to a measure draws nothing anew; a return draws no section anew either.
        document_list = app.screen.query_one(DocumentList)
        outline = app.screen.query_one(Outline)
        document_list.action_cursor_down()
        before = {key: dict(lines) for key, lines in reader._strips.items()}
        await pilot.pause()
        assert {key: dict(lines) for key, lines in reader._strips.items()} == before
        document_list.action_cursor_up()
        await pilot.pause()
        drawn = {key: outline._renders.get(key) for key in list(outline._renders.keys())}
        document_list.action_cursor_down()
        await pilot.pause()
        document_list.action_cursor_up()
        await pilot.pause()
        assert drawn and all(outline._renders.get(key) is strips for key, strips in drawn.items())
        await pilot.resize_terminal(160, 40)
        for _ in range(60):
            await pilot.pause(0.05)
            if all((document.id, reader.line_width) in reader._pages for document in documents):
                break
        assert reader.line_width != width
        assert all((document.id, reader.line_width) in reader._pages for document in documents)


class _Many(App[None]):
    def compose(self) -> ComposeResult:
        yield MovingList(*(f"valg {n}" for n in range(30)))


async def test_a_moved_highlight_repaints_only_the_two_options_it_moves_between() -> None:
    app = _Many()
    async with app.run_test(size=(40, 10)) as pilot:
        options = app.query_one(MovingList)
        options.focus()
        options.highlighted = 2
        await pilot.pause()
        asked: list[tuple[Region, ...]] = []
        original = options.refresh

        def refresh(*regions: Region, **kwargs: bool) -> MovingList:
            asked.append(regions)
            return original(*regions, **kwargs)

        options.refresh = refresh  # type: ignore[method-assign]
        options.action_cursor_down()
        assert asked and all(regions for regions in asked), "the whole list was repainted"
        lines = {region.y for regions in asked for region in regions}
        assert lines == {2, 3}
        await pilot.pause()
        assert options.highlighted == 3

        options.highlighted = 25  # below the screen: the list scrolls there and shows it
        await pilot.pause()
        assert options.scroll_y > 0
        assert options.scroll_y <= 25 < options.scroll_y + options.scrollable_content_region.height


async def test_the_main_screen_is_the_only_screen_and_has_its_width_class_from_the_start(make_app) -> None:
    for size, width_class in ((WIDE, "-wide"), ((80, 24), "-narrow")):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert app.screen_stack == [app.main_screen]
            assert app.main_screen.has_class(width_class)


async def test_an_area_shown_again_renders_nothing_anew_yet_follows_focus_and_theme(make_app) -> None:
    from textual.widgets import OptionList

    from relasjon_tui.ui.widgets.log_pane import LogTable

    app = make_app(store=_logs(60))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        for area in ("logg", "tiltak"):
            await screen.action_area(area)
            await pilot.pause()
        table = screen.query_one(LogTable)
        cells: list[tuple[int, int]] = []
        cleared: list[str] = []
        render_cell = table._render_cell

        def counted(row: int, column: int, *args, **kwargs):
            cells.append((row, column))
            return render_cell(row, column, *args, **kwargs)

        table._render_cell = counted  # type: ignore[method-assign]
        for options in screen.query(OptionList):
            options._clear_caches = lambda options=options: cleared.append(options.id)  # type: ignore[method-assign]
        await screen.action_area("logg")
        await pilot.pause()
        await screen.action_area("tiltak")
        await pilot.pause()
        assert not cleared, "the measures list and the outline kept their lines"
        await screen.action_area("logg")
        await pilot.pause()
        assert table.has_focus and not cells, "shown again as it was: no cell rendered anew"

        cursor = table.cursor_row + 1  # below the header

        def cursor_line() -> object:
            table._styles_cache.clear()
            return [segment.style for segment in table.render_lines(table.region.reset_offset)[cursor]]

        focused = cursor_line()
        screen.query_one("#filter-subject").focus()
        await pilot.pause()
        assert not table.has_focus and cursor_line() != focused, "the cursor row shows the focus it has"
        table.focus()
        await pilot.pause()
        assert cursor_line() == focused
        app.theme = "textual-light"
        await pilot.pause()
        assert cursor_line() != focused and cells, "a new theme draws the cells anew"


async def test_a_list_shown_again_at_another_width_is_drawn_for_that_width() -> None:
    app = _Many()
    async with app.run_test(size=(60, 12)) as pilot:
        options = app.query_one(MovingList)
        options.styles.width = 20
        await pilot.pause()
        assert options.render_line(0).cell_length == options.scrollable_content_region.width
        for width in (20, 34):  # shown again as it was, then wider while hidden
            options.display = False
            await pilot.pause()
            options.styles.width = width
            options.display = True
            await pilot.pause()
            assert options.render_line(0).cell_length == options.scrollable_content_region.width


async def test_the_main_screen_is_laid_out_again_only_for_a_new_size(make_app) -> None:
    from textual import events
    from textual.geometry import Size

    from relasjon_tui.ui.widgets.area_bar import AreaBar

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        laid_out: list[Size] = []
        original = screen._screen_resized

        def resized(size: Size) -> None:
            laid_out.append(size)
            original(size)

        screen._screen_resized = resized  # type: ignore[method-assign]
        screen.post_message(events.Resize(Size(80, 24), Size(80, 24)))  # as Textual's driver sends at start
        await pilot.pause()
        assert laid_out == []
        await pilot.resize_terminal(140, 40)  # through the app, as a terminal resize comes
        await wait_idle(pilot)
        assert laid_out and set(laid_out) == {Size(140, 40)}
        assert screen.query_one(AreaBar).size.width == 140 and screen.has_class("-wide")


async def wait_idle(pilot) -> None:
    for _ in range(3):  # the app passes a resize on after 1/120 s, then the screen lays out
        await pilot.pause(0.05)


async def test_a_resize_while_two_screens_cover_the_main_screen_is_followed_back_and_forth(make_app) -> None:
    from relasjon_tui.ui.screens.blank import BlankScreen
    from relasjon_tui.ui.widgets.area_bar import AreaBar

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(2):
            await app.push_screen(BlankScreen())
        await pilot.resize_terminal(140, 40)  # the main screen, two below the top, is not told
        await wait_idle(pilot)
        for _ in range(2):
            await app.pop_screen()
        await wait_idle(pilot)
        bar = app.main_screen.query_one(AreaBar)
        assert bar.size.width == 140 and app.main_screen.has_class("-wide")
        assert not app.main_screen.has_class("-narrow")
        await pilot.resize_terminal(80, 24)  # back to the size it had before the screens came
        await wait_idle(pilot)
        assert bar.size.width == 80 and app.main_screen.has_class("-narrow")


@pytest.mark.parametrize("shown_before", [False, True])
async def test_the_log_table_shown_after_a_resize_while_hidden_is_drawn_for_its_new_widths(
    make_app, shown_before: bool
) -> None:
    from relasjon_tui.ui.widgets.log_pane import LogTable

    app = make_app(store=_logs(30, " " + "lang merknad " * 12))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.main_screen
        await screen._ensure_area("logg")  # as built in the background: hidden
        if shown_before:
            await screen.action_area("logg")
            await pilot.pause()
            await screen.action_area("tiltak")
            await pilot.pause()
        table = screen.query_one(LogTable)
        note = table.columns["note"]  # type: ignore[index]
        before = note.width
        await pilot.resize_terminal(124, 40)  # narrower, not across a breakpoint, while Logg is hidden
        await wait_idle(pilot)
        await screen.action_area("logg")
        await wait_idle(pilot)
        assert note.width < before
        region = table.region.reset_offset
        shown = [strip.text for strip in table.render_lines(region)]
        table._update_count += 1  # every cache dropped: drawn from nothing
        table._clear_caches()
        assert shown == [strip.text for strip in table.render_lines(region)], "no cell kept from the old widths"


class _Terminal:
    """What a terminal shows of an app under test: every update the app paints, applied to an
    emulated screen (pyte), as a terminal applies what the app writes to it."""

    def __init__(self, app: App, size: tuple[int, int]) -> None:
        import pyte
        from textual._compositor import CompositorUpdate  # Textual pinned (constraints.txt)

        self.screen = pyte.Screen(*size)
        self.stream = pyte.Stream(self.screen)
        # In colours a person tells apart: the headless console's 16 make a scrollbar's track
        # and the reader's background both «black» (Rich private, pinned).
        app.console._color_system = ColorSystem.TRUECOLOR
        original = app._display

        def display(screen, renderable) -> None:
            if isinstance(renderable, CompositorUpdate) and not app._batch_count:
                self.stream.feed(renderable.render_segments(app.console))
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]
        self.app = app

    def rows(self) -> list[list[tuple[str, str, str, bool]]]:
        return _cells(self.screen)

    def unpainted_rows(self) -> list[tuple[int, str]]:
        """Rows where the terminal differs from the screen as the app would draw it now."""
        import pyte

        drawn = pyte.Screen(self.screen.columns, self.screen.lines)
        stream = pyte.Stream(drawn)
        for y, strip in enumerate(self.app.screen._compositor.render_strips()):
            stream.feed(f"\x1b[{y + 1};1H{strip.render(self.app.console)}")
        fresh = _cells(drawn)
        return [(y, self.screen.display[y].rstrip()) for y, row in enumerate(self.rows()) if row != fresh[y]]

    async def stale_rows(self, pilot) -> list[tuple[int, str]]:
        """Rows that a redraw of the whole screen changes, as a person would force one: by
        resizing the terminal a column wider and back. A part left from an earlier frame, or a
        scrollbar that should have come or gone, differs; (row, as it was shown)."""
        shown, text = self.rows(), list(self.screen.display)
        width, height = self.app.size
        for columns in (width + 1, width):
            await pilot.resize_terminal(columns, height)
            self.screen.resize(height, columns)
            await wait_idle(pilot)
        return [(y, text[y].rstrip()) for y, row in enumerate(self.rows()) if row != shown[y]]


def _cells(screen) -> list[list[tuple[str, str, str, bool]]]:
    """Each cell's character and colours (a scrollbar's thumb is mostly coloured blanks)."""
    return [[(cell.data, cell.fg, cell.bg, cell.reverse) for cell in (line[x] for x in range(screen.columns))]
            for line in (screen.buffer[y] for y in range(screen.lines))]  # fmt: skip


@pytest.mark.parametrize(("size", "burst"), [(WIDE, False), (WIDE, True), ((120, 40), False), ((200, 50), True)])
async def test_what_the_terminal_shows_after_moves_switches_and_resizes_is_the_screen_drawn_anew(
    make_app, size: tuple[int, int], burst: bool
) -> None:
    from textual import events

    app = make_app()
    terminal = _Terminal(app, size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert await terminal.stale_rows(pilot) == []

        async def keys(*names: str) -> None:
            for name in names:
                if burst:  # as a terminal delivers a held key or a paste: all before any is handled
                    app.post_message(events.Key(name, name if len(name) == 1 else None))
                else:
                    await pilot.press(name)
            await wait_idle(pilot)

        for step in range(11):  # every measure and part, texts that fit and texts that do not
            await keys("j")
            assert await terminal.stale_rows(pilot) == [], f"moved down {step + 1}"
        await keys(*"kkkkk")
        assert await terminal.stale_rows(pilot) == [], "back up the list"
        await keys("3", "2", "1")
        assert await terminal.stale_rows(pilot) == [], "areas switched and back"
        await keys(*"jjjjjj")
        assert await terminal.stale_rows(pilot) == [], "a burst of moves"
        await keys("tab", *"jjj", "right_square_bracket", "tab", "j", "k")
        # Scrolled: a redraw at another width would show other lines, so this is checked
        # against the screen as the app draws it now.
        assert terminal.unpainted_rows() == [], "moving in the sections, then to another measure and back"


async def test_the_log_table_widened_with_its_columns_as_they_were_is_filled_to_its_new_width(make_app) -> None:
    from relasjon_tui.ui.widgets.log_pane import LogTable

    app = make_app(store=_logs(5))
    async with app.run_test(size=(66, 30)) as pilot:  # the note column at its narrowest
        await pilot.pause()
        await app.main_screen.action_area("logg")
        await wait_idle(pilot)
        table = app.main_screen.query_one(LogTable)
        widths = [column.width for column in table.ordered_columns]
        await pilot.resize_terminal(70, 30)
        await wait_idle(pilot)
        assert [column.width for column in table.ordered_columns] == widths, "the columns as they were"
        table.refresh()
        header = table.render_lines(table.region.reset_offset)[0]

        def background(x: int) -> object:
            at = 0
            for segment in header:
                if at <= x < at + len(segment.text):
                    return segment.style.bgcolor if segment.style else None
                at += len(segment.text)
            return None

        assert background(table.size.width - 1) == background(table.size.width - 6), "the header filled out"


async def test_a_fact_of_a_measure_that_wraps_goes_on_under_its_first_word(make_app) -> None:
    from relasjon_tui.ui.format import document_facts

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(DocumentReader)
        wrapped = 0
        for document in app.library.measures:
            reader.show(document, app.library.blocks(document))
            head = reader.page(36).lines
            head = head[: next(i for i, line in enumerate(head) if not line.plain)]  # title and facts
            facts = head[next(i for i, line in enumerate(head) if line.plain.startswith("• ")) :]
            assert sum(line.plain.startswith("• ") for line in facts) == len(document_facts(document))
            assert all(line.plain.startswith(("• ", "  ")) for line in facts), [line.plain for line in facts]
            wrapped += sum(line.plain.startswith("  ") for line in facts)
        assert wrapped, "some fact is longer than a line at this width"


async def test_the_start_paints_the_screen_once_and_then_only_what_changes(make_app) -> None:
    from textual._compositor import CompositorUpdate, LayoutUpdate  # Textual pinned (constraints.txt)

    app = make_app()
    painted: list[tuple[bool, int]] = []  # (the whole screen, cells)
    original = app._display

    def display(screen, renderable) -> None:
        if isinstance(renderable, LayoutUpdate):
            painted.append((True, renderable.region.area))
        elif isinstance(renderable, CompositorUpdate):
            painted.append((False, sum(x2 - x1 for _, x1, x2 in renderable.spans)))
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause(1.5)  # the records read and the other areas built behind
        assert painted and painted[0][0], "the first frame is the whole screen"
        later = painted[1:]
        assert not any(whole for whole, _ in later), "no second full paint"
        assert sum(cells for _, cells in later) < WIDE[0] * WIDE[1] // 10, later


@pytest.mark.parametrize(("first", "then"), [("om-relasjoner", "j"), ("voksnes-ansvar", "k")])
async def test_a_text_opened_after_another_at_a_narrow_width_has_its_own_scrollbar(
    make_app, first: str, then: str
) -> None:
    size = (118, 50)  # narrow: the list or the text; «voksnes-ansvar» fits at 50 rows, «om-relasjoner» not
    app = make_app()
    terminal = _Terminal(app, size)
    async with app.run_test(size=size) as pilot:
        await wait_idle(pilot)
        documents = app.screen.query_one(DocumentList)
        documents.highlighted = documents.get_option_index(first)
        await wait_idle(pilot)
        for key in ("enter", "escape", then, "enter"):  # the text, the list, the next one while the text is hidden
            await pilot.press(key)
            await wait_idle(pilot)
        reader = app.screen.query_one(DocumentReader)
        fits = len(reader.page().lines) <= reader.scrollable_content_region.height
        assert reader.document.id != first and reader.show_vertical_scrollbar == (not fits)
        assert await terminal.stale_rows(pilot) == []


@pytest.mark.parametrize(("first", "then"), [("klasseledelse", "voksnes-ansvar"), ("voksnes-ansvar", "klasseledelse")])
async def test_a_measure_shown_from_refleksjon_has_its_own_scrollbar(make_app, first: str, then: str) -> None:
    from relasjon_tui.ui.widgets.reflection_pane import QuestionList

    size = (200, 50)  # «voksnes-ansvar» fits at 200×50, «klasseledelse» does not
    app = make_app()
    terminal = _Terminal(app, size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(1.0)  # Refleksjon is built behind
        documents = app.screen.query_one(DocumentList)
        documents.highlighted = documents.get_option_index(first)
        await wait_idle(pilot)
        await pilot.press("2")
        await wait_idle(pilot)
        questions = app.screen.query_one(QuestionList)
        questions.highlighted = questions.get_option_index(app.library.document(then).questions[0].id)
        await wait_idle(pilot)
        await pilot.press("g")  # to the question's measure, shown while the reader was hidden
        await wait_idle(pilot)
        reader = app.screen.query_one(DocumentReader)
        fits = len(reader.page().lines) <= reader.scrollable_content_region.height
        assert reader.document.id == then and reader.show_vertical_scrollbar == (not fits)
        assert await terminal.stale_rows(pilot) == []


async def test_the_containers_are_not_drawn_and_all_they_hold_is(make_app) -> None:
    # The areas' and the measures' containers are hidden in the stylesheet: covered by what
    # they hold, they were drawn line by line in every frame. What they hold is drawn.
    from relasjon_tui.records.demo import fill_demo
    from relasjon_tui.ui.screens.main import _Area, _Areas
    from relasjon_tui.ui.widgets.guidance import GuidanceView
    from relasjon_tui.ui.widgets.measures_pane import MeasuresPane

    store = RecordStore(None)
    fill_demo(store, local_now())
    app = make_app(store=store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for key in "12341":
            await pilot.press(key)
            await pilot.pause()
            drawn = app.screen._compositor.visible_widgets
            assert not [widget for widget in drawn if isinstance(widget, (_Areas, _Area, MeasuresPane, GuidanceView))]
            area = app.screen.query_one("#areas").current
            placed = [widget for widget in app.screen.query_one(f"#{area}").walk_children()
                      if widget.display and widget.region.area]  # fmt: skip
            leaves = [widget for widget in placed if not widget.children]
            assert leaves and all(widget.visible and widget in drawn for widget in leaves)
            assert all(widget in drawn for widget in placed if widget.visible)
            assert app.focused is not None and app.focused in drawn


async def test_a_scrollbar_shown_again_is_not_drawn_again_and_shows_what_textual_draws(make_app, monkeypatch) -> None:
    from textual.scrollbar import ScrollBar

    drawn: list[int] = []
    render_lines = ScrollBar.render_lines

    def counted(self, crop):  # noqa: ANN001, ANN202
        drawn.append(1)
        return render_lines(self, crop)

    monkeypatch.setattr(ScrollBar, "render_lines", counted)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(DocumentReader)
        bar = reader.vertical_scrollbar
        assert isinstance(bar, KeptBar) and bar.display

        def textual_lines() -> list[list[object]]:
            region = Region(0, 0, *bar.size)
            bar._styles_cache.clear()
            return [_strip_cells(line) for line in counted(bar, region)]

        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            for key in "jjk":
                await pilot.press(key)
                await pilot.pause()
                before = len(drawn)
                kept = [_strip_cells(line) for line in bar.render_lines(Region(0, 0, *bar.size))]
                assert len(drawn) == before  # drawn once, with the move
                assert kept == textual_lines()
        seen = len(drawn)
        await pilot.press("j")  # back to a measure whose bar was drawn in this theme
        await pilot.pause()
        assert len(drawn) == seen
        await pilot.press("j")  # to one whose bar was not
        await pilot.pause()
        assert len(drawn) > seen


async def test_a_character_typed_into_a_field_repaints_it_without_a_layout_of_the_screen(make_app, monkeypatch) -> None:
    from textual.screen import Screen
    from textual.widgets import Input

    from relasjon_tui.ui.widgets.steady import SteadyInput

    layouts: list[str] = []
    refresh_layout = Screen._refresh_layout

    def counted(self, *args, **kwargs):  # noqa: ANN001, ANN202
        layouts.append(type(self).__name__)
        return refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        fields = list(form.query(Input))
        assert fields and all(isinstance(field, SteadyInput) for field in fields)
        field = app.focused
        assert isinstance(field, SteadyInput)
        await pilot.pause(0.3)
        layouts.clear()
        for ch in "AB":
            await pilot.press(ch)
            await pilot.pause()
        assert field.value == "AB"
        assert "AB" in "".join(strip.text for strip in field.render_lines(Region(0, 0, *field.size)))
        # (The main screen below is laid out when the other areas are built, after the start.)
        assert type(form).__name__ not in layouts
