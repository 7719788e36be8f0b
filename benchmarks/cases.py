"""Benchmark for cases (not a test): the Saker overview with 500 cases and 50 000 logs on file.

Run with `make bench`. Timed like benchmarks/reflection.py: from the key (4) to the end of the
first paint of the area (shown) and of the last paint it caused (settled), median of 5 runs.
The area is built in the background a moment after start-up, as in use; the first time it is
built on the key is timed too.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from paints import log_record, timed, watch_paints
from relasjon_tui import paths
from relasjon_tui.content.loader import load_library
from relasjon_tui.records.cases import Case, PlannedMeasure, case_to_record
from relasjon_tui.records.store import RecordStore

CASES = 500
LOGS = 50_000
RUNS = 5
BUDGET_MS = 300.0
NOW = datetime.now(UTC)


def make_file(path: Path, count: int = CASES, logs_count: int = LOGS) -> None:
    """`count` cases (every fifth closed), each with a planned measure, and `logs_count` logs."""
    today = NOW.date()
    cases = {}
    for n in range(1, count + 1):
        start = today - timedelta(days=n % 30)
        measure = PlannedMeasure("forbedre-relasjon", start=start, end=start + timedelta(days=20), frequency="daglig",
                                 minutes=15, responsible="KL")  # fmt: skip
        case = Case(f"Sak {n}", (f"E{n}",), "Problem.", (measure,), (start + timedelta(weeks=1),),
                    closed=None if n % 5 else NOW)  # fmt: skip
        cases[str(n)] = case_to_record(case)
    logs = {str(n): log_record(f"E{n % count + 1}", NOW - timedelta(days=n % 40)) for n in range(1, logs_count + 1)}
    subjects = {str(n): {"code": f"E{n}", "kind": "elev", "created": None} for n in range(1, count + 1)}
    RecordStore(path).load_dump(
        {"format": "relasjon-tui", "schema_version": 3,
         "tables": {"subjects": subjects, "cases": cases, "logs": logs}}
    )  # fmt: skip


async def _run(path: Path, library) -> dict[str, tuple[float, float]]:
    from relasjon_tui.ui.app import RelasjonApp

    watch_paints()
    times = {}
    app = RelasjonApp(library, store=RecordStore(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")  # the app opens on Saker when there are cases; time coming back to it
        await pilot.pause(3.0)
        times["open the overview (built in the background)"] = await timed(pilot, "4")
        assert app.screen.query_one("#case-list").option_count > 500
    app = RelasjonApp(library, store=RecordStore(path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        for pane in screen.query("#cases"):  # as if it had not been built in the background yet
            await pane.remove()
        await pilot.pause()
        times["open the overview (built on the key)"] = await timed(pilot, "4")
    return times


def main() -> int:
    library = load_library(paths.builtin_content_dir())
    runs: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(RUNS):
            path = Path(folder) / f"r{run}" / "relasjon.json"
            make_file(path)
            for name, value in asyncio.run(_run(path, library)).items():
                runs.setdefault(name, []).append(value)
        size_mb = path.stat().st_size / 1e6
    print(f"{CASES} cases, {LOGS} logs ({size_mb:.1f} MB), median of {RUNS}:")
    ok = True
    for name, values in runs.items():
        shown = statistics.median(v[0] for v in values)
        settled = statistics.median(v[1] for v in values)
        print(f"  {name}: shown {shown:.0f} ms, settled {settled:.0f} ms (budget {BUDGET_MS:.0f} ms)")
        ok = ok and shown <= BUDGET_MS
    print("within budget" if ok else "OVER BUDGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
