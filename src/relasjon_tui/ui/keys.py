"""Provides the j/k bindings every list and text in the app shares with the arrow keys, and the
quiet focus every screen with several fields uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.reactive import Reactive

if TYPE_CHECKING:
    from textual.widget import Widget


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


def quiet_focus() -> Reactive[Widget | None]:
    """A screen's `focused`, without Textual's repaint of the whole screen on every focus change.

    The widget that gains focus and the one that loses it restyle and repaint themselves; the
    whole screen once more (27 KB at 140×40, on every Tab in a form, every area switch) is only
    bytes down the line. Declared on each of the app's screens as `focused = quiet_focus()`.
    """
    return Reactive(None, repaint=False)
