"""The yardsticks (not tests): bare Textual apps, started by benchmarks/pty_bench.py in a real pty.

`label`: one Label (start-up floor). `text`: a screenful of text that `j` replaces with another
(the floor for moving to another measure). `input`: one focused Input (the floor for a typed
character's echo). `screen`: enter pushes a screen of a few paragraphs in a scrolling column,
escape pops it (the floor for opening a case).
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

WORDS = "relasjon elev lærer tiltak økt friminutt klasse samtale trygghet vennskap".split()


def screenful(seed: int) -> str:
    return "\n".join(" ".join(WORDS[(seed + row + col) % len(WORDS)] for col in range(14)) for row in range(40))


class LabelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("Hei")


class TextApp(App[None]):
    BINDINGS = [Binding("j", "next", "next")]

    def compose(self) -> ComposeResult:
        self.seed = 0
        yield Label("side 0", id="title")
        yield Static(screenful(0), id="body")

    def action_next(self) -> None:
        self.seed += 1
        self.query_one("#title", Label).update(f"side {self.seed}")
        self.query_one("#body", Static).update(screenful(self.seed))


class InputApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("Hei")
        yield Input(id="text")


class Page(Screen[None]):
    BINDINGS = [Binding("escape", "dismiss", "back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for part in range(6):
                yield Static(f"del {part}\n" + screenful(part)[:600])


class ScreenApp(App[None]):
    BINDINGS = [Binding("enter", "open", "open")]

    def compose(self) -> ComposeResult:
        yield Label("liste")

    def action_open(self) -> None:
        self.push_screen(Page())


if __name__ == "__main__":
    {"label": LabelApp, "text": TextApp, "input": InputApp, "screen": ScreenApp}[sys.argv[1]]().run()
