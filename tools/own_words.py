"""Own-words check: how much of the guidance in `content/` repeats the source's word sequences.

The guidance is based on Udir's page «Tiltak for å bedre relasjoner» (see `content/referanser.md`).
Every fact and question belongs in `content/`, but in our own words. This tool measures that.

Normalisation (the same for the content and the source):

- text is lowercased; a word is a run of letters or digits (æøå and other letters included),
  so Markdown syntax (`#`, `**`, `-`, `>`), punctuation and dashes fall away;
- a link `[text](address)` keeps its text; the address is dropped;
- in a content file, these parts are *excluded*: they are cut out of the text and break the
  word sequence, so no n-gram runs across them:
  - the front matter between the first two `---` lines;
  - the marker `?id (audience):` of a question (the question's text counts as prose);
  - bibliography entries: a list item on one line that contains a year (19xx/20xx), as in
    the references part of `referanser.md`;
  - quoted titles: a «…» quotation of at most `TITLE_MAX_WORDS` words (titles of measures,
    sections and resources, and the source's own word for a thing); longer quotations count;
  - the fixed terms of `FIXED_TERMS` below.

The remaining words are the *prose words*. The tool computes every word 8-gram of the prose and
of the source and reports

(a) the share of prose words that lie inside any 8-gram shared with the source, and
(b) the longest runs of words that the prose shares with the source, with file and line,
    so a writer can find and rewrite them.

The test `tests/test_own_words.py` must not need the source (we do not commit the
Directorate's sentences), so `--write-digests` writes `tests/data/source_ngrams.txt`: the sorted,
truncated sha256 digests of the source's normalised 8-grams and 12-grams. The test imports this
module for the normalisation and asserts at most `MAX_SHARE` of prose words in shared 8-grams and
no shared 12-gram (no shared run longer than 11 words).

Usage (from the repository's top level):

    python tools/own_words.py                 # report
    python tools/own_words.py --write-digests # refresh tests/data/source_ngrams.txt
    python tools/own_words.py --source PATH   # another copy of the source
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
DIGESTS = REPO / "tests" / "data" / "source_ngrams.txt"
DEFAULT_SOURCE = REPO.parent / "shared" / "source" / "tiltak-for-a-bedre-relasjoner.txt"

N = 8
"""The n-gram size for the share of shared words."""
LONG_N = 12
"""A shared n-gram of this size means a shared run longer than 11 words: never allowed."""
MAX_SHARE = 0.05
DIGEST_CHARS = 16
TITLE_MAX_WORDS = 12

# Fixed terms: phrases that are the field's (or the law's) names for things and that no writer
# should paraphrase. Keep this list short; every entry needs its reason.
FIXED_TERMS: tuple[str, ...] = (
    # the pupil's right in opplæringslova § 12-1 and the app's own phrase for the pupil concerned
    "har det trygt og godt",
    # the law's name for what the school must secure (opplæringslova kapittel 12)
    "trygt og godt skolemiljø",
    # the steps of the school's duty to act (aktivitetsplikten, opplæringslova § 12-4)
    "gripe inn varsle undersøke sette inn tiltak",
)

_WORD = re.compile(r"[^\W_]+|\x00+")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_QUESTION_MARKER = re.compile(r"^(\s*[-*]\s+)(\?[a-z0-9]+(?:-[a-z0-9]+)*\s+\([^)]*\):)", re.MULTILINE)
_BIBLIOGRAPHY = re.compile(r"^\s*[-*]\s.*\b(?:19|20)\d\d\b.*$", re.MULTILINE)
_QUOTE = re.compile(r"«[^«»]*»")


@dataclass(frozen=True, slots=True)
class Token:
    """A prose word (`word` is None for a break: an excluded part) and its line in the file."""

    word: str | None
    line: int


def _blank(match: re.Match[str], fill: str = "\x00") -> str:
    """The match replaced by `fill` characters, newlines kept (so line numbers stay right)."""
    return re.sub(r"[^\n]", fill, match.group(0))


def _strip_front_matter(text: str) -> str:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(["\x00"] * (index + 1) + lines[index + 1 :])
    return text


def tokens(text: str, *, content: bool = True) -> list[Token]:
    """The normalised words of a text, with breaks where excluded parts were cut out.

    `content=False` is for the source: only lowercasing, link addresses and word splitting.
    """
    text = text.replace("\r\n", "\n")
    text = _LINK_TARGET.sub(lambda m: "]" + _blank(m, " ")[1:], text)
    if content:
        text = _strip_front_matter(text)
        text = _QUESTION_MARKER.sub(lambda m: m.group(1) + "\x00" * len(m.group(2)), text)
        text = _BIBLIOGRAPHY.sub(_blank, text)

        def quote(match: re.Match[str]) -> str:
            inner = _WORD.findall(match.group(0))
            return _blank(match) if len(inner) <= TITLE_MAX_WORDS else match.group(0)

        text = _QUOTE.sub(quote, text)
    out: list[Token] = []
    line = 1
    position = 0
    text = text.lower()
    for match in _WORD.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        word = match.group(0)
        out.append(Token(None if word.startswith("\x00") else word, line))
    return _drop_fixed_terms(out) if content else out


def _drop_fixed_terms(found: list[Token]) -> list[Token]:
    terms = [tuple(term.split()) for term in FIXED_TERMS]
    words = [token.word for token in found]
    out = list(found)
    for term in terms:
        size = len(term)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) == term:
                for index in range(start, start + size):
                    out[index] = Token(None, found[index].line)
    return out


def words(text: str) -> list[str]:
    """The source's normalised words (no exclusions)."""
    return [token.word for token in tokens(text, content=False) if token.word]


