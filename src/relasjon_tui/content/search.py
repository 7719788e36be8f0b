"""Provides incremental search across titles, sections and questions of a `Library`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from relasjon_tui.content.model import Library
from relasjon_tui.content.normalise import fold, fold_with_map

HitKind = Literal["tittel", "seksjon", "spørsmål"]
_RANK = {"tittel": 0, "seksjon": 1, "spørsmål": 2}
_MARKDOWN_NOISE = re.compile(r"[*_`>#]+|^\s*[-+]\s+", re.MULTILINE)
_SNIPPET_BEFORE = 24
_SNIPPET_LENGTH = 90


@dataclass(frozen=True, slots=True)
class SearchHit:
    """Where a query matched: the document, and the section and heading to scroll to."""

    kind: HitKind
    document_id: str
    document_title: str
    section_id: str | None
    heading: str | None
    """The nearest heading (section or sub-heading) above the hit, for scrolling."""
    question_id: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class _Entry:
    hit: SearchHit
    text: str
    folded: str
    origin: list[int]


def _plain(markdown: str) -> str:
    return " ".join(_MARKDOWN_NOISE.sub(" ", markdown).split())


def _split_by_headings(markdown: str) -> list[tuple[str | None, str]]:
    """Split a section body at its `###`/`####` headings: (heading or None, text)."""
    parts: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in markdown.split("\n"):
        match = re.match(r"^#{3,6}\s+(.*)$", line)
        if match:
            parts.append((match.group(1).strip(), []))
        else:
            parts[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in parts]


class SearchIndex:
    """Folded text of every title, section part and question, searched by all-words match."""

    def __init__(self, library: Library) -> None:
        self._entries: list[_Entry] = []
        for doc in library.documents:
            self._add(SearchHit("tittel", doc.id, doc.title, None, None, None, doc.title), doc.title)
            for section in doc.sections:
                for heading, text in _split_by_headings(section.markdown):
                    label = heading or section.title
                    plain = _plain(text)
                    hit = SearchHit("seksjon", doc.id, doc.title, section.id, heading or section.title, None, "")
                    self._add(hit, f"{label}: {plain}" if plain else label)
            for question in doc.questions:
                hit = SearchHit("spørsmål", doc.id, doc.title, question.section_id, question.group, question.id, "")
                self._add(hit, question.text)

    def _add(self, hit: SearchHit, text: str) -> None:
        folded, origin = fold_with_map(text)
        self._entries.append(_Entry(hit, text, folded, origin))

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Entries containing every word of `query`, titles first, then sections, then questions."""
        words = fold(query).split()
        if not words:
            return []
        scored: list[tuple[int, int, int, SearchHit]] = []
        for order, entry in enumerate(self._entries):
            positions = [entry.folded.find(word) for word in words]
            if min(positions) < 0:
                continue
            first = min(positions)
            snippet = _snippet(entry, first)
            hit = replace(entry.hit, snippet=snippet)
            scored.append((_RANK[hit.kind], order, first, hit))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [hit for *_, hit in scored[:limit]]

    def __len__(self) -> int:
        return len(self._entries)


def _snippet(entry: _Entry, folded_index: int) -> str:
    start_char = entry.origin[folded_index] if entry.origin else 0
    if len(entry.text) <= _SNIPPET_LENGTH:
        return entry.text
    start = max(0, start_char - _SNIPPET_BEFORE)
    piece = entry.text[start : start + _SNIPPET_LENGTH]
    return ("…" if start else "") + piece + ("…" if start + _SNIPPET_LENGTH < len(entry.text) else "")
