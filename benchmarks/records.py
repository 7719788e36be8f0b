"""Benchmarks for the records store (not tests): saving a log, and the whole `relasjon logg` process.

Run with `make bench`. Files of 1 000, 10 000 and 100 000 logs are made in a temp folder.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore

SIZES = (1_000, 10_000, 100_000)
BUDGET_SAVE_MS_AT_10K = 25.0
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def make_file(path: Path, count: int) -> None:
    logs = {
        str(n): {
            "subject": f"E{n % 300}",
            "subject_kind": "elev",
            "measure": "forbedre-relasjon",
            "start": NOW.isoformat(),
            "minutes": 15,
            "activity": "Spill",
            "note": "Notat om økta. " * 8,
            "positive": "Tok initiativ.",
            "pupil_words": "",
            "next_step": "",
            "author": "lærer",
            "created": NOW.isoformat(),
            "updated": NOW.isoformat(),
            "revisions": [],
        }  # fmt: skip
        for n in range(1, count + 1)
    }
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
        textual_import = time_process([sys.executable, "-c", "import textual.app"], dict(os.environ))
        print(f"python -c 'import textual.app': {textual_import:.3f} s")
        for size in SIZES:
            path = Path(folder) / f"n{size}" / "relasjon.json"
            make_file(path, size)
            saves = time_saves(path)
            env = dict(os.environ, RELASJON_DATA=str(path))
            logg = time_process(
                [sys.executable, "-m", "relasjon_tui", "logg", "--elev", "E1", "--tiltak", "forbedre-relasjon"], env
            )
            size_mb = path.stat().st_size / 1e6
            print(
                f"{size:>7} logs ({size_mb:.1f} MB): save median {statistics.median(saves):.1f} ms "
                f"(max {max(saves):.1f}), relasjon logg {logg:.3f} s"
            )
            if size == 10_000:
                ok = ok and statistics.median(saves) <= BUDGET_SAVE_MS_AT_10K and logg < textual_import
    print("within budget" if ok else "OVER BUDGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
