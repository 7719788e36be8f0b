"""Provides the loader that turns folders of Markdown files into a `Library`.

File format (documented in the README): a header block between `---` lines with
`key: value` pairs, then `##` sections. A list item `- ?id (audience): text` is a question.
A broken file becomes a located `ContentError`; the other files still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

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
from relasjon_tui.textsafe import visible

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_ID_RE = re.compile(rf"^{_ID}$")
_QUESTION_RE = re.compile(rf"^\?(?P<id>{_ID})\s+\((?P<audience>[^)]*)\):\s*(?P<text>.+)$", re.DOTALL)
_MARKER_RE = re.compile(rf"\?{_ID}\s+\([^)]*\):\s*")
_SPAN_RE = re.compile(r"^(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?$")

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

# Headings the app recognises, folded; each maps to a section kind.
_HEADING_KINDS = {
    "beskrivelse": "beskrivelse",
    "beskrivelse av tiltaket": "beskrivelse",
    "er dette rett tiltak": "rett-tiltak",
    "tidsperiode og varighet": "varighet",
    "forberedelser": "forberedelser",
    "hvem kan vaere kontaktperson": "kontaktperson",
    "slik gar dere fram": "gjennomforing",
    "eksempler pa ressurser": "ressurser",
    "nar passer tiltaket": "passer",
    "nar bor dere vaere forsiktige": "forsiktig",
    "forutsetninger for a lykkes": "forutsetninger",
    "refleksjonssporsmal": "refleksjon",
}

_KIND_ORDER = {"tiltak": 0, "generelt": 1}

_REQUIRED_TITLES = {
    "beskrivelse": "Beskrivelse",
    "passer": "Når passer tiltaket?",
    "forsiktig": "Når bør dere være forsiktige?",
}


class _FileError(Exception):
    """A problem inside one file, before the file's path is attached."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def heading_kind(title: str) -> str | None:
    """The section kind for a heading, or None for a free section."""
    key = re.sub(r"[^a-z0-9 ]+", "", fold(title)).strip()
    return _HEADING_KINDS.get(re.sub(r"\s+", " ", key))


def _parse_span(value: str, line: int, key: str) -> Span:
    match = _SPAN_RE.match(value.strip())
    if not match:
        raise _FileError(line, f"«{key}» må være et tall eller et spenn som 2-4, ikke «{value}»")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if high < low or low < 1:
        raise _FileError(line, f"«{key}»: spennet {value} er ugyldig")
    return Span(low, high)


def _parse_list(value: str, allowed: Iterable[str], line: int, key: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(",") if item.strip())
    allowed = tuple(allowed)
    for item in items:
        if item not in allowed:
            raise _FileError(line, f"«{key}»: ukjent verdi «{item}»; gyldige er {', '.join(allowed)}")
    return items


def _parse_header(lines: list[str]) -> tuple[dict[str, tuple[str, int]], int]:
    """Read the `---` header block; return its pairs (with line numbers) and the body's first index."""
    if not lines or lines[0].strip() != "---":
        raise _FileError(1, "filen må starte med en toppblokk mellom to linjer med ---")
    pairs: dict[str, tuple[str, int]] = {}
    for index in range(1, len(lines)):
        line_no = index + 1
        raw = lines[index]
        if raw.strip() == "---":
            return pairs, index + 1
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        key, sep, value = raw.partition(":")
        key = key.strip()
        if not sep:
            raise _FileError(line_no, f"forventet «nøkkel: verdi» i toppblokken, fant «{raw.strip()}»")
        if key not in _HEADER_KEYS:
            raise _FileError(line_no, f"ukjent nøkkel «{key}»; gyldige er {', '.join(sorted(_HEADER_KEYS))}")
        if key in pairs:
            raise _FileError(line_no, f"nøkkelen «{key}» står to ganger")
        pairs[key] = (value.strip(), line_no)
    raise _FileError(1, "toppblokken mangler den avsluttende linjen ---")


