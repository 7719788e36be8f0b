"""Provides the main screen: the three areas Tiltak, Refleksjon and Logg under visible tabs."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from relasjon_tui.content.model import Library
from relasjon_tui.content.search import SearchHit, SearchIndex
from relasjon_tui.strings import t
from relasjon_tui.ui.messages import ShowGuidance
from relasjon_tui.ui.widgets.log_pane import LogPane
from relasjon_tui.ui.widgets.measures_pane import MeasuresPane

AREAS = ("tiltak", "refleksjon", "logg")


class MainScreen(Screen):
    """Tabs for the three areas; 1, 2 and 3 switch between them."""

    BINDINGS = [
        # The tab labels show 1, 2 and 3, so the footer keeps its room for the area's own keys.
        Binding("1", "area('tiltak')", t("key_area_tiltak"), show=False, id="area.tiltak"),
        Binding("2", "area('refleksjon')", t("key_area_refleksjon"), show=False, id="area.refleksjon"),
        Binding("3", "area('logg')", t("key_area_logg"), show=False, id="area.logg"),
        Binding("slash", "search", t("key_search"), id="search"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._index: SearchIndex | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with TabbedContent(initial="area-tiltak", id="areas"):
            with TabPane(self._tab_label(1, "tiltak"), id="area-tiltak"):
                yield MeasuresPane(self.library, id="measures")
            # Filled on the first visit: start-up should not wait for an area nobody opened yet.
            yield TabPane(self._tab_label(2, "refleksjon"), id="area-refleksjon")
            with TabPane(self._tab_label(3, "logg"), id="area-logg"):
                yield LogPane(id="log")
        yield Footer(compact=True)

    @staticmethod
    def _tab_label(key: int, area: str) -> str:
        return t("tab_label", number=key, area=t(f"area_{area}"))

    def on_mount(self) -> None:
        self.query_one("#document-list").focus()

    @property
    def area(self) -> str:
        """The area on show: tiltak, refleksjon or logg."""
        return (self.query_one(TabbedContent).active or "area-tiltak").removeprefix("area-")

    async def _ensure_area(self, area: str) -> None:
        if area == "refleksjon" and not self.query("#reflection"):
            from relasjon_tui.ui.widgets.reflection_pane import ReflectionPane

            await self.query_one("#area-refleksjon", TabPane).mount(ReflectionPane(self.library, id="reflection"))

    async def action_area(self, area: str) -> None:
        await self._ensure_area(area)
        self.query_one(TabbedContent).active = f"area-{area}"
        self.call_after_refresh(self._focus_area, area)

    def _focus_area(self, area: str) -> None:
        targets = {"tiltak": "#document-list", "refleksjon": "#question-list", "logg": "#log"}
        target = self.query_one(targets[area])
        if target.focusable:
            target.focus()
        else:
            self.query_one("#areas Tabs").focus()

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if not event.pane.id:
            return
        area = event.pane.id.removeprefix("area-")
        await self._ensure_area(area)
        if self.focused is None:
            self._focus_area(area)

    @on(ShowGuidance)
    def show_guidance(self, message: ShowGuidance) -> None:
        self.query_one(TabbedContent).active = "area-tiltak"
        self.query_one(MeasuresPane).open(message.document_id, message.section_id, message.heading)

    def open_document(self, document_id: str) -> None:
        """Show a document in the Tiltak area."""
        self.post_message(ShowGuidance(document_id))

    @property
    def search_index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.library)
        return self._index

    def action_search(self) -> None:
        from relasjon_tui.ui.screens.search import SearchScreen

        def jump(hit: SearchHit | None) -> None:
            if hit is not None:
                self.post_message(ShowGuidance(hit.document_id, hit.section_id, hit.heading))

        self.app.push_screen(SearchScreen(self.search_index), jump)
