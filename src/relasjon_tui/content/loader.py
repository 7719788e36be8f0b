"""Provides the loader that turns folders of Markdown files into a `Library`.

File format (documented in the README): a header block between `---` lines with
`key: value` pairs (a `#` at the start of a line, or after a space, begins a comment), then
`##` sections. A list item `- ?id (audience): text` is a question. Every problem of a broken
file becomes a located `ContentError` and the file is left out; the other files still load.
Messages are in the UI language; section headings are recognised in bokmål, nynorsk and
English (the guidance itself is bokmål).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from relasjon_tui.content.files import content_files
from relasjon_tui.content.model import (
    AUDIENCES,
    CONSENT_FROM,
    FREQUENCIES,
    RELATIONS,
    REQUIRED_MEASURE_SECTIONS,
    Cadence,
    ContentError,
    Document,
    Library,
    Question,
    Section,
    Span,
)
from relasjon_tui.content.normalise import fold, slugify
from relasjon_tui.strings import t
from relasjon_tui.textsafe import visible

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_ID_RE = re.compile(rf"^{_ID}$")
_QUESTION_RE = re.compile(rf"^\?(?P<id>{_ID})\s+\((?P<audience>[^)]*)\):\s*(?P<text>.+)$", re.DOTALL)
_MARKER_RE = re.compile(rf"\?{_ID}\s+\([^)]*\):\s*")
_SPAN_RE = re.compile(r"^(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?$")
_COMMENT_RE = re.compile(r"(?:^|\s)#.*$")

_HEADER_KEYS = {
    "id",
    "tittel",
    "type",
    "relasjon",
    "rekkefolge",
    "periode-uker",
    "hyppighet",
    "faste-tidspunkter",
    "okt-minutter",
    "gruppe-maks",
    "samtykke",
}

# Headings the app recognises, folded (see `heading_kind`), in bokmål, nynorsk and English;
# each maps to a section kind.
_HEADINGS = {
    "beskrivelse": (
        "beskrivelse", "beskrivelse av tiltaket", "skildring", "skildring av tiltaket", "beskriving",
        "description", "description of the measure",
    ),
    "rett-tiltak": ("er dette rett tiltak", "er dette det rette tiltaket", "is this the right measure"),
    "varighet": (
        "tidsperiode og varighet", "tidsperiode og varigheit", "period and duration", "time period and duration",
    ),
    "forberedelser": ("forberedelser", "forebuingar", "forebuing", "preparations", "preparation"),
    "kontaktperson": (
        "hvem kan vaere kontaktperson", "kven kan vere kontaktperson", "who can be the contact person",
        "who can be a contact person",
    ),
    "gjennomforing": ("slik gar dere fram", "slik gar de fram", "how to go about it", "how to proceed"),
    "ressurser": (
        "eksempler pa ressurser", "eksempel pa ressursar", "dome pa ressursar", "examples of resources",
    ),
    "passer": (
        "nar passer tiltaket", "nar passar tiltaket", "when does the measure fit", "when is the measure suitable",
    ),
    "forsiktig": (
        "nar bor dere vaere forsiktige", "nar bor de vere forsiktige", "nar bor de vere varsame", "when to be careful",
        "when should you be careful",
    ),
    "forutsetninger": (
        "forutsetninger for a lykkes", "foresetnader for a lukkast", "conditions for success",
        "prerequisites for success",
    ),
    "refleksjon": ("refleksjonssporsmal", "reflection questions", "questions for reflection"),
}  # fmt: skip
_HEADING_KINDS = {heading: kind for kind, headings in _HEADINGS.items() for heading in headings}

_KIND_ORDER = {"tiltak": 0, "generelt": 1}


class _FileError(Exception):
    """A problem that stops the reading of one file, before the file's path is attached."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Problems:
    """Every problem met in one file, each with its line; reading goes on after each."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self.found.append((line, message))

    def __bool__(self) -> bool:
        return bool(self.found)


def heading_kind(title: str) -> str | None:
    """The section kind for a heading, or None for a free section."""
    key = re.sub(r"[^a-z0-9 ]+", "", fold(title)).strip()
    return _HEADING_KINDS.get(re.sub(r"\s+", " ", key))


def _parse_span(value: str, line: int, key: str, problems: _Problems) -> Span | None:
    match = _SPAN_RE.match(value.strip())
    if not match:
        problems.add(line, t("content_span", name=key, value=value))
        return None
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if high < low or low < 1:
        problems.add(line, t("content_span_order", name=key, value=value))
        return None
    return Span(low, high)


def _parse_list(value: str, allowed: Iterable[str], line: int, key: str, problems: _Problems) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(",") if item.strip())
    allowed = tuple(allowed)
    for item in items:
        if item not in allowed:
            problems.add(line, t("content_list_value", name=key, item=item, allowed=", ".join(allowed)))
    return tuple(item for item in items if item in allowed)


def _parse_header(lines: list[str], problems: _Problems) -> tuple[dict[str, tuple[str, int]], int]:
    """Read the `---` header block; return its pairs (with line numbers) and the body's first index.

    A line that cannot be read is noted in `problems` and skipped; a header with no start or
    no end raises `_FileError`, since the body cannot be found then."""
    if not lines or lines[0].strip() != "---":
        raise _FileError(1, t("content_no_header"))
    pairs: dict[str, tuple[str, int]] = {}
    for index in range(1, len(lines)):
        line_no = index + 1
        raw = lines[index]
        if raw.strip() == "---":
            return pairs, index + 1
        text = _COMMENT_RE.sub("", raw).strip()
        if not text:
            continue
        key, sep, value = text.partition(":")
        key = key.strip()
        if not sep:
            problems.add(line_no, t("content_header_pair", text=raw.strip()))
        elif key not in _HEADER_KEYS:
            problems.add(line_no, t("content_header_key", name=key, allowed=", ".join(sorted(_HEADER_KEYS))))
        elif key in pairs:
            problems.add(line_no, t("content_header_twice", name=key, first=pairs[key][1]))
        else:
            pairs[key] = (value.strip(), line_no)
    raise _FileError(1, t("content_header_unclosed"))


def _cadence(header: dict[str, tuple[str, int]], problems: _Problems) -> Cadence:
    def span(key: str) -> Span | None:
        if key not in header:
            return None
        value, line = header[key]
        return _parse_span(value, line, key, problems)

    def listed(key: str, allowed: Iterable[str]) -> tuple:
        if key not in header:
            return ()
        return _parse_list(header[key][0], allowed, header[key][1], key, problems)

    frequencies = listed("hyppighet", FREQUENCIES)
    consent = listed("samtykke", CONSENT_FROM)
    fixed = False
    if "faste-tidspunkter" in header:
        value, line = header["faste-tidspunkter"]
        if value not in ("ja", "nei"):
            problems.add(line, t("content_fixed_times", value=value))
        fixed = value == "ja"
    return Cadence(
        weeks=span("periode-uker"),
        frequencies=frequencies,
        fixed_times=fixed,
        session_minutes=span("okt-minutter"),
        group_max=span("gruppe-maks"),
        consent=consent,
    )


def parse_document(path: Path, text: str, *, local: bool = False) -> Document:
    """Parse one file's text; raises `_FileErrors` with every problem, each with its line."""
    problems = _Problems()
    lines = visible(text.replace("\r\n", "\n")).split("\n")
    try:
        header, body_start = _parse_header(lines, problems)
    except _FileError as error:
        raise _FileErrors([*problems.found, (error.line, error.message)]) from None

    def required(key: str) -> str:
        if key not in header or not header[key][0]:
            problems.add(1, t("content_header_missing", name=key))
            return ""
        return header[key][0]

    doc_id = required("id")
    if doc_id and not _ID_RE.match(doc_id):
        problems.add(header["id"][1], t("content_bad_id", id=doc_id))
    title = required("tittel")
    kind = required("type")
    if kind and kind not in _KIND_ORDER:
        problems.add(header["type"][1], t("content_bad_type", kind=kind))
    relation = header.get("relasjon", ("", 0))[0] or None
    if kind == "tiltak":
        if relation not in RELATIONS:
            line = header["relasjon"][1] if "relasjon" in header else 1
            problems.add(line, t("content_relation_needed"))
    elif relation is not None and kind in _KIND_ORDER:
        problems.add(header["relasjon"][1], t("content_relation_only_measures"))
    order = 999
    if "rekkefolge" in header:
        value, line = header["rekkefolge"]
        if value.isdigit():
            order = int(value)
        else:
            problems.add(line, t("content_order", value=value))
    cadence = _cadence(header, problems)

    body = lines[body_start:]
    sections, questions = _parse_body(body, body_start, doc_id, problems)
    if kind == "tiltak" and sections:
        kinds = {section.kind for section in sections}
        for needed in REQUIRED_MEASURE_SECTIONS:
            if needed not in kinds:
                problems.add(body_start + 1, t("content_missing_section", title=t(f"content_section_{needed}")))
    if problems:
        raise _FileErrors(problems.found)
    return Document(
        id=doc_id,
        title=title,
        kind=kind,  # type: ignore[arg-type]
        order=order,
        path=path,
        relation=relation,  # type: ignore[arg-type]
        cadence=cadence,
        sections=tuple(sections),
        questions=tuple(questions),
        local=local,
    )


