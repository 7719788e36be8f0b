"""Provides a small block model of Markdown (headings, paragraphs, lists, quotes) for display.

The guidance needs only a handful of Markdown features. Turning them into plain blocks of
styled spans lets the UI draw a whole section in one widget: Textual's Markdown widget makes
a widget per block, and restyling hundreds of them on every focus change is slow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

BlockKind = Literal["heading", "paragraph", "item", "quote", "code", "rule"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with inline formatting. A link keeps its address so it can be shown."""

    text: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One displayable block. `level` is the heading level, or the list depth for items."""

    kind: BlockKind
    spans: tuple[Span, ...] = ()
    level: int = 0
    marker: str = ""
    """For list items: «•» or «3.»."""

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(slots=True)
class _ListState:
    ordered: bool
    number: int = 1


@dataclass(slots=True)
class _Walker:
    blocks: list[Block] = field(default_factory=list)
    lists: list[_ListState] = field(default_factory=list)
    quote_depth: int = 0
    pending_marker: str | None = None

    def add_inline(self, token: Token, kind: BlockKind, level: int = 0) -> None:
        spans = tuple(_spans(token.children or []))
        if self.pending_marker is not None:
            self.blocks.append(Block("item", spans, level=len(self.lists), marker=self.pending_marker))
            self.pending_marker = None
        elif kind == "paragraph" and self.lists:
            # A second paragraph in the same list item: indented, without a marker.
            self.blocks.append(Block("item", spans, level=len(self.lists), marker=""))
        elif self.quote_depth and kind == "paragraph":
            self.blocks.append(Block("quote", spans))
        else:
            self.blocks.append(Block(kind, spans, level=level))


def _spans(children: list[Token]) -> list[Span]:
    spans: list[Span] = []
    strong = emphasis = 0
    href: str | None = None
    for child in children:
        kind = child.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
        elif kind == "link_open":
            href = str(child.attrs.get("href", "")) or None
        elif kind == "link_close":
            if href:
                spans.append(Span(f" ({href})", href=href))
            href = None
        elif kind in ("softbreak",):
            spans.append(Span(" ", strong=bool(strong), emphasis=bool(emphasis)))
        elif kind == "hardbreak":
            spans.append(Span("\n"))
        elif kind == "code_inline":
            spans.append(Span(child.content, code=True))
        elif kind in ("text", "html_inline"):
            spans.append(Span(child.content, strong=bool(strong), emphasis=bool(emphasis), href=None))
        elif kind == "image":
            spans.append(Span(child.content or "[bilde]", emphasis=True))
    return spans


@cache
def _parser() -> MarkdownIt:
    # Imported on first use: a start-up served from the content cache never needs the parser.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def parse_blocks(markdown: str) -> list[Block]:
    """Turn Markdown into display blocks; anything unusual degrades to plain text, never an error."""
    tokens = _parser().parse(markdown)
    walker = _Walker()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            walker.add_inline(tokens[index + 1], "heading", level=int(token.tag[1]))
            index += 2
        elif kind == "paragraph_open":
            walker.add_inline(tokens[index + 1], "paragraph")
            index += 2
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1)
            walker.lists.append(_ListState(kind == "ordered_list_open", start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            walker.lists.pop()
        elif kind == "list_item_open":
            state = walker.lists[-1]
            walker.pending_marker = f"{state.number}." if state.ordered else "•"
            state.number += 1
        elif kind == "list_item_close":
            walker.pending_marker = None
        elif kind == "blockquote_open":
            walker.quote_depth += 1
        elif kind == "blockquote_close":
            walker.quote_depth -= 1
        elif kind in ("fence", "code_block"):
            walker.blocks.append(Block("code", (Span(token.content.rstrip("\n"), code=True),)))
        elif kind == "hr":
            walker.blocks.append(Block("rule"))
        elif kind == "html_block":
            walker.blocks.append(Block("paragraph", (Span(token.content.strip()),)))
        index += 1
    return walker.blocks
