"""The content cache gives the very library the loader gives, and is never trusted when stale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relasjon_tui import paths
from relasjon_tui.content import cache
from relasjon_tui.content.cache import load_library_cached
from relasjon_tui.content.loader import load_library
from relasjon_tui.content.model import Library


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(paths.builtin_content_dir(), folder)
    return folder


def _same(a: Library, b: Library) -> None:
    assert a.documents == b.documents
    assert a.errors == b.errors
    for doc in a.documents:
        assert a.blocks(doc) == b.blocks(doc), doc.id


def test_cached_library_equals_parsed_library(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_file = tmp_path / "cache" / "innhold.json"
    first = load_library_cached(content, [], cache_file)
    assert cache_file.exists()
    assert cache_file.stat().st_mode & 0o777 == 0o600
    assert cache_file.parent.stat().st_mode & 0o777 == 0o700

    def must_not_parse(*_args: object) -> Library:
        raise AssertionError("parsed although the cache was current")

    monkeypatch.setattr(cache, "_parse", must_not_parse)
    second = load_library_cached(content, [], cache_file)
    _same(second, load_library(content))
    _same(second, first)


def test_an_edited_file_is_parsed_again(content: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    load_library_cached(content, [], cache_file)
    target = content / "elevgrupper.md"
    text = target.read_text(encoding="utf-8").replace("tittel: Elevgrupper", "tittel: Elevgrupper (endret)")
    target.write_text(text, encoding="utf-8")
    library = load_library_cached(content, [], cache_file)
    assert library.document("elevgrupper").title == "Elevgrupper (endret)"


def test_a_new_local_folder_changes_the_key(content: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    load_library_cached(content, [], cache_file)
    local = tmp_path / "lokalt"
    local.mkdir()
    (local / "egen.md").write_text(
        "---\nid: eget-tiltak\ntittel: Eget tiltak\ntype: tiltak\nrelasjon: elev-elev\n---\n"
        "## Beskrivelse\n\nTekst.\n\n## Når passer tiltaket?\n\nOfte.\n\n## Når bør dere være forsiktige?\n\nAlltid.\n",
        encoding="utf-8",
    )
    library = load_library_cached(content, [local], cache_file)
    assert library.document("eget-tiltak") is not None


def test_a_library_with_errors_is_not_cached_so_errors_show_every_time(content: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    (content / "brutt.md").write_text("ingen toppblokk\n", encoding="utf-8")
    assert load_library_cached(content, [], cache_file).errors
    assert not cache_file.exists()
    assert load_library_cached(content, [], cache_file).errors


@pytest.mark.parametrize(
    "damage",
    [b"", b"{", b"[]", b'{"key": 1}', b"\xff\xfe", b'{"key": null, "documents": [], "blocks": {}}'],
)
def test_a_damaged_cache_is_ignored(content: Path, tmp_path: Path, damage: bytes) -> None:
    cache_file = tmp_path / "cache.json"
    load_library_cached(content, [], cache_file)
    cache_file.write_bytes(damage)
    _same(load_library_cached(content, [], cache_file), load_library(content))


def test_a_cache_with_the_right_key_but_wrong_shape_is_ignored(content: Path, tmp_path: Path) -> None:
    import orjson

    cache_file = tmp_path / "cache.json"
    load_library_cached(content, [], cache_file)
    payload = orjson.loads(cache_file.read_bytes())
    payload["documents"][0]["sections"] = "ikke en liste"
    cache_file.write_bytes(orjson.dumps(payload))
    _same(load_library_cached(content, [], cache_file), load_library(content))


@pytest.mark.parametrize("damage", ["ikke en liste", [{"kind": "p"}], [None], 7])
def test_a_document_whose_cached_blocks_are_damaged_is_parsed_from_its_text(
    content: Path, tmp_path: Path, damage: object
) -> None:
    # The blocks are built from the cache when a document is first shown, not when it is read.
    import orjson

    cache_file = tmp_path / "cache.json"
    load_library_cached(content, [], cache_file)
    payload = orjson.loads(cache_file.read_bytes())
    first = payload["documents"][0]["id"]
    payload["blocks"][first] = damage
    cache_file.write_bytes(orjson.dumps(payload))
    library = load_library_cached(content, [], cache_file)
    assert library._block_loaders  # from the cache
    _same(library, load_library(content))


def test_a_planted_symlink_is_neither_read_nor_followed(content: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "annet.json"
    elsewhere.write_bytes(b"untouched")
    cache_file = tmp_path / "cache.json"
    os.symlink(elsewhere, cache_file)
    library = load_library_cached(content, [], cache_file)
    _same(library, load_library(content))
    assert elsewhere.read_bytes() == b"untouched"
    assert cache_file.is_symlink()


# The cache shipped with the package


def test_the_shipped_cache_is_current_and_is_the_parsed_guidance() -> None:
    builtin = paths.builtin_content_dir()
    shipped = cache._read(cache.SHIPPED, cache.shipped_key(builtin), root=builtin)
    assert shipped is not None, "the guidance or its parser changed: run .venv/bin/python tools/content_cache.py"
    _same(shipped, load_library(builtin))


def test_a_first_start_takes_the_shipped_cache_and_needs_no_markdown_parser(tmp_path: Path) -> None:
    # Nor the loader (the parser's own module): a start from a cache imports neither.
    cache_file = tmp_path / "cache" / "innhold.json"
    script = (
        "import sys; from pathlib import Path; from relasjon_tui import paths; "
        "from relasjon_tui.content.cache import open_library; "
        f"library, write = open_library(paths.builtin_content_dir(), [], Path({str(cache_file)!r})); "
        "print(len(library.documents), 'markdown_it' in sys.modules, 'relasjon_tui.content.loader' in sys.modules)"
        "; write and write()"
    )
    count = str(len(load_library(paths.builtin_content_dir()).documents))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [count, "False", "False"]
    assert cache_file.exists()  # the user's own cache, for the starts after
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [count, "False", "False"]  # from the user's own cache


def test_guidance_edited_after_install_is_parsed_not_taken_from_the_shipped_cache(content: Path, tmp_path: Path) -> None:
    first = next(content.glob("klasseledelse.md"))
    first.write_text(first.read_text(encoding="utf-8").replace("God klasseledelse", "Varm klasseledelse"), "utf-8")
    library, _ = cache.open_library(content, [], tmp_path / "cache" / "innhold.json")
    text = " ".join(block.text for block in library.blocks(library.documents[0]))
    assert "Varm klasseledelse er blant" in text
    _same(library, load_library(content))
