"""Provides the typed model of the guidance: documents, sections, questions and cadence."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Callable

    from relasjon_tui.content.blocks import Block

Relation = Literal["ansatt-elev", "elev-elev"]
Audience = Literal["ledere", "ansatte", "alle"]
DocumentKind = Literal["tiltak", "generelt"]
Frequency = Literal["daglig", "ukentlig", "jevnlig"]
ConsentFrom = Literal["elev", "foreldre"]

RELATIONS: tuple[Relation, ...] = ("ansatt-elev", "elev-elev")
AUDIENCES: tuple[Audience, ...] = ("ledere", "ansatte", "alle")
FREQUENCIES: tuple[Frequency, ...] = ("daglig", "ukentlig", "jevnlig")
CONSENT_FROM: tuple[ConsentFrom, ...] = ("elev", "foreldre")

REQUIRED_MEASURE_SECTIONS = ("beskrivelse", "passer", "forsiktig")


@dataclass(frozen=True, slots=True)
class Span:
    """A whole-number range such as «2 til 4» (low == high for a single number)."""

    low: int
    high: int

    @property
    def middle(self) -> int:
        """The value in the middle, rounded down: a sensible default."""
        return (self.low + self.high) // 2

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often and how long a measure runs, where the guidance says so."""

    weeks: Span | None = None
    frequencies: tuple[Frequency, ...] = ()
    fixed_times: bool = False
    session_minutes: Span | None = None
    group_max: Span | None = None
    consent: tuple[ConsentFrom, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A question the guidance asks, with an id that never changes when wording is polished."""

    id: str
    text: str
    audience: Audience
    document_id: str
    section_id: str
    group: str
    """The heading the question stands under (for example «Til ledere»)."""
    reflection: bool
    """True for the questions under a «Refleksjonsspørsmål» heading; False for other prompts."""
    line: int


@dataclass(frozen=True, slots=True)
class Section:
    """One `##` section of a document."""

    id: str
    kind: str
    title: str
    markdown: str
    """The body as Markdown ready to render: question markers removed, controls made visible."""
    line: int
    subheadings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A measure or a general part of the guidance."""

    id: str
    title: str
    kind: DocumentKind
    order: int
    path: Path
    relation: Relation | None = None
    cadence: Cadence = field(default_factory=Cadence)
    sections: tuple[Section, ...] = ()
    questions: tuple[Question, ...] = ()
    local: bool = False
    """True when the document comes from a school's own folder rather than the app."""

    @property
    def is_measure(self) -> bool:
        return self.kind == "tiltak"

    def section(self, kind_or_id: str) -> Section | None:
        """The first section of that kind (or with that id), if any."""
        for section in self.sections:
            if section.kind == kind_or_id or section.id == kind_or_id:
                return section
        return None

    def body_markdown(self) -> str:
        """The document as one Markdown text, one `##` heading per section."""
        return "\n\n".join(f"## {section.title}\n\n{section.markdown}".rstrip() for section in self.sections)


@dataclass(frozen=True, slots=True)
class ContentError:
    """A problem in a content file, located so the author can find it."""

    path: Path
    line: int
    """1 and up within a file; 0 for a problem with a folder as a whole."""
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Library:
    """Every document that loaded, in display order, and every error met on the way."""

    documents: tuple[Document, ...]
    errors: tuple[ContentError, ...] = ()
    _blocks: dict[str, tuple[Block, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Display blocks per document id, parsed or built on first use."""
    _block_loaders: dict[str, Callable[[], tuple[Block, ...]]] = field(default_factory=dict, compare=False, repr=False)
    """Per document id, how the content cache builds its blocks (instead of parsing its text):
    built on first use, so a start builds only those of the document it shows."""

    @property
    def measures(self) -> tuple[Document, ...]:
        return tuple(doc for doc in self.documents if doc.is_measure)

    @property
    def general(self) -> tuple[Document, ...]:
        return tuple(doc for doc in self.documents if not doc.is_measure)

    def measures_for(self, relation: Relation) -> tuple[Document, ...]:
        return tuple(doc for doc in self.measures if doc.relation == relation)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(question for doc in self.documents for question in doc.questions)

    def document(self, document_id: str) -> Document | None:
        for doc in self.documents:
            if doc.id == document_id:
                return doc
        return None

    def blocks(self, document: Document) -> tuple[Block, ...]:
        """The document's text as display blocks (parsed once)."""
        if document.id not in self._blocks:
            load = self._block_loaders.pop(document.id, None)
            if load is None:
                from relasjon_tui.content.blocks import parse_blocks

                self._blocks[document.id] = tuple(parse_blocks(document.body_markdown()))
            else:
                self._blocks[document.id] = load()
        return self._blocks[document.id]

    def question_labels(self) -> dict[str, tuple[str, str]]:
        """Per question id: a context line («Elevgrupper · Til ledere») and the question's text."""
        from relasjon_tui.strings import t

        labels = {}
        for doc in self.documents:
            for question in doc.questions:
                labels[question.id] = (f"{doc.title} · {t(f'audience_{question.audience}')}", question.text)
        return labels

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None