def _cadence(header: dict[str, tuple[str, int]]) -> Cadence:
    def span(key: str) -> Span | None:
        if key not in header:
            return None
        value, line = header[key]
        return _parse_span(value, line, key)

    frequencies: tuple = ()
    if "hyppighet" in header:
        frequencies = _parse_list(header["hyppighet"][0], FREQUENCIES, header["hyppighet"][1], "hyppighet")
    consent: tuple = ()
    if "samtykke" in header:
        consent = _parse_list(header["samtykke"][0], CONSENT_FROM, header["samtykke"][1], "samtykke")
    fixed = False
    if "faste-tidspunkter" in header:
        value, line = header["faste-tidspunkter"]
        if value not in ("ja", "nei"):
            raise _FileError(line, f"«faste-tidspunkter» må være ja eller nei, ikke «{value}»")
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
    """Parse one file's text; raises `_FileError` with a line number."""
    lines = visible(text.replace("\r\n", "\n")).split("\n")
    header, body_start = _parse_header(lines)

    def required(key: str) -> str:
        if key not in header or not header[key][0]:
            raise _FileError(1, f"toppblokken mangler «{key}»")
        return header[key][0]

    doc_id = required("id")
    if not _ID_RE.match(doc_id):
        raise _FileError(header["id"][1], f"id «{doc_id}» kan bare ha små bokstaver a–z, tall og bindestrek")
    title = required("tittel")
    kind = required("type")
    if kind not in _KIND_ORDER:
        raise _FileError(header["type"][1], f"type må være tiltak eller generelt, ikke «{kind}»")
    relation = header.get("relasjon", ("", 0))[0] or None
    if kind == "tiltak":
        if relation not in RELATIONS:
            line = header["relasjon"][1] if "relasjon" in header else 1
            raise _FileError(line, "et tiltak må ha «relasjon: ansatt-elev» eller «relasjon: elev-elev»")
    elif relation is not None:
        raise _FileError(header["relasjon"][1], "bare tiltak har relasjon")
    order = 999
    if "rekkefolge" in header:
        value, line = header["rekkefolge"]
        if not value.isdigit():
            raise _FileError(line, f"«rekkefolge» må være et heltall, ikke «{value}»")
        order = int(value)

    body = lines[body_start:]
    sections, questions = _parse_body(body, body_start, doc_id)
    if kind == "tiltak":
        kinds = {section.kind for section in sections}
        for needed in REQUIRED_MEASURE_SECTIONS:
            if needed not in kinds:
                raise _FileError(
                    body_start + 1,
                    f"tiltaket mangler seksjonen «{_REQUIRED_TITLES[needed]}» (## {_REQUIRED_TITLES[needed]})",
                )
    return Document(
        id=doc_id,
        title=title,
        kind=kind,  # type: ignore[arg-type]
        order=order,
        path=path,
        relation=relation,  # type: ignore[arg-type]
        cadence=_cadence(header),
        sections=tuple(sections),
        questions=tuple(questions),
        local=local,
    )


@cache
def _structure_parser() -> MarkdownIt:
    # Imported here: `relasjon logg` needs only the header blocks (see `scan_measures`) and
    # should not pay for the Markdown parser.
    from markdown_it import MarkdownIt

    # The model needs the block structure only: the raw text of each inline token is kept,
    # and inline Markdown is parsed where the text is drawn.
    return MarkdownIt("commonmark").disable("inline")


