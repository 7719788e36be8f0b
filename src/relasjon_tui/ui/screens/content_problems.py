"""Provides the panel of every problem in the content folders, with file and line; it can be opened again."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from relasjon_tui.content.model import ContentError
from relasjon_tui.strings import t
from relasjon_tui.ui.display import literal, literal_line
from relasjon_tui.ui.keys import quiet_focus, vim_keys


class ProblemList(VerticalScroll):
    """The problems; j/k and the arrows scroll."""

    BINDINGS = vim_keys("content-problems", scroll=True)


class ContentProblemsScreen(ModalScreen[None]):
    """Every problem of every content file, as `relasjon sjekk --content` lists them. Esc closes."""

    focused: Reactive[Widget | None] = quiet_focus()

    BINDINGS = [Binding("escape,q", "dismiss", "key_close", id="content-problems.close")]

    def __init__(self, errors: Sequence[ContentError]) -> None:
        super().__init__()
        self.errors = errors

    def compose(self) -> ComposeResult:
        with ProblemList(id="content-problems") as box:
            box.border_title = t("content_problems_title", count=len(self.errors))
            box.border_subtitle = t("content_problems_keys")
            yield Static(literal_line(t("content_problems_hint"), "italic $text-secondary"))
            for error in self.errors:
                yield Static(literal(str(error)), classes="content-problem")

    def on_mount(self) -> None:
        self.query_one(ProblemList).focus()
