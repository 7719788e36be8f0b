"""Provides a cache of the parsed guidance, so that start-up can skip the Markdown parser.

The cache is derived data: the guidance, never records. It is JSON, so reading it can never
run code, and it is used only when its key matches exactly: the cache format, the app's
version, and the size and modification time of every content file and of the modules that
parse them. Anything else (missing, stale, unreadable, malformed) means the folders are
parsed again, so a cache can make start-up slower or quicker, never wrong. A library with
errors is not cached: its errors must be reported on every start.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from relasjon_tui import __version__
from relasjon_tui.content import blocks, loader, model
from relasjon_tui.content.blocks import Block
from relasjon_tui.content.blocks import Span as TextSpan
from relasjon_tui.content.loader import content_files, load_library
from relasjon_tui.content.model import Cadence, Document, Library, Question, Section, Span
from relasjon_tui.fsutil import read_regular, write_private_atomic

CACHE_FORMAT = 1
_MAX_BYTES = 20_000_000
"""Far above any real guidance; a larger file is not read into memory."""


def load_library_cached(builtin: Path, local_dirs: Sequence[Path], cache_file: Path | None) -> Library:
    """The same library `load_library` gives, from `cache_file` when it is current."""
    library, write_cache = open_library(builtin, local_dirs, cache_file)
    if write_cache is not None:
        write_cache()
    return library


def open_library(
    builtin: Path, local_dirs: Sequence[Path], cache_file: Path | None
) -> tuple[Library, Callable[[], None] | None]:
    """Like `load_library_cached`, but a cache write that is due is returned, not done.

    Writing the cache parses every document's text into display blocks; the app does that
    once its first screen is up, so that a first start is not slower for it.
    """
    if cache_file is None:
        return load_library(builtin, local_dirs), None
    key = _key(builtin, local_dirs)
    library = _read(cache_file, key)
    if library is not None:
        return library, None
    library = load_library(builtin, local_dirs)
    if library.errors:
        return library, None
    return library, lambda: _write(cache_file, key, library)


def _stamp(path: Path) -> list[Any]:
    try:
        info = os.stat(path)
    except OSError:
        return [str(path), None]
    return [str(path), info.st_size, info.st_mtime_ns]


def _key(builtin: Path, local_dirs: Sequence[Path]) -> list[Any]:
    parsers = [Path(module.__file__ or "") for module in (model, loader, blocks)]
    files: list[Any] = []
    for directory in [builtin, *local_dirs]:
        found, problems = content_files(directory) if directory.is_dir() else ([], [])
        files.append([str(directory), directory.is_dir(), bool(problems), [_stamp(path) for path in found]])
    return [CACHE_FORMAT, __version__, [_stamp(path) for path in parsers], files]


def _read(cache_file: Path, key: list[Any]) -> Library | None:
    try:
        raw = read_regular(cache_file)
        if len(raw) > _MAX_BYTES:
            return None
        payload = orjson.loads(raw)
        if payload.get("key") != orjson.loads(orjson.dumps(key)):
            return None
        documents = tuple(_document(item) for item in payload["documents"])
        library = Library(documents)
        for doc_id, items in payload["blocks"].items():
            library._blocks[doc_id] = tuple(_block(item) for item in items)
        return library
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # Whatever is wrong with a cache, the answer is the same: parse the folders again.
        return None


def _write(cache_file: Path, key: list[Any], library: Library) -> None:
    payload = {
        "key": key,
        "documents": library.documents,
        "blocks": {doc.id: library.blocks(doc) for doc in library.documents},
    }
    try:
        write_private_atomic(cache_file, orjson.dumps(payload, default=str))
    except OSError:
        pass  # Without a cache the next start parses again; nothing is lost.


def _span(item: dict[str, int] | None) -> Span | None:
    return None if item is None else Span(int(item["low"]), int(item["high"]))


def _document(item: dict[str, Any]) -> Document:
    cadence = item["cadence"]
    return Document(
        id=item["id"],
        title=item["title"],
        kind=item["kind"],
        order=int(item["order"]),
        path=Path(item["path"]),
        relation=item["relation"],
        cadence=Cadence(
            weeks=_span(cadence["weeks"]),
            frequencies=tuple(cadence["frequencies"]),
            fixed_times=bool(cadence["fixed_times"]),
            session_minutes=_span(cadence["session_minutes"]),
            group_max=_span(cadence["group_max"]),
            consent=tuple(cadence["consent"]),
        ),
        sections=tuple(
            Section(**{**section, "subheadings": tuple(section["subheadings"])}) for section in item["sections"]
        ),
        questions=tuple(Question(**question) for question in item["questions"]),
        local=bool(item["local"]),
    )


def _block(item: dict[str, Any]) -> Block:
    return Block(
        kind=item["kind"],
        spans=tuple(TextSpan(**span) for span in item["spans"]),
        level=int(item["level"]),
        marker=item["marker"],
    )