class _FileErrors(Exception):
    """Every problem of one file, in line order, before the file's path is attached."""

    def __init__(self, found: list[tuple[int, str]]) -> None:
        super().__init__(found)
        self.found = sorted(found, key=lambda problem: problem[0])


@cache
def _structure_parser() -> MarkdownIt:
    # Imported here: `relasjon logg` needs only the header blocks (see `scan_measures`) and
    # should not pay for the Markdown parser.
    from markdown_it import MarkdownIt

    # The model needs the block structure only: the raw text of each inline token is kept,
    # and inline Markdown is parsed where the text is drawn.
    return MarkdownIt("commonmark").disable("inline")


def _parse_body(body: list[str], offset: int, doc_id: str, problems: _Problems) -> tuple[list[Section], list[Question]]:
    tokens = _structure_parser().parse("\n".join(body))
    # Pass 1: find headings and questions, with their lines (0-based within `body`).
    headings: list[tuple[int, int, str]] = []  # (level, line, title)
    found: list[tuple[int, re.Match[str]]] = []
    top_level = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            level = int(token.tag[1])
            title = tokens[index + 1].content.strip()
            if level == 1:
                problems.add(offset + token.map[0] + 1, t("content_h1"))
                top_level = True
                continue
            headings.append((level, token.map[0], title))
        elif (
            token.type == "inline"
            and token.content.startswith("?")
            and index >= 2
            and tokens[index - 1].type == "paragraph_open"
            and tokens[index - 2].type == "list_item_open"
        ):
            where = tokens[index - 1].map
            line = where[0] if where else 0
            match = _QUESTION_RE.match(token.content)
            if not match:
                problems.add(offset + line + 1, t("content_question_form"))
            elif match.group("audience") not in AUDIENCES:
                problems.add(
                    offset + line + 1,
                    t("content_audience", audience=match.group("audience"), allowed=", ".join(AUDIENCES)),
                )
            else:
                found.append((line, match))

    h2 = [(line, title) for level, line, title in headings if level == 2]
    if not h2:
        if not top_level:
            problems.add(offset + 1, t("content_no_sections"))
        return [], []
    first_text = next((i for i, line in enumerate(body) if line.strip()), None)
    if first_text is not None and first_text < h2[0][0]:
        problems.add(offset + first_text + 1, t("content_text_before"))

    for line, _ in found:
        body[line] = _MARKER_RE.sub("", body[line], count=1)

    sections: list[Section] = []
    questions: list[Question] = []
    used_ids: set[str] = set()
    for number, (start, title) in enumerate(h2):
        end = h2[number + 1][0] if number + 1 < len(h2) else len(body)
        kind = heading_kind(title)
        section_id = kind if kind and kind not in used_ids else slugify(title)
        base, suffix = section_id, 2
        while section_id in used_ids:
            section_id, suffix = f"{base}-{suffix}", suffix + 1
        used_ids.add(section_id)
        subheadings = [(line, sub) for level, line, sub in headings if level >= 3 and start < line < end]
        for line, match in found:
            if not start < line < end:
                continue
            group = next((sub for sub_line, sub in reversed(subheadings) if sub_line < line), title)
            questions.append(
                Question(
                    id=match.group("id"),
                    text=" ".join(match.group("text").split()),
                    audience=match.group("audience"),  # type: ignore[arg-type]
                    document_id=doc_id,
                    section_id=section_id,
                    group=group,
                    reflection=kind == "refleksjon",
                    line=offset + line + 1,
                )
            )
        sections.append(
            Section(
                id=section_id,
                kind=kind or "annet",
                title=title,
                markdown="\n".join(body[start + 1 : end]).strip("\n"),
                line=offset + start + 1,
                subheadings=tuple(sub for _, sub in subheadings),
            )
        )
    return sections, questions


