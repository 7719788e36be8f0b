"""Provides the one matcher for a pupil's or group's code in free text.

Deleting a pupil (its drafts, the count and review of other records that still name it,
the offer to replace it there) and pseudonymised exports all ask the same question: does
this text mention the code? They all ask it here, with one compiled pattern per code.

The rule, chosen for privacy first (README, «Pseudonymised exports» and «Mentions in other records»):

- case does not matter: «AB», «ab», «Ab» are one code;
- the code must start a word: the character before it is not a letter or a digit
  («xAB» and «7AB» are other words); «-», «_», «'» and any punctuation count as a start;
- it must end a word, or go on with a Norwegian ending and then end one: «ABs», «ABen»,
  «ABene»; «AB's», «AB-s», «AB-gruppa», «AB_x», «AB.» end the code at the separator;
- written in capitals and followed at once by a small letter it is a compound even without
  a hyphen («ABgruppa», «7Bklassen»), for codes of two or more characters with a letter;
- a digit right after it makes another code («AB2»), and is left alone; so, for deletion,
  does another code of the store that begins with it and goes on with more than an ending
  («7B-gr1» is not a mention of «7B»; «ABs» stays a mention of «AB» even if «ABS» exists).

A code that is also an ordinary word («EN», «I», «DU») is therefore replaced wherever that
word stands alone, in any case: the export reads oddly, but no mention is missed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

ENDINGS = ("s", "e", "a", "n", "en", "er", "et", "as", "ene", "ens", "ers", "ets", "ane", "erne", "enes", "ernes")
"""Norwegian endings a code may carry and still be the code («ABs», «ABen», «ABene»)."""

_LETTER_OR_DIGIT = r"[^\W_]"
_SMALL_LETTER = "[a-zß-öø-ÿ]"
"""Lower-case Latin letters, Norwegian, Swedish and German ones included."""


def _source(code: str) -> str:
    """The pattern text for one code (without flags), shared by every pattern built here."""
    escaped = re.escape(code)
    endings = "|".join(sorted(ENDINGS, key=len, reverse=True))
    ends = rf"(?:{endings})?(?!{_LETTER_OR_DIGIT})"
    alternatives = [f"{escaped}{ends}"]
    if len(code) >= 2 and any(char.isalpha() for char in code):
        # A compound without hyphen: the code in capitals, then a small letter.
        alternatives.append(f"(?-i:{re.escape(code.upper())})(?=(?-i:{_SMALL_LETTER}))")
    return rf"(?<!{_LETTER_OR_DIGIT})(?:{'|'.join(alternatives)})"


@lru_cache(maxsize=4096)
def mention_pattern(code: str) -> re.Pattern[str]:
    """The compiled pattern that finds `code` in a text (see the module's rule).

    A match spans the code and the ending it carries (so `.end()` is after «ABs»); the
    code itself is `match.start()` to `match.start() + len(code)`.
    """
    return re.compile(_source(code), re.IGNORECASE)


def _longer_codes(code: str, others: Iterable[str]) -> list[str]:
    """The other codes that begin with `code` and go on with more than an ending («7B-gr1» for «7B»):
    where one of them stands, it is that code, not a mention of `code`."""
    folded = code.casefold()
    return [
        other
        for other in others
        if len(other) > len(code)
        and other.casefold().startswith(folded)
        and other[len(code) :].casefold() not in ENDINGS
    ]


class CodeMatcher:
    """Finds one code in many texts: built once (the code's pattern and those of the store's
    other codes that begin with it), then asked of every text of a data file."""

    def __init__(self, code: str, others: Iterable[str] = ()) -> None:
        self.code = code
        self.pattern = mention_pattern(code) if code else None
        # The code's letters alone, with the same case rules: three times quicker to rule a text out.
        self._letters = re.compile(re.escape(code), re.IGNORECASE) if code else None
        self.longer = [mention_pattern(other) for other in _longer_codes(code, others)] if code else []

    def matches(self, text: str) -> list[re.Match[str]]:
        """Every mention of the code in `text`, where no longer code of the store stands."""
        if self.pattern is None or self._letters is None or self._letters.search(text) is None:
            return []
        return [
            match
            for match in self.pattern.finditer(text)
            if not any(pattern.match(text, match.start()) for pattern in self.longer)
        ]

    def mentions(self, text: str) -> bool:
        return bool(self.matches(text))

    def count(self, text: str) -> int:
        return len(self.matches(text))

    def excerpt(self, text: str, width: int = 60) -> str:
        """A short piece of `text` around its first mention of the code, on one line («… AB-s bror …»)."""
        flat = " ".join(text.split())
        found = self.matches(flat)
        if not found:
            return flat[:width]
        start = max(0, found[0].start() - width // 3)
        end = min(len(flat), start + width)
        start = max(0, min(start, end - width))
        return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")

    def replace(self, text: str, word: str) -> str:
        """`text` with every mention of the code replaced by `word`."""
        pieces, last = [], 0
        for match in self.matches(text):
            pieces += [text[last : match.start()], _put(text, match, self.code, word)]
            last = match.end()
        return "".join(pieces) + text[last:]


def code_matches(text: str, code: str, others: Iterable[str] = ()) -> list[re.Match[str]]:
    """Every mention of `code` in `text`; where one of `others` (the store's other codes) stands
    and begins with `code`, it is not counted («7B-gr1» is not a mention of «7B»)."""
    return CodeMatcher(code, others).matches(text)


def mentions(text: str, code: str, others: Iterable[str] = ()) -> bool:
    """True if `text` mentions `code` anywhere (see `code_matches` for `others`)."""
    return CodeMatcher(code, others).mentions(text)


def count_mentions(text: str, code: str, others: Iterable[str] = ()) -> int:
    """How many times `text` mentions `code`."""
    return CodeMatcher(code, others).count(text)


def excerpt(text: str, code: str, width: int = 60, others: Iterable[str] = ()) -> str:
    """A short piece of `text` around its first mention of `code`, on one line («… AB-s bror …»)."""
    return CodeMatcher(code, others).excerpt(text, width)


def _put(text: str, match: re.Match[str], code: str, word: str) -> str:
    # An ending stays; a compound written without hyphen gets one («ABgruppa» → «Elev A-gruppa»).
    rest = match.group(0)[len(code) :]
    glue = "-" if not rest and match.end() < len(text) and text[match.end()].isalpha() else ""
    return word + glue + rest


def replace_code(text: str, code: str, word: str, others: Iterable[str] = ()) -> str:
    """`text` with every mention of `code` (see `code_matches`) replaced by `word`."""
    return CodeMatcher(code, others).replace(text, word)


_WORD_START = re.compile(rf"(?<!{_LETTER_OR_DIGIT})(?={_LETTER_OR_DIGIT})")
"""Every place a code could start: a letter or digit with none right before it."""


def substitute(text: str, codes: Iterable[str], word: Callable[[str], str]) -> str:
    """`text` with every mention of each of `codes` replaced by `word(code)`, in one pass.

    Where two codes could start at one place, the longer wins («ABC» before «AB»); a word put
    in is never matched again by another code. An ending stays («ABs» → «Elev As», «AB-gruppa»
    → «Elev A-gruppa»); a compound written without hyphen gets one («ABgruppa» → «Elev A-gruppa»).
    """
    by_fold: dict[str, str] = {}
    for code in sorted({code for code in codes if code}):
        by_fold.setdefault(code.casefold(), code)
    if not by_fold or not text:
        return text
    lengths = sorted({len(code) for code in by_fold.values()}, reverse=True)
    pieces, last = [], 0
    # Only where a word starts, and only codes whose letters stand there: quick with hundreds of codes.
    for start in (found.start() for found in _WORD_START.finditer(text)):
        if start < last:
            continue
        for length in lengths:
            found_code = by_fold.get(text[start : start + length].casefold())
            match = mention_pattern(found_code).match(text, start) if found_code else None
            code = found_code or ""
            if code and match:
                pieces += [text[last:start], _put(text, match, code, word(code))]
                last = match.end()
                break
    text = "".join(pieces) + text[last:]
    # A code that does not start with a letter or digit (only an imported file can hold one).
    for code in by_fold.values():
        if not re.match(_LETTER_OR_DIGIT, code):
            text = CodeMatcher(code).replace(text, word(code))
    return text


def replace_mentions(text: str, replacements: Mapping[str, str]) -> str:
    """`text` with every mention of each code replaced by its word (see `substitute`)."""
    return substitute(text, replacements, replacements.__getitem__)


@dataclass(frozen=True, slots=True)
class Mention:
    """One piece of free text in a record that mentions a code, for the user to review."""

    kind: str
    """The record kind: the table (`logs`, `cases`, `notes`, `meetings`)."""
    id: int
    path: str
    """Where in the record: `note`, `problem`, `evaluations.0.worked`, `revisions.1.note` …"""
    excerpt: str
    count: int = 1
    """How many times the text mentions the code."""