def ngrams(found: list[Token], n: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Every n-gram of consecutive prose words that no break interrupts, with its start index."""
    run_start = 0
    for index, token in enumerate(found):
        if token.word is None:
            run_start = index + 1
            continue
        if index - run_start + 1 >= n:
            start = index - n + 1
            yield start, tuple(t.word for t in found[start : index + 1])  # type: ignore[misc]


def digest(gram: Iterable[str]) -> str:
    """The truncated sha256 of an n-gram's words joined by single spaces."""
    return hashlib.sha256(" ".join(gram).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def source_digests(source_words: list[str]) -> list[str]:
    """Sorted digests of the source's 8-grams and 12-grams (what `--write-digests` stores)."""
    found = [Token(word, 0) for word in source_words]
    return sorted({digest(gram) for n in (N, LONG_N) for _, gram in ngrams(found, n)})


@dataclass(frozen=True, slots=True)
class FileMeasure:
    """The measure of one content file."""

    path: Path
    prose_words: int
    shared_words: int
    shared_long: tuple[tuple[int, tuple[str, ...]], ...]
    """(line, words) of every 12-gram that is shared with the source."""


def measure_file(path: Path, is_shared: Callable[[tuple[str, ...]], bool]) -> FileMeasure:
    """Measure one file; `is_shared(gram)` says whether an n-gram is the source's."""
    found = tokens(path.read_text(encoding="utf-8"))
    inside = [False] * len(found)
    for start, gram in ngrams(found, N):
        if is_shared(gram):
            inside[start : start + N] = [True] * N
    long = tuple((found[start].line, gram) for start, gram in ngrams(found, LONG_N) if is_shared(gram))
    prose = sum(1 for token in found if token.word)
    return FileMeasure(path, prose, sum(inside), long)


def content_files(folder: Path = CONTENT) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


def longest_runs(path: Path, source_words: list[str], minimum: int = N) -> list[tuple[int, int, str]]:
    """Maximal runs of at least `minimum` prose words that stand word for word in the source:
    (length, line, text), longest first. Exact, not built from n-grams."""
    where: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(source_words):
        where[word].append(index)
    found = tokens(path.read_text(encoding="utf-8"))
    runs: list[tuple[int, int, str]] = []
    covered_until = -1
    for start, token in enumerate(found):
        if token.word is None:
            continue
        best = 0
        for position in where.get(token.word, ()):
            length = 0
            while (
                start + length < len(found)
                and position + length < len(source_words)
                and found[start + length].word == source_words[position + length]
            ):
                length += 1
            best = max(best, length)
        end = start + best
        if best >= minimum and end > covered_until:
            runs.append((best, token.line, " ".join(t.word for t in found[start:end])))  # type: ignore[misc]
            covered_until = end
    return sorted(runs, key=lambda run: (-run[0], run[1]))


def report(source: Path, folder: Path = CONTENT, show: int = 25) -> int:
    source_words = words(source.read_text(encoding="utf-8"))
    shared = {gram for n in (N, LONG_N) for _, gram in ngrams([Token(w, 0) for w in source_words], n)}
    total_prose = total_shared = 0
    all_runs: list[tuple[int, str, int, str]] = []
    print(f"{'file':<28} {'prose words':>11} {'in shared 8-grams':>18} {'share':>7} {'longest':>8}")
    for path in content_files(folder):
        result = measure_file(path, shared.__contains__)
        runs = longest_runs(path, source_words)
        total_prose += result.prose_words
        total_shared += result.shared_words
        longest = runs[0][0] if runs else 0
        share = result.shared_words / result.prose_words if result.prose_words else 0.0
        print(f"{path.name:<28} {result.prose_words:>11} {result.shared_words:>18} {share:>7.1%} {longest:>8}")
        all_runs.extend((length, path.name, line, text) for length, line, text in runs)
    share = total_shared / total_prose if total_prose else 0.0
    all_runs.sort(key=lambda run: (-run[0], run[1], run[2]))
    longest = all_runs[0][0] if all_runs else 0
    print(f"{'all':<28} {total_prose:>11} {total_shared:>18} {share:>7.1%} {longest:>8}")
    print()
    print(f"Shared runs of {N} words or more (longest first, at most {show}):")
    for length, name, line, text in all_runs[:show]:
        print(f"  {length:>3}  {name}:{line}: {text}")
    ok = share <= MAX_SHARE and longest < LONG_N
    print()
    verdict = "OK" if ok else "NOT OK"
    print(f"{verdict}: share {share:.1%} (limit {MAX_SHARE:.0%}), longest run {longest} (limit {LONG_N - 1})")
    return 0 if ok else 1


def write_digests(source: Path, target: Path = DIGESTS) -> None:
    lines = source_digests(words(source.read_text(encoding="utf-8")))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"wrote {len(lines)} digests to {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the source text")
    parser.add_argument("--content", type=Path, default=CONTENT, help="the folder of Markdown files")
    parser.add_argument("--write-digests", action="store_true", help=f"write {DIGESTS.relative_to(REPO)}")
    parser.add_argument("--show", type=int, default=25, help="how many shared runs to list")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"source not found: {args.source} (use --source)", file=sys.stderr)
        return 2
    if args.write_digests:
        write_digests(args.source)
        return 0
    return report(args.source, args.content, args.show)


if __name__ == "__main__":
    sys.exit(main())