def _parse_body(body: list[str], offset: int, doc_id: str) -> tuple[list[Section], list[Question]]:
    tokens = _structure_parser().parse("\n".join(body))
    # Pass 1: find headings and questions, with their lines (0-based within `body`).
    headings: list[tuple[int, int, str]] = []  # (level, line, title)
    found: list[tuple[int, re.Match[str]]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            level = int(token.tag[1])
            title = tokens[index + 1].content.strip()
            if level == 1:
                raise _FileError(offset + token.map[0] + 1, "bruk ## for seksjoner; tittelen står i toppblokken")
            headings.append((level, token.map[0], title))
        elif (
            token.type == "inline"
            and token.content.startswith("?")
            and index >= 2
            and tokens[index - 1].type == "paragraph_open"
            and tokens[index - 2].type == "list_item_open"
        ):
            line = tokens[index - 1].map[0] if tokens[index - 1].map else 0
            match = _QUESTION_RE.match(token.content)
            if not match:
                raise _FileError(offset + line + 1, "spørsmål skrives «- ?id (ledere|ansatte|alle): tekst»")
            if match.group("audience") not in AUDIENCES:
                raise _FileError(
                    offset + line + 1,
                    f"ukjent målgruppe «{match.group('audience')}»; gyldige er {', '.join(AUDIENCES)}",
                )
            found.append((line, match))

    h2 = [(line, title) for level, line, title in headings if level == 2]
    if not h2:
        raise _FileError(offset + 1, "filen har ingen seksjoner (## Overskrift)")
    first_text = next((i for i, line in enumerate(body) if line.strip()), None)
    if first_text is not None and first_text < h2[0][0]:
        raise _FileError(offset + first_text + 1, "tekst før første ## seksjon")

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
    """A content file could not be loaded; `error` says where and why."""

    def __init__(self, error: ContentError) -> None:
        super().__init__(str(error))
        self.error = error


def load_file(path: Path, *, local: bool = False) -> Document:
    """Load one file; raises `ContentFileError` with the file and line on any problem."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentFileError(ContentError(path, 1, f"filen er ikke gyldig UTF-8 ({error.reason})")) from None
    except OSError as error:
        raise ContentFileError(ContentError(path, 1, f"kan ikke lese filen ({error.strerror})")) from None
    try:
        return parse_document(path, text, local=local)
    except _FileError as error:
        raise ContentFileError(ContentError(path, error.line, error.message)) from None


def content_files(directory: Path) -> tuple[list[Path], list[ContentError]]:
    """The content files of a folder in load order, and a problem if the folder cannot be read."""
    try:
        return sorted(p for p in directory.glob("*.md") if p.is_file() and p.name.lower() != "readme.md"), []
    except OSError as error:
        return [], [ContentError(directory, 0, f"kan ikke lese mappen ({error.strerror})")]


def load_library(builtin: Path, local_dirs: Sequence[Path] = ()) -> Library:
    """Load the built-in folder and any local folders. Ids must be unique across all of them."""
    documents: list[Document] = []
    errors: list[ContentError] = []
    doc_ids: dict[str, Path] = {}
    question_ids: dict[str, Path] = {}
    sources = [(builtin, False)] + [(directory, True) for directory in local_dirs]
    for directory, local in sources:
        if local and not directory.is_dir():
            errors.append(ContentError(directory, 0, "mappen finnes ikke"))
            continue
        paths, folder_errors = content_files(directory)
        errors.extend(folder_errors)
        for path in paths:
            try:
                doc = load_file(path, local=local)
            except ContentFileError as problem:
                errors.append(problem.error)
                continue
            clash = _clash(doc, doc_ids, question_ids)
            if clash:
                errors.append(clash)
                continue
            doc_ids[doc.id] = path
            question_ids.update({question.id: path for question in doc.questions})
            documents.append(doc)
    documents.sort(key=_display_key)
    return Library(tuple(documents), tuple(errors))


def _clash(doc: Document, doc_ids: dict[str, Path], question_ids: dict[str, Path]) -> ContentError | None:
    if doc.id in doc_ids:
        return ContentError(doc.path, 1, f"id «{doc.id}» er allerede brukt i {doc_ids[doc.id]}")
    seen: set[str] = set()
    for question in doc.questions:
        if question.id in question_ids or question.id in seen:
            where = question_ids.get(question.id, doc.path)
            return ContentError(doc.path, question.line, f"spørsmåls-id «{question.id}» er allerede brukt i {where}")
        seen.add(question.id)
    return None


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
                header, _ = _parse_header(lines)
                if header.get("type", ("", 0))[0] != "tiltak" or "id" not in header:
                    continue
                info = MeasureInfo(header["id"][0], header.get("tittel", ("", 0))[0], _cadence(header))
            except (OSError, UnicodeDecodeError, _FileError):
                continue
            measures.setdefault(info.id, info)
    return measures
