"""Provides the main screen: the areas Tiltak, Refleksjon, Logg and Saker under visible tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.geometry import Region, Size
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from relasjon_tui.content.model import Library
from relasjon_tui.records.drafts import DraftStore
from relasjon_tui.records.tables import NOTES
from relasjon_tui.strings import t
from relasjon_tui.ui.areas import AREAS, BY_NAME
from relasjon_tui.ui.keys import quiet_focus
from relasjon_tui.ui.messages import RecordsChanged, ShowGuidance
from relasjon_tui.ui.widgets.area_bar import AreaBar
from relasjon_tui.ui.widgets.key_hints import KeyHints
from relasjon_tui.ui.widgets.measures_pane import MeasuresPane
from relasjon_tui.ui.widgets.steady import SteadyFrame

if TYPE_CHECKING:
    from relasjon_tui.content.search import SearchHit, SearchIndex
    from relasjon_tui.records.drafts import Draft
    from relasjon_tui.records.store import RecordStore
    from relasjon_tui.ui.app import RelasjonApp
    from relasjon_tui.ui.widgets.reflection_pane import ReflectionPane

_PREPARE_AREAS_AFTER = 0.5
"""Seconds after start-up before the Logg and Refleksjon areas are built in the background."""


class _Areas(ContentSwitcher, SteadyFrame):
    """The areas, one shown at a time."""


class _Area(Container, SteadyFrame):
    """One area's pane (built on its first visit, but for the first)."""


