"""Benchmarks in a real pseudo-terminal (not tests): what a person at a terminal waits for, and how
many bytes each action sends, for relasjon-tui and for bare Textual apps in the same run.

Each app runs in its own pty at 80×24 and at 140×40; its output is fed to a terminal emulator
(pyte), so «shown» means the text is on the emulated screen, as a person would see it. Times are
from the moment the key is written to the pty: «first» is the first byte back, «shown» the
moment the expected text is on screen, «last» the last byte before the output has been quiet for
a while; bytes are everything the app wrote for the action. Start-up is timed from the fork.

Run with `make bench` (or `.venv/bin/python benchmarks/pty_bench.py`).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyte

from cases import make_file as make_cases_file
from paints import process_env
from records import make_file

HERE = Path(__file__).resolve().parent
QUIET = 0.25
"""Seconds without output after which an action is over (Textual paints at up to 60 frames a second)."""
TIMEOUT = 20.0
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SIZES = tuple(tuple(map(int, size.split("x"))) for size in os.environ.get("BENCH_SIZES", "80x24,140x40").split(","))
BUDGET_START_RATIO = 1.3
BUDGET_FIRST_MS = 50.0
BUDGET_LAST_MS = 100.0


@dataclass
class Timing:
    first: float
    shown: float
    last: float
    bytes: int


class Terminal:
    """One program in a pty of `size`, its output on an emulated screen."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        cols, rows = size
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the pty's size before the program asks for it
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self._fed: list[float] = []

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def until(self, shown: Callable[[str], bool], since: float) -> Timing:
        """Read until the output has been quiet, then replay it on the screen: «shown» is when the
        chunk arrived that put the text on screen. (Emulating the screen while reading would add
        pyte's own time, in Python, to every figure; a terminal's emulator is much quicker.)"""
        chunks: list[tuple[float, bytes]] = []
        seen: float | None = None
        deadline = time.perf_counter() + TIMEOUT
        while seen is None:
            while True:
                ready, _, _ = select.select([self.fd], [], [], QUIET if chunks else TIMEOUT)
                if not ready:
                    break
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                chunks.append((time.perf_counter(), chunk))
            for when, chunk in chunks[len(self._fed) :]:
                self.stream.feed(chunk)
                self._fed.append(when)
                if seen is None and shown(self.text()):
                    seen = when
            if seen is None and time.perf_counter() > deadline:
                raise TimeoutError(self.text())
        first, last = chunks[0][0], chunks[-1][0]
        self._fed.clear()
        total = sum(len(chunk) for _, chunk in chunks)
        return Timing((first - since) * 1000, (seen - since) * 1000, (last - since) * 1000, total)

    def press(self, keys: bytes, shown: Callable[[str], bool]) -> Timing:
        since = time.perf_counter()
        os.write(self.fd, keys)
        return self.until(shown, since)

    def close(self) -> None:
        try:
            os.write(self.fd, b"\x11")  # ctrl+q
            deadline = time.time() + 3
            while time.time() < deadline:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    break
                select.select([self.fd], [], [], 0.05)
                try:
                    os.read(self.fd, 65536)
                except OSError:
                    break
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


def _env(folder: Path, size: tuple[int, int]) -> dict[str, str]:
    # Drafts are per size: the quick log typed into at one size is left as a draft when the app
    # is closed, and would be offered back at the next start.
    return process_env(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        RELASJON_CONFIG_DIR=str(folder / "config"),
        RELASJON_CACHE_DIR=str(folder / "cache"),
        RELASJON_STATE_DIR=str(folder / f"state-{size[0]}x{size[1]}"),
    )


def _app(data: Path) -> list[str]:
    return [sys.executable, "-m", "relasjon_tui", "--data", str(data)]


def _bare(kind: str) -> list[str]:
    return [sys.executable, str(HERE / "bare_apps.py"), kind]


def _start(argv: list[str], env: dict[str, str], size: tuple[int, int], shown: Callable[[str], bool]):
    term = Terminal(argv, env, size)
    return term, term.until(shown, term.started)


def _has(*words: str) -> Callable[[str], bool]:
    return lambda text: all(word in text for word in words)


def _any(_text: str) -> bool:
    return True


def _row(name: str, timings: list[Timing], budget: str = "") -> str:
    def med(values: list[float]) -> float:
        return statistics.median(values)

    return (
        f"  {name}: first {med([t.first for t in timings]):.0f} ms, shown {med([t.shown for t in timings]):.0f} ms, "
        f"last {med([t.last for t in timings]):.0f} ms, {med([t.bytes for t in timings]) / 1000:.1f} KB"
        f" (median of {len(timings)}{'; ' + budget if budget else ''})"
    )


def bench_start(folder: Path, size: tuple[int, int]) -> list[str]:
    env = _env(folder, size)
    data = folder / "tom" / "relasjon.json"
    # The first measure's text where list and text fit side by side; at 80×24 the list comes first.
    first_text = "God klasseledelse er" if size[0] >= 120 else "Tydelig og varm klasseledelse"
    for argv, shown in ((_app(data), _has(first_text)), (_bare("label"), _has("Hei"))):
        term, _ = _start(argv, env, size, shown)  # byte-code and content cache written
        term.close()
    app, bare = [], []
    for _ in range(RUNS):
        for argv, shown, into in ((_bare("label"), _has("Hei"), bare), (_app(data), _has(first_text), app)):
            term, timing = _start(argv, env, size, shown)
            into.append(timing)
            term.close()
    ratio = statistics.median(t.shown for t in app) / statistics.median(t.shown for t in bare)
    return [
        _row("start-up, bare Textual app (one Label)", bare),
        _row("start-up, relasjon-tui to the first measure's text", app,
             f"ratio {ratio:.2f}, budget {BUDGET_START_RATIO}"),  # fmt: skip
    ]