class ContentFileError(Exception):
    """A content file could not be loaded; `errors` says where and why, every problem of it
    in line order (`error` is the first)."""

    def __init__(self, errors: Sequence[ContentError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = tuple(errors)
        self.error = self.errors[0]


def load_file(path: Path, *, local: bool = False) -> Document:
    """Load one file; raises `ContentFileError` with every problem, each with file and line."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentFileError([ContentError(path, 1, t("content_not_utf8", reason=error.reason))]) from None
    except OSError as error:
        raise ContentFileError([ContentError(path, 1, t("content_unreadable", error=error.strerror))]) from None
    try:
        return parse_document(path, text, local=local)
    except _FileErrors as problems:
        raise ContentFileError([ContentError(path, line, message) for line, message in problems.found]) from None


def load_library(builtin: Path, local_dirs: Sequence[Path] = ()) -> Library:
    """Load the built-in folder and any local folders. Ids must be unique across all of them.

    `errors` holds every problem of every file (a file with any is left out), in load order."""
    documents: list[Document] = []
    errors: list[ContentError] = []
    doc_ids: dict[str, Path] = {}
    question_ids: dict[str, Path] = {}
    sources = [(builtin, False)] + [(directory, True) for directory in local_dirs]
    for directory, local in sources:
        if local and not directory.is_dir():
            errors.append(ContentError(directory, 0, t("content_folder_missing")))
            continue
        paths, folder_errors = content_files(directory)
        errors.extend(folder_errors)
        for path in paths:
            try:
                doc = load_file(path, local=local)
            except ContentFileError as problem:
                errors.extend(problem.errors)
                continue
            clashes = _clashes(doc, doc_ids, question_ids)
            if clashes:
                errors.extend(clashes)
                continue
            doc_ids[doc.id] = path
            question_ids.update({question.id: path for question in doc.questions})
            documents.append(doc)
    documents.sort(key=_display_key)
    return Library(tuple(documents), tuple(errors))


def _clashes(doc: Document, doc_ids: dict[str, Path], question_ids: dict[str, Path]) -> list[ContentError]:
    clashes = []
    if doc.id in doc_ids:
        clashes.append(ContentError(doc.path, 1, t("content_id_used", id=doc.id, path=doc_ids[doc.id])))
    seen: set[str] = set()
    for question in doc.questions:
        if question.id in question_ids or question.id in seen:
            where = question_ids.get(question.id, doc.path)
            clashes.append(
                ContentError(doc.path, question.line, t("content_question_id_used", id=question.id, path=where))
            )
        seen.add(question.id)
    return clashes


def content_report(library: Library) -> list[str]:
    """What `relasjon sjekk --content` prints: every problem with file and line, then a summary."""
    lines = [str(error) for error in library.errors]
    if not library.errors:
        lines.append(
            t(
                "content_check_ok",
                documents=len(library.documents),
                measures=len(library.measures),
                questions=len(library.questions),
            )
        )
    else:
        files = len({error.path for error in library.errors})
        key = "content_check_one" if len(library.errors) == 1 else "content_check_problems"
        lines.append(t(key, count=len(library.errors), files=files))
    return lines


def _display_key(doc: Document) -> tuple:
    relation = RELATIONS.index(doc.relation) if doc.relation in RELATIONS else 0
    return (_KIND_ORDER[doc.kind], relation, doc.local, doc.order, fold(doc.title))


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """What the command line needs of a measure: its title and cadence, from the header alone."""

    id: str
    title: str
    cadence: Cadence


def scan_measures(builtin: Path, local_dirs: Sequence[Path] = ()) -> dict[str, MeasureInfo]:
    """Read only the header blocks of every file and return the measures. Broken files are skipped;
    `load_library` is the place that reports them."""
    measures: dict[str, MeasureInfo] = {}
    for directory in [builtin, *local_dirs]:
        paths, _ = content_files(directory) if directory.is_dir() else ([], [])
        for path in paths:
            try:
                lines = visible(path.read_bytes().decode("utf-8").replace("\r\n", "\n")).split("\n")
                problems = _Problems()
                header, _ = _parse_header(lines, problems)
                if header.get("type", ("", 0))[0] != "tiltak" or "id" not in header:
                    continue
                info = MeasureInfo(header["id"][0], header.get("tittel", ("", 0))[0], _cadence(header, problems))
            except (OSError, UnicodeDecodeError, _FileError):
                continue
            if problems:
                continue
            measures.setdefault(info.id, info)
    return measures
