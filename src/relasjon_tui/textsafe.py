"""Provides the text half of the one display path: stored text made safe to show.

Text is stored exactly as typed. Before it reaches a terminal, C0 controls (except newline
and tab), DEL, C1 controls and bidirectional overrides are replaced with visible stand-ins,
so no escape sequence from a note or a content file can drive the terminal or reorder what
the reader sees. Markup is not this module's concern: the UI layer wraps the result in a
literal `Content`, never in a markup string.
"""

from __future__ import annotations

_BIDI = {
    0x061C,  # ARABIC LETTER MARK
    0x200E,
    0x200F,  # LRM, RLM
    0x202A,
    0x202B,
    0x202C,
    0x202D,
    0x202E,  # embeddings and overrides
    0x2066,
    0x2067,
    0x2068,
    0x2069,  # isolates
}


def _stand_in(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (Control Pictures)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\u27e8U+{code:04X}\u27e9"  # ⟨U+202E⟩


_TABLE = {code: _stand_in(code) for code in range(0x20) if code not in (0x09, 0x0A)}
_TABLE[0x7F] = _stand_in(0x7F)
_TABLE.update({code: _stand_in(code) for code in range(0x80, 0xA0)})
_TABLE.update({code: _stand_in(code) for code in _BIDI})
# A lone surrogate cannot be encoded for the terminal; show it rather than crash.
_TABLE.update({code: "\ufffd" for code in range(0xD800, 0xE000)})


def visible(text: str) -> str:
    """Return `text` with every control that could act on a terminal made visible."""
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """Like `visible`, with line breaks and tabs folded to spaces, for single-line cells."""
    return visible(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))
