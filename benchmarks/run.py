"""Benchmarks for the guidance library (not tests): start-up against a bare Textual app, and switching.

Run with `make bench`. Start-up is measured from process start to first usable screen, for
relasjon-tui and for a bare Textual app showing one Label, interleaved in the same run so both
see the same machine load. Switching is measured in-process with Textual's pilot: from the key
that moves to another measure until the screen has processed everything it caused.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paints import process_env

HERE = Path(__file__).resolve().parent

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
BUDGET_START_RATIO = 2.0
BUDGET_SWITCH_MS = 150.0


def _time_process(kind: str, env: dict[str, str]) -> float:
    """Seconds from starting the probe process to the moment it reports a usable screen."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, str(HERE / "startup_probe.py"), kind],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    # The headless app writes nothing else to stdout; the probe's line is the last one.
    stamp = [line for line in done.stdout.splitlines() if line.startswith("usable ")][-1]
    return float(stamp.split()[1]) - started


def bench_startup() -> dict[str, float]:
    """Median start-up of the bare app, of relasjon-tui as usual (content cache current) and
    of relasjon-tui on a cold start (no cache: the first start after an install or an edit)."""
    with tempfile.TemporaryDirectory() as config:
        cache = Path(config) / "cache"
        env = process_env(
            RELASJON_CONFIG_DIR=config,
            RELASJON_CACHE_DIR=str(cache),
            RELASJON_DATA=str(Path(config) / "data" / "relasjon.json"),
        )
        _time_process("bare", env)  # warm the file cache and write byte-code for both
        _time_process("app", env)
        times: dict[str, list[float]] = {"bare": [], "app": [], "cold": []}
        for _ in range(RUNS):
            times["bare"].append(_time_process("bare", env))
            shutil.rmtree(cache, ignore_errors=True)
            times["cold"].append(_time_process("app", env))
            # A first start writes the cache a second after its first screen; the probe exits before.
            subprocess.run([sys.executable, str(HERE / "startup_probe.py"), "prime"], check=True, env=env)
            times["app"].append(_time_process("app", env))
    return {name: statistics.median(values) for name, values in times.items()}


async def _switch_times(size: tuple[int, int]) -> tuple[list[float], list[float]]:
    """Milliseconds from a key in the list to the last screen update it caused.

    Paints are timed by wrapping the screen's compositor refresh (a private Textual method,
    used here only to observe): the pilot's own idle waits after the last paint are not
    something a user waits for.
    """
    from relasjon_tui import paths
    from relasjon_tui.content.loader import load_library
    from relasjon_tui.ui.app import RelasjonApp
    from relasjon_tui.ui.widgets.guidance import GuidanceView

    library = load_library(paths.builtin_content_dir())
    first_visit: list[float] = []
    revisit: list[float] = []
    app = RelasjonApp(library)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        paints: list[float] = []
        refresh = screen._compositor_refresh

        def timed_refresh() -> None:
            refresh()
            paints.append(time.perf_counter())

        screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]
        guidance = screen.query_one(GuidanceView)
        ids = [doc.id for doc in library.documents]
        visited = {ids[0]}
        keys = [("down", i) for i in ids[1:]] + [("up", i) for i in reversed(ids[:-1])]
        for key, expected in keys * 2:
            paints.clear()
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            assert guidance.reader is not None and guidance.reader.document.id == expected
            elapsed = ((paints[-1] if paints else time.perf_counter()) - started) * 1000
            (revisit if expected in visited else first_visit).append(elapsed)
            visited.add(expected)
    return first_visit, revisit


def main() -> int:
    with tempfile.TemporaryDirectory() as config:
        os.environ["RELASJON_CONFIG_DIR"] = config
        start = bench_startup()
        ratio = start["app"] / start["bare"]
        print(
            f"start-up (median of {RUNS}): bare Textual app {start['bare']:.2f} s, "
            f"relasjon-tui {start['app']:.2f} s, ratio {ratio:.2f} (budget {BUDGET_START_RATIO:.1f}); "
            f"cold start without the content cache {start['cold']:.2f} s, ratio {start['cold'] / start['bare']:.2f}"
        )
        ok = ratio <= BUDGET_START_RATIO
        for size in ((80, 24), (140, 40)):
            first, again = asyncio.run(_switch_times(size))
            medians = {"first visit": statistics.median(first), "revisit": statistics.median(again)}
            print(
                f"switch at {size[0]}×{size[1]}: first visit median {medians['first visit']:.0f} ms, "
                f"revisit median {medians['revisit']:.0f} ms, worst {max(first + again):.0f} ms "
                f"(budget {BUDGET_SWITCH_MS:.0f} ms, n={len(first) + len(again)})"
            )
            for name, value in medians.items():
                if value > BUDGET_SWITCH_MS:
                    print(f"  over budget: {name} at {size[0]}×{size[1]}")
                    ok = False
    print("within budget" if ok else "OVER BUDGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
