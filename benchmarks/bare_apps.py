"""The yardsticks (not tests): bare Textual apps, started by benchmarks/pty_bench.py in a real pty.

`label`: one Label (start-up floor). `text`: a screenful of text that `j` replaces with another
(the floor for moving to another measure). `input`: one focused Input (the floor for a typed
character's echo).
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
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


if __name__ == "__main__":
    {"label": LabelApp, "text": TextApp, "input": InputApp}[sys.argv[1]]().run()