def bench_keys(folder: Path, size: tuple[int, int]) -> list[str]:
    from relasjon_tui import paths
    from relasjon_tui.content.loader import load_library

    env = _env(folder, size)
    data = folder / "logger" / "relasjon.json"
    if not data.exists():
        make_file(data, 10_000)
    library = load_library(paths.builtin_content_dir())
    titles = [doc.title for doc in library.documents]
    # The first words of each document's first paragraph: on screen only when its text is.
    openings = [" ".join(next(b for b in library.blocks(doc) if b.kind == "paragraph").text.split()[:3])
                for doc in library.documents]  # fmt: skip
    lines = []

    term, _ = _start(_bare("text"), env, size, _has("side 0"))
    bare = [term.press(b"j", _has(f"side {n}")) for n in range(1, 11)]
    term.close()
    lines.append(_row("bare app: a screenful of text replaced", bare))

    term, _ = _start(_bare("input"), env, size, _has("Hei"))
    echo = [term.press(ch.encode(), _has("abcdefghij"[: n + 1])) for n, ch in enumerate("abcdefghij")]
    term.close()
    lines.append(_row("bare app: a character typed into an Input", echo))

    wide = size[0] >= 120  # at 80×24 the list and the text take turns
    term, _ = _start(_app(data), env, size, _has("God klasseledelse er" if wide else titles[0]))
    moves = []
    for opening in openings[1:6]:
        moves.append(term.press(b"j", _has(opening) if wide else _any))
    for opening in reversed(openings[:5]):
        moves.append(term.press(b"k", _has(opening) if wide else _any))
    what = "the next measure's text shown" if wide else "the list only: shown is the first byte"
    lines.append(_row(f"relasjon-tui: j/k in the measures list ({what})", moves,
                      f"budget first {BUDGET_FIRST_MS:.0f}, last {BUDGET_LAST_MS:.0f}"))  # fmt: skip
    areas = []
    for key, word in ((b"3", "logger ·"), (b"4", "Ingen saker"), (b"2", "av 37 spørsmål"), (b"1", titles[0])) * 2:
        areas.append(term.press(key, _has(word)))
    lines.append(_row("relasjon-tui: switch area (3, 4, 2, 1) at 10 000 logs", areas))
    term.press(b"3", _has("logger"))
    rows = [term.press(b"j", _any) for _ in range(10)]
    lines.append(_row("relasjon-tui: j in Logg at 10 000 logs", rows))
    term.press(b"f", _any)
    typed = [term.press(ch.encode(), _has("E12"[: n + 1])) for n, ch in enumerate("E12")]
    lines.append(_row("relasjon-tui: a filter keystroke in Logg at 10 000 logs (echo shown)", typed))
    term.press(b"\x1b", _any)
    term.press(b"n", _has("Ny økt"))
    typed = [term.press(ch.encode(), _has("hei pa deg"[: n + 1])) for n, ch in enumerate("hei pa deg")]
    lines.append(_row("relasjon-tui: a character typed into the quick log's note", typed))
    term.close()
    return lines


def bench_cases(folder: Path, size: tuple[int, int]) -> list[str]:
    """Keys in Saker and Refleksjon, and opening a case, with 500 cases and 10 000 logs on file."""
    env = _env(folder, size)
    data = folder / "saker" / "relasjon.json"
    if not data.exists():
        make_cases_file(data, 500, 10_000)
    budget = f"budget first {BUDGET_FIRST_MS:.0f}, last {BUDGET_LAST_MS:.0f}"
    overview = "åpne av 500 saker"
    term, _ = _start(_app(data), env, size, _has(overview))  # with cases, the app opens on Saker
    lines = [_row("relasjon-tui: j in Saker (500 cases)", [term.press(b"j", _any) for _ in range(10)], budget)]
    opened = []
    for _ in range(5):
        opened.append(term.press(b"\r", _has("Hvilket problem tiltakene skal løse")))
        term.press(b"\x1b", _has(overview))  # not timed: a lone escape waits to be told from a sequence
        term.press(b"j", _any)
    lines.append(_row("relasjon-tui: open a case (enter; shown: its plan)", opened, budget))
    term.press(b"2", _has("av 37 spørsmål"))
    lines.append(_row("relasjon-tui: j in Refleksjon", [term.press(b"j", _any) for _ in range(10)], budget))
    term.close()
    term, _ = _start(_bare("screen"), env, size, _has("liste"))
    pushed = []
    for _ in range(5):
        pushed.append(term.press(b"\r", _has("del 0")))
        term.press(b"\x1b", _has("liste"))
    lines.append(_row("bare app: a screen of text pushed", pushed))
    term.close()
    return lines


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            print(f"in a pty at {size[0]}×{size[1]}:")
            for bench in (bench_start, bench_keys, bench_cases):
                for line in bench(Path(folder), size):
                    print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
