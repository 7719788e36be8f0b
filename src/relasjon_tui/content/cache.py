"""Provides a cache of the parsed guidance, so that start-up can skip the Markdown parser.

The cache is derived data: the guidance, never records. It is JSON, so reading it can never
run code, and it is used only when its key matches exactly: the cache format, the app's
version, and the size and modification time of every content file and of the modules that
parse them. Anything else (missing, stale, unreadable, malformed) means the folders are
parsed again, so a cache can make start-up slower or quicker, never wrong. A library with
errors is not cached: its errors must be reported on every start.

The package also ships a cache of its own guidance (`content-cache.json` beside this module,
written by tools/content_cache.py and checked by tests/test_content_cache.py), keyed by what the
files hold rather than where they are: so even the first start after an install, before any
cache of the user's exists, needs no Markdown parser.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from relasjon_tui import __version__
from relasjon_tui.content import blocks, model
from relasjon_tui.content.blocks import Block
from relasjon_tui.content.blocks import Span as TextSpan
from relasjon_tui.content.files import content_files
from relasjon_tui.content.model import Cadence, Document, Library, Question, Section, Span
from relasjon_tui.fsutil import read_regular, write_private_atomic

CACHE_FORMAT = 1
_PARSERS = [Path(model.__file__), Path(model.__file__).with_name("loader.py"), Path(blocks.__file__)]
"""The modules that parse the guidance: a new version of any makes every cache stale. (The
loader by its file: a start from the cache does not import it.)"""
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
        return _parse(builtin, local_dirs), None
    key = _key(builtin, local_dirs)
    library = _read(cache_file, key)
    if library is not None:
        return library, None
    if not local_dirs:
        shipped = _read(SHIPPED, shipped_key(builtin), root=builtin)
        if shipped is not None:
            return shipped, lambda: _write(cache_file, key, shipped)
    library = _parse(builtin, local_dirs)
    if library.errors:
        return library, None
    return library, lambda: _write(cache_file, key, library)


def _parse(builtin: Path, local_dirs: Sequence[Path]) -> Library:
    from relasjon_tui.content.loader import load_library  # the parser: only where no cache serves

    return load_library(builtin, local_dirs)


def _stamp(path: Path) -> list[Any]:
    try:
        info = os.stat(path)
    except OSError:
        return [str(path), None]
    return [str(path), info.st_size, info.st_mtime_ns]


def _key(builtin: Path, local_dirs: Sequence[Path]) -> list[Any]:
    files: list[Any] = []
    for directory in [builtin, *local_dirs]:
        found, problems = content_files(directory) if directory.is_dir() else ([], [])
        files.append([str(directory), directory.is_dir(), bool(problems), [_stamp(path) for path in found]])
    return [CACHE_FORMAT, __version__, [_stamp(path) for path in _PARSERS], files]


SHIPPED = Path(__file__).with_name("content-cache.json")
"""The cache of the built-in guidance that comes with the package."""


def shipped_key(builtin: Path) -> list[Any]:
    """What the shipped cache was made from: the cache format, the app's version, and a digest of
    each content file's name and bytes and of the modules that parse them (not paths or times,
    which differ on every machine)."""
    import hashlib  # only for a first start: a later one reads the user's cache

    digest = hashlib.sha256()
    found, _ = content_files(builtin)
    for path in [*found, *_PARSERS]:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1")  # unreadable: no cache can stand for it
        digest.update(b"\0")
    return [CACHE_FORMAT, __version__, digest.hexdigest()]


def write_shipped(builtin: Path, target: Path = SHIPPED) -> None:
    """Write the shipped cache for the guidance in `builtin` (tools/content_cache.py)."""
    library = _parse(builtin, ())
    if library.errors:
        raise ValueError("\n".join(str(error) for error in library.errors))
    documents = [
        {**orjson.loads(orjson.dumps(doc, default=str)), "path": doc.path.relative_to(builtin).as_posix()}
        for doc in library.documents
    ]
    payload = {"key": shipped_key(builtin), "documents": documents,
               "blocks": {doc.id: library.blocks(doc) for doc in library.documents}}  # fmt: skip
    target.write_bytes(orjson.dumps(payload, default=str, option=orjson.OPT_INDENT_2) + b"\n")


def _read(cache_file: Path, key: list[Any], *, root: Path | None = None) -> Library | None:
    """The library in `cache_file` if it was made for `key`; with `root`, its paths are relative to it."""
    try:
        raw = read_regular(cache_file)
        if len(raw) > _MAX_BYTES:
            return None
        payload = orjson.loads(raw)
        if payload.get("key") != orjson.loads(orjson.dumps(key)):
            return None
        items = payload["documents"]
        if root is not None:
            items = [{**item, "path": str(root / item["path"])} for item in items]
        documents = tuple(_document(item) for item in items)
        library = Library(documents)
        by_id = {document.id: document for document in documents}
        for doc_id, items in payload["blocks"].items():
            if doc_id in by_id:
                library._block_loaders[doc_id] = partial(_blocks, items, by_id[doc_id])
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


def _blocks(items: Any, document: Document) -> tuple[Block, ...]:
    # Built when the document is first shown, not as the cache is read: 1.7 ms of every start
    # for fourteen documents, one of which is shown. A damaged entry is parsed from the text.
    try:
        return tuple(_block(item) for item in items)
    except (ValueError, KeyError, TypeError, AttributeError):
        from relasjon_tui.content.blocks import parse_blocks

        return tuple(parse_blocks(document.body_markdown()))


def _block(item: dict[str, Any]) -> Block:
    return Block(
        kind=item["kind"],
        spans=tuple(TextSpan(**span) for span in item["spans"]),
        level=int(item["level"]),
        marker=item["marker"],
    )
