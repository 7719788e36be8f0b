"""The guidance in content/ is in our own words (issue 14, item 5).

The source's sentences are not in the repository: `tests/data/source_ngrams.txt` holds only the
truncated sha256 digests of the source's normalised word 8-grams and 12-grams, written by
`python tools/own_words.py --write-digests`. The normalisation and the exclusions (front matter,
question markers, bibliography entries, quoted titles, fixed terms) are the tool's own, imported
from tools/own_words.py, so the test and the writer's report count the same words.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DIGEST_FILE = REPO / "tests" / "data" / "source_ngrams.txt"


def _load_tool():
    spec = importlib.util.spec_from_file_location("own_words", REPO / "tools" / "own_words.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("own_words", module)
    spec.loader.exec_module(module)
    return module


own_words = _load_tool()


@pytest.fixture(scope="module")
def source_digests() -> frozenset[str]:
    return frozenset(DIGEST_FILE.read_text(encoding="ascii").split())


@pytest.fixture(scope="module")
def measures(source_digests: frozenset[str]) -> list:
    def is_shared(gram: tuple[str, ...]) -> bool:
        return own_words.digest(gram) in source_digests

    files = own_words.content_files(REPO / "content")
    assert files, "no content files found"
    return [own_words.measure_file(path, is_shared) for path in files]


def test_the_digest_file_is_sorted_digests_only(source_digests: frozenset[str]) -> None:
    lines = DIGEST_FILE.read_text(encoding="ascii").split()
    assert lines == sorted(set(lines))
    assert len(lines) > 5000  # the source has some 5,500 words: about one 8-gram and one 12-gram per word
    assert all(len(line) == own_words.DIGEST_CHARS and int(line, 16) >= 0 for line in lines)


def test_at_most_five_percent_of_prose_words_lie_in_shared_8_grams(measures: list) -> None:
    prose = sum(m.prose_words for m in measures)
    shared = sum(m.shared_words for m in measures)
    assert prose > 3000  # the exclusions have not swallowed the prose
    per_file = ", ".join(f"{m.path.name} {m.shared_words}/{m.prose_words}" for m in measures if m.shared_words)
    assert shared / prose <= own_words.MAX_SHARE, (
        f"{shared / prose:.1%} of prose words are in 8-grams shared with the source ({per_file}); "
        "run `python tools/own_words.py` to see where"
    )


def test_no_run_of_12_words_is_shared_with_the_source(measures: list) -> None:
    runs = [f"{m.path.name}:{line}: {' '.join(gram)}" for m in measures for line, gram in m.shared_long]
    assert not runs, "shared runs longer than 11 words:\n" + "\n".join(runs)


def test_normalisation_and_exclusions() -> None:
    text = (
        "---\nid: x\ntittel: Tittel som ikke teller\n---\n\n## Overskrift\n\n"
        "Når en elev **ikke** har det trygt og godt, se [delen](https://example.org/a) «Er tiltaket riktig?».\n"
        "- ?x-sp (alle): Hva gjør vi?\n"
        "- Lund, I. (2012). Det stille atferdsproblemet.\n"
    )
    found = own_words.tokens(text)
    prose = [t.word for t in found if t.word]
    assert prose == ["overskrift", "når", "en", "elev", "ikke", "se", "delen", "hva", "gjør", "vi"]
    # a break stands where the fixed term, the quoted title, the marker and the entry were cut out
    sequence = [t.word for t in found]
    assert sequence[sequence.index("ikke") + 1] is None
    assert next(t.line for t in found if t.word == "hva") == 9
    grams = [gram for _, gram in own_words.ngrams(found, 3)]
    assert ("når", "en", "elev") in grams and ("ikke", "se", "delen") not in grams
    assert own_words.words("Ærlig, ÅPEN og øvet-på!") == ["ærlig", "åpen", "og", "øvet", "på"]
