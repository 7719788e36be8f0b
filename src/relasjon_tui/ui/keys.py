"""Provides the j/k bindings every list and text in the app shares with the arrow keys."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def vim_keys(scope: str, *, scroll: bool = False) -> list[BindingType]:
    """`j` and `k` as down and up (moving a cursor, or scrolling text), with ids under `scope`."""
    if scroll:
        return [
            Binding("j", "scroll_down", "key_scroll_down", show=False, id=f"{scope}.down"),
            Binding("k", "scroll_up", "key_scroll_up", show=False, id=f"{scope}.up"),
        ]
    return [
        Binding("j", "cursor_down", "key_down", show=False, id=f"{scope}.down"),
        Binding("k", "cursor_up", "key_up", show=False, id=f"{scope}.up"),
    ]