class MainScreen(Screen, SteadyFrame):
    """Tabs for the four areas; 1 to 4 switch between them."""

    BINDINGS = [
        # The tab labels show the numbers, so the footer keeps its room for the area's own keys.
        *(Binding(a.key, f"area('{a.name}')", f"key_area_{a.name}", show=False, id=f"area.{a.name}") for a in AREAS),
        Binding("slash", "search", "key_search", id="search"),
        Binding("n", "app.new_log", "key_new_log", id="log.new"),
    ]

    AUTO_FOCUS = "#document-list"

    focused: Reactive[Widget | None] = quiet_focus()

    _resumed = False
    _first_frame_painting = False
    """While Textual's handler of the first resume runs (see `on_screen_resume`)."""

    area: var[str] = var(AREAS[0].name)
    """The area on show (see ui/areas.py); a var: the switcher and the tabs repaint what changes,
    where a reactive repainted the whole screen once more on every switch."""

    def __init__(self, library: Library, drafts: DraftStore) -> None:
        super().__init__()
        self.library = library
        self.drafts = drafts
        self._index: SearchIndex | None = None
        self._laid_out_for: Size | None = None
        self._records_read = False
        """Whether the app has read the records: until then only the guidance can be shown (a
        click on a tab comes past the app's key gate, and the file may yet prove damaged)."""

    def on_mount(self) -> None:
        self._laid_out_for = self.app.size  # what the first frame is laid out for

    def on_screen_resume(self) -> None:
        # Back from a screen on top: Textual lays this one out for the terminal's size as it
        # resumes, whatever Resize events reach it (or not) while it is covered; its width's
        # class, which Screen's Resize handler sets, is set here (that handler is now skipped).
        if not self._resumed:
            self._resumed = True
            # The start: Textual's own handler (after this one) lays the screen out, which
            # paints all of it, then asks for the whole screen to be painted again (27 KB at
            # 140×40, the first frame once more). That second request is let go.
            self._first_frame_painting = True
            self.call_later(setattr, self, "_first_frame_painting", False)
        self._laid_out_for = self.app.size
        self.set_width_class(self.app.size.width)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._first_frame_painting and not (regions or layout or recompose):
            self._first_frame_painting = False
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def set_width_class(self, width: int) -> None:
        """The class of the app's breakpoints (`-narrow`, `-wide`) for `width`, the others removed."""
        breakpoints = self.app.HORIZONTAL_BREAKPOINTS or []
        chosen = self._get_breakpoint_classes(width, breakpoints)  # Textual's own choice (private; pinned)
        self.update_classes({name: name in chosen for _, name in breakpoints}, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        # Textual sends the screen a Resize as its driver starts: three, after the first frame,
        # at the size the screen was laid out for. Each laid it out and painted it in full again
        # (30 KB at 140×40). Runs before Screen's own handler, which only a new size reaches.
        # (Not `self.size`: a screen's size is the app's, already the new one.)
        if event.size == self._laid_out_for:
            event.prevent_default()
        self._laid_out_for = event.size

    @property
    def store(self) -> RecordStore:
        """The app's records (opened once the first screen is up)."""
        return cast("RelasjonApp", self.app).store

    def compose(self) -> ComposeResult:
        # One line of tabs instead of a header plus TabbedContent: a row more for the text at
        # 80×24, and a quicker first screen.
        yield AreaBar(id="area-bar").data_bind(active=MainScreen.area)
        with _Areas(initial=AREAS[0].container_id, id="areas"):
            with _Area(id=AREAS[0].container_id):
                yield MeasuresPane(self.library, id=AREAS[0].pane_id)
            # Filled on the first visit: start-up should not wait for an area nobody opened yet.
            for area in AREAS[1:]:
                yield _Area(id=area.container_id)
        yield KeyHints(id="key-hints")

    async def records_read(self, *, start_on_cases: bool) -> None:
        """The app has read the records (after the first frame). Where there are cases, what
        needs doing about them is the first thing to see, unless the user has begun elsewhere."""
        self._records_read = True
        # The other areas are built a moment later, so that pressing 2, 3 or 4 shows them at
        # once rather than after building a list or a table.
        self.set_timer(_PREPARE_AREAS_AFTER, self._prepare_areas)
        try:
            has_cases = start_on_cases and self.store.count_cases() > 0
        except Exception:  # noqa: BLE001 - an unreadable file is reported by the areas that read it
            has_cases = False
        if has_cases and self.area == AREAS[0].name:
            await self.action_area("saker")

    async def _prepare_areas(self) -> None:
        for area in AREAS:
            if not self.app.is_running:  # closing: there is nothing to build for
                return
            await self._ensure_area(area.name)

    async def _ensure_area(self, name: str) -> None:
        area = BY_NAME[name]
        if area.build is not None and not self.query(f"#{area.pane_id}"):
            await self.query_one(f"#{area.container_id}").mount(area.build(self.library, self.store))

    def on_records_changed(self, message: RecordsChanged) -> None:
        """Every built pane that shows what changed reads the store again."""
        for area in AREAS:
            if area.shows and message.touches(*area.shows):
                self._reload(area.name)

    def _reload(self, name: str) -> None:
        for pane in self.query(f"#{BY_NAME[name].pane_id}"):
            reload = getattr(pane, "reload", None)
            if reload is not None:
                reload()

    @property
    def help_area(self) -> str:
        """The area's name, for the help dialog."""
        return t(f"area_{self.area}")

    async def action_area(self, area: str) -> None:
        if BY_NAME[area].build is not None and not self._records_read:
            return
        await self._ensure_area(area)
        # Shown and focused in one frame: focusing after a refresh drew the area twice.
        with self.app.batch_update():
            self.area = area
            self._focus_area(area)

    def watch_area(self, area: str) -> None:
        self.query_one("#areas", ContentSwitcher).current = BY_NAME[area].container_id

    def _focus_area(self, area: str) -> None:
        found = self.query(BY_NAME[area].focus)
        if not found:  # the area is being built in the background and is not composed yet
            self.call_after_refresh(self._focus_area, area)
            return
        target = found.first()
        self.set_focus(target if target.focusable else None)

    @on(AreaBar.Chosen)
    async def _area_chosen(self, message: AreaBar.Chosen) -> None:
        await self.action_area(message.area)

    # A handler by name rather than @on: the pane's module is imported on the first visit only.
    def on_reflection_pane_open_question(self, message: ReflectionPane.OpenQuestion) -> None:

        self.open_question(message.question_id)

    def open_question(self, question_id: str, resume: Draft | None = None) -> None:
        """A question with its notes; `resume` reopens a note's draft left by a crash."""
        from relasjon_tui.ui.screens.question import QuestionScreen

        question = self.library.question(question_id)
        if question is None:
            return

        def closed(changed: bool | None) -> None:
            if changed:
                self.post_message(RecordsChanged(frozenset({NOTES})))

        screen = QuestionScreen(self.store, self.library, question, drafts=self.drafts, resume=resume)
        self.app.push_screen(screen, closed)

    @on(ShowGuidance)
    def show_guidance(self, message: ShowGuidance) -> None:
        self.area = "tiltak"
        self.query_one(MeasuresPane).open(message.document_id, message.section_id, message.heading)

    def open_document(self, document_id: str) -> None:
        """Show a document in the Tiltak area."""
        self.post_message(ShowGuidance(document_id))

    @property
    def search_index(self) -> SearchIndex:
        if self._index is None:
            # Built on the first search: start-up does not pay for indexing every text.
            from relasjon_tui.content.search import SearchIndex

            self._index = SearchIndex(self.library)
        return self._index

    def action_search(self) -> None:
        from relasjon_tui.ui.screens.search import SearchScreen

        def jump(hit: SearchHit | None) -> None:
            if hit is not None:
                self.post_message(ShowGuidance(hit.document_id, hit.section_id, hit.heading))

        self.app.push_screen(SearchScreen(self.search_index), jump)
