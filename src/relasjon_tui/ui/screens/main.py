"""Provides the main screen: the areas Tiltak, Refleksjon, Logg and Saker under visible tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from relasjon_tui.content.model import Library
from relasjon_tui.strings import t
from relasjon_tui.ui.messages import ShowGuidance
from relasjon_tui.ui.widgets.area_bar import AREAS, AreaBar
from relasjon_tui.ui.widgets.key_hints import KeyHints
from relasjon_tui.ui.widgets.measures_pane import MeasuresPane

if TYPE_CHECKING:
    from relasjon_tui.content.search import SearchHit, SearchIndex
    from relasjon_tui.records.drafts import Draft
    from relasjon_tui.ui.widgets.cases_pane import CasesPane
    from relasjon_tui.ui.widgets.reflection_pane import ReflectionPane

__all__ = ["AREAS", "MainScreen"]

_PREPARE_AREAS_AFTER = 0.5
"""Seconds after start-up before the Logg and Refleksjon areas are built in the background."""


class MainScreen(Screen):
    """Tabs for the three areas; 1, 2 and 3 switch between them."""

    BINDINGS = [
        # The tab labels show 1, 2 and 3, so the footer keeps its room for the area's own keys.
        Binding("1", "area('tiltak')", "key_area_tiltak", show=False, id="area.tiltak"),
        Binding("2", "area('refleksjon')", "key_area_refleksjon", show=False, id="area.refleksjon"),
        Binding("3", "area('logg')", "key_area_logg", show=False, id="area.logg"),
        Binding("4", "area('saker')", "key_area_saker", show=False, id="area.saker"),
        Binding("slash", "search", "key_search", id="search"),
        Binding("n", "app.new_log", "key_new_log", id="log.new"),
    ]

    AUTO_FOCUS = "#document-list"

    area: reactive[str] = reactive("tiltak")
    """The area on show: tiltak, refleksjon or logg."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._index: SearchIndex | None = None

    def compose(self) -> ComposeResult:
        # One line of tabs instead of a header plus TabbedContent: a row more for the text at
        # 80×24, and a quicker first screen.
        yield AreaBar(id="area-bar").data_bind(active=MainScreen.area)
        with ContentSwitcher(initial="area-tiltak", id="areas"):
            with Container(id="area-tiltak"):
                yield MeasuresPane(self.library, id="measures")
            # Filled on the first visit: start-up should not wait for an area nobody opened yet.
            yield Container(id="area-refleksjon")
            yield Container(id="area-logg")
            yield Container(id="area-saker")
        yield KeyHints(id="key-hints")

    async def on_mount(self) -> None:
        # Build the other areas shortly after the first screen is up, so that pressing 2, 3
        # or 4 shows them at once rather than after building a list or a table.
        self.set_timer(_PREPARE_AREAS_AFTER, self._prepare_areas)
        # Where there are cases, what needs doing about them is the first thing to see.
        try:
            has_cases = self.app.store.count_cases() > 0  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - an unreadable file is reported by the areas that read it
            has_cases = False
        if has_cases:
            await self.action_area("saker")

    async def _prepare_areas(self) -> None:
        for area in ("logg", "refleksjon", "saker"):
            if not self.app.is_running:  # closing: there is nothing to build for
                return
            await self._ensure_area(area)

    async def _ensure_area(self, area: str) -> None:
        if area == "refleksjon" and not self.query("#reflection"):
            from relasjon_tui.ui.widgets.reflection_pane import ReflectionPane

            pane = ReflectionPane(self.library, self.app.store, id="reflection")  # type: ignore[attr-defined]
            await self.query_one("#area-refleksjon").mount(pane)
        if area == "logg" and not self.query("#log"):
            from relasjon_tui.ui.widgets.log_pane import LogPane

            await self.query_one("#area-logg").mount(LogPane(self.app.store, self.library, id="log"))  # type: ignore[attr-defined]
        if area == "saker" and not self.query("#cases"):
            from relasjon_tui.ui.widgets.cases_pane import CasesPane

            await self.query_one("#area-saker").mount(CasesPane(self.app.store, self.library, id="cases"))  # type: ignore[attr-defined]

    def refresh_logs(self) -> None:
        """Show a saved or changed log in the Logg area (and in the cases' progress), if opened."""
        for pane in self.query("#log"):
            pane.reload()  # type: ignore[attr-defined]
        self.refresh_cases()

    def refresh_cases(self) -> None:
        """Show changed cases (and new logs' progress) in the Saker area, if it has been opened."""
        for pane in self.query("#cases"):
            pane.reload()  # type: ignore[attr-defined]

    def refresh_reflection(self) -> None:
        """Show changed question statuses in the Refleksjon area, if it has been opened."""
        for pane in self.query("#reflection"):
            pane.reload()  # type: ignore[attr-defined]

    @property
    def help_area(self) -> str:
        """The area's name, for the help dialog."""
        return t(f"area_{self.area}")

    async def action_area(self, area: str) -> None:
        await self._ensure_area(area)
        if area == "refleksjon":
            # Another process (a colleague's session) may have written notes meanwhile.
            self.refresh_reflection()
        if area == "saker":
            self.refresh_cases()
        # Shown and focused in one frame: focusing after a refresh drew the area twice.
        with self.app.batch_update():
            self.area = area
            self._focus_area(area)

    def watch_area(self, area: str) -> None:
        self.query_one("#areas", ContentSwitcher).current = f"area-{area}"

    def _focus_area(self, area: str) -> None:
        targets = {
            "tiltak": "#document-list",
            "refleksjon": "#question-list",
            "logg": "#log-table",
            "saker": "#case-list",
        }
        found = self.query(targets[area])
        if not found:  # the area is being built in the background and is not composed yet
            self.call_after_refresh(self._focus_area, area)
            return
        target = found.first()
        self.set_focus(target if target.focusable else None)

    @on(AreaBar.Chosen)
    async def _area_chosen(self, message: AreaBar.Chosen) -> None:
        await self.action_area(message.area)

    # Handlers by name rather than @on: the pane's module is imported on the first visit only.
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
                self.refresh_reflection()

        app = self.app
        screen = QuestionScreen(app.store, self.library, question, drafts=app.drafts, resume=resume)  # type: ignore[attr-defined]
        app.push_screen(screen, closed)

    def on_cases_pane_open_case(self, message: CasesPane.OpenCase) -> None:
        self.app.open_case(message.case)  # type: ignore[attr-defined]

    def on_cases_pane_delete_subject(self) -> None:
        self.app.action_delete_subject()  # type: ignore[attr-defined]

    def on_reflection_pane_open_meetings(self, message: ReflectionPane.OpenMeetings) -> None:
        self.app.action_meetings(message.document_id)  # type: ignore[attr-defined]

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
