"""Benchmarks for the records store (not tests): saving a log, and the whole `relasjon logg` process.

Run with `make bench`. Files of 1 000, 10 000 and 100 000 logs are made in a temp folder.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from paints import log_record, process_env
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore

SIZES = (1_000, 10_000, 100_000)
BUDGET_SAVE_MS_AT_10K = 25.0
BUDGET_LOGG_MS_AT_10K = 300.0
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def make_file(path: Path, count: int) -> None:
    extra = {
        "activity": "Spill",
        "positive": "Tok initiativ.",
        "pupil_words": "",
        "next_step": "",
        "updated": NOW.isoformat(),
    }
    logs = {str(n): log_record(f"E{n % 300}", NOW, **extra) for n in range(1, count + 1)}
    subjects = {str(n + 1): {"code": f"E{n}", "kind": "elev", "created": None} for n in range(300)}
    RecordStore(path).load_dump(
        {"format": "relasjon-tui", "schema_version": 1, "tables": {"subjects": subjects, "logs": logs}}
    )


def time_saves(path: Path, repeats: int = 15) -> list[float]:
    store = RecordStore(path)
    store.count_logs()  # opened and read, as in the running app
    times = []
    for _ in range(repeats):
        log = SessionLog(subject="E1", measure="forbedre-relasjon", start=NOW, minutes=15, note="ny", created=NOW)
        started = time.perf_counter()
        store.add_log(log)
        times.append((time.perf_counter() - started) * 1000)
    store.close()
    return times


async def _time_logg_area(path: Path) -> tuple[float, float]:
    """Milliseconds from pressing 3 until the Logg table is filled, and per filter keystroke."""
    from relasjon_tui import paths
    from relasjon_tui.content.loader import load_library
    from relasjon_tui.ui.app import RelasjonApp

    app = RelasjonApp(load_library(paths.builtin_content_dir()), store=RecordStore(path))
    async with app.run_test(size=(80, 24)) as pilot:
        # As a user would: the app has been open a moment (the area is built in the background).
        await pilot.pause(1.5)
        started = time.perf_counter()
        await pilot.press("3")
        await pilot.pause()
        opened = (time.perf_counter() - started) * 1000
        assert app.screen.query_one("#log-table").row_count > 0
        app.screen.query_one("#filter-subject").focus()
        started = time.perf_counter()
        await pilot.press("E", "1")
        await pilot.pause()
        filtered = (time.perf_counter() - started) * 1000 / 2
    return opened, filtered


def time_process(args: list[str], env: dict[str, str], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        textual_import = time_process([sys.executable, "-c", "import textual.app"], process_env())
        print(f"python -c 'import textual.app': {textual_import:.3f} s")
        for size in SIZES:
            path = Path(folder) / f"n{size}" / "relasjon.json"
            make_file(path, size)
            saves = time_saves(path)
            env = process_env(RELASJON_DATA=str(path))
            logg = time_process(
                [sys.executable, "-m", "relasjon_tui", "logg", "--elev", "E1", "--tiltak", "forbedre-relasjon"], env
            )
            opened, filtered = asyncio.run(_time_logg_area(path))
            size_mb = path.stat().st_size / 1e6
            print(
                f"{size:>7} logs ({size_mb:.1f} MB): save median {statistics.median(saves):.1f} ms "
                f"(max {max(saves):.1f}), relasjon logg {logg:.3f} s, "
                f"Logg area open {opened:.0f} ms, filter keystroke {filtered:.0f} ms"
            )
            if size == 10_000:
                ok = ok and statistics.median(saves) <= BUDGET_SAVE_MS_AT_10K and logg < textual_import
                ok = ok and opened <= BUDGET_LOGG_MS_AT_10K
    print("within budget" if ok else "OVER BUDGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
