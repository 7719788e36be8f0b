"""The text half of the display path: controls become visible, everything else is untouched."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from relasjon_tui.textsafe import one_line, visible

HOSTILE = [
    "[/]",
    "[ikke noe]",
    "[@click=app.quit]klikk[/]",
    "[bold red]rød[/bold red]",
    "\x1b]52;c;aGVpCg==\x07",
    "\x1b]0;ny tittel\x07",
    "\x1b[2J\x1b[H",
    "abc\u202eevil",
    "tab\there\nny linje",
    "\x9b31m",
]


def test_markup_characters_are_kept_as_typed() -> None:
    for text in HOSTILE[:4]:
        assert visible(text) == text


def test_escape_sequences_are_shown_not_executed() -> None:
    assert visible("\x1b]52;c;aGVpCg==\x07") == "␛]52;c;aGVpCg==␇"
    assert visible("\x1b[2J") == "␛[2J"
    assert visible("\x9b31m") == "⟨U+009B⟩31m"
    assert visible("abc\u202eevil") == "abc⟨U+202E⟩evil"
    assert visible("\x7f") == "␡"


def test_newline_and_tab_survive_but_one_line_folds_them() -> None:
    assert visible("a\tb\nc") == "a\tb\nc"
    assert one_line("a\tb\r\nc\nd") == "a b c d"


_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _dangerous(char: str) -> bool:
    code = ord(char)
    if char in "\n\t":
        return False
    controls = code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0
    return controls or char in _BIDI or unicodedata.category(char) == "Cs"


@given(st.text())
def test_visible_never_leaves_a_control(text: str) -> None:
    shown = visible(text)
    assert not any(_dangerous(char) for char in shown)
    # Nothing printable is lost: every safe character of the input is still there, in order.
    safe = [char for char in text if not _dangerous(char)]
    iterator = iter(shown)
    assert all(char in iterator for char in safe)


@given(st.text())
def test_the_display_path_takes_any_text(text: str) -> None:
    from relasjon_tui.ui.display import literal, literal_cell, literal_line

    assert literal(text).plain == visible(text)
    assert literal_line(text).plain == one_line(text)
    assert literal_cell(text).plain == one_line(text)
