"""Provides the search dialog: results update as you type; Enter jumps to the chosen hit."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from relasjon_tui.content.search import SearchHit, SearchIndex
from relasjon_tui.strings import t
from relasjon_tui.ui.display import join, literal_line
from relasjon_tui.ui.keys import quiet_focus


class SearchScreen(ModalScreen[SearchHit | None]):
    """Type to search; arrows move in the results while the cursor stays in the field."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [
        Binding("escape", "dismiss_none", "key_close", id="search.close"),
        Binding("down", "move(1)", "key_down", show=False, id="search.down"),
        Binding("up", "move(-1)", "key_up", show=False, id="search.up"),
    ]

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        self.index = index
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog") as dialog:
            dialog.border_title = t("search_title")
            yield Input(placeholder=t("search_placeholder"), id="search-input")
            yield Static(literal_line(t("search_hint"), "dim"), id="search-status")
            yield OptionList(id="search-results")

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        query = event.value
        self.hits = self.index.search(query)
        results = self.query_one("#search-results", OptionList)
        results.set_options(Option(self._prompt(hit), id=str(number)) for number, hit in enumerate(self.hits))
        if self.hits:
            results.highlighted = 0
        status = self.query_one("#search-status", Static)
        if not query.strip():
            status.update(literal_line(t("search_hint"), "dim"))
        elif self.hits:
            status.update(literal_line(t("search_count", count=len(self.hits)), "dim"))
        else:
            status.update(literal_line(t("search_none", query=query), "$text-warning"))

    @staticmethod
    def _prompt(hit: SearchHit) -> Content:
        where = hit.document_title if hit.kind == "tittel" else f"{hit.document_title} › {hit.heading or ''}"
        parts = [literal_line(f"{t('hit_' + hit.kind)}: ", "$text-secondary"), literal_line(where, "bold")]
        if hit.kind != "tittel":
            parts += [Content("\n  "), literal_line(hit.snippet)]
        return join(parts)

    def action_move(self, step: int) -> None:
        results = self.query_one("#search-results", OptionList)
        if not self.hits:
            return
        current = results.highlighted if results.highlighted is not None else -1
        results.highlighted = max(0, min(len(self.hits) - 1, current + step))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if self.hits and results.highlighted is not None:
            self.dismiss(self.hits[results.highlighted])

    @on(OptionList.OptionSelected, "#search-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
