"""Provides text folding for search and slugs: case-, diacritics- and æøå-tolerant."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Norwegian letters that do not decompose, folded the way people type them without them.
_FOLD = {"æ": "ae", "ø": "o", "å": "a", "ß": "ss"}


# Texts repeat the same few hundred characters; folding each one once keeps loading and
# building the search index quick.
@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """Fold one character: casefolded, without diacritics, æøå as ae/o/a."""
    folded = char.casefold()
    folded = "".join(_FOLD.get(c, c) for c in folded)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Fold a whole text (see `fold_char`)."""
    return "".join(fold_char(char) for char in text)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold `text` and return, for each folded character, the index of the original one."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold_char(char)
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def slugify(text: str) -> str:
    """An ASCII id made from a heading: «Når passer tiltaket?» → «nar-passer-tiltaket»."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "seksjon"
