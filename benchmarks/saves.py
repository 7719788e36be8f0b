"""Benchmarks for saving (not tests): a save through the journal with its history entries, against
the whole-file save it replaced, a fold, and `relasjon sjekk` verifying the history.

Run with `make bench` (or `.venv/bin/python benchmarks/saves.py`). Files of 10 000 and 100 000
logs are made in a temp folder, each log with its history entry, as the app would have written them.
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import orjson

from paints import process_env
from records import NOW, make_file, time_process
from relasjon_tui.fsutil import write_private_atomic
from relasjon_tui.records.check import check_data_file
from relasjon_tui.records.history import HISTORY_TABLE
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.storage import backups_of, load
from relasjon_tui.records.store import RecordStore

SIZES = (10_000, 100_000)
BUDGET_SAVE_MS = 30.0
BUDGET_SJEKK_S = 2.0
REPEATS = 30


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def time_saves(store: RecordStore) -> tuple[list[float], list[float]]:
    """(adding a log, editing a log) in milliseconds, on a store already open and read."""
    added, edited = [], []
    for number in range(REPEATS):
        log = SessionLog(subject="E1", measure="forbedre-relasjon", start=NOW, minutes=15, note="ny", created=NOW)
        started = time.perf_counter()
        log_id = store.add_log(log)
        added.append(_ms(started))
        changed = store.get_log(log_id).edited(NOW + timedelta(minutes=number + 1), "lærer", note=f"endret {number}")
        started = time.perf_counter()
        store.replace_log(changed)
        edited.append(_ms(started))
    return added, edited


def time_whole_file_save(path: Path) -> list[float]:
    """What every save cost before the journal: encode the whole file and write it atomically."""
    data = load(path).data
    times = []
    for _ in range(5):
        started = time.perf_counter()
        write_private_atomic(path.with_name("hel-fil.json"), orjson.dumps(data))
        times.append(_ms(started))
    return times


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = Path(folder) / f"n{size}" / "relasjon.json"
            make_file(path, size)  # one import: every record gets its history entry
            store = RecordStore(path)
            store.count_logs()  # opened and read, as in the running app
            store.add_log(SessionLog(subject="E1", measure="forbedre-relasjon", start=NOW, minutes=15, created=NOW))
            added, edited = time_saves(store)
            started = time.perf_counter()
            store.close()  # folds the journal
            fold = _ms(started)
            whole = time_whole_file_save(path)
            gc.disable()  # as `relasjon sjekk` runs it (cli.main)
            seen = Path(folder) / f"sjekk-{size}.json"  # which backups were found sound
            started = time.perf_counter()
            first = check_data_file(path, backups_seen=seen)  # reads every backup
            sjekk_first = time.perf_counter() - started
            started = time.perf_counter()
            report = check_data_file(path, backups_seen=seen)  # reads only new or changed ones
            sjekk = time.perf_counter() - started
            gc.enable()
            backups = len(backups_of(path))
            command = [sys.executable, "-m", "relasjon_tui", "sjekk"]
            # Its memory of sound backups in the temp folder: the first of the three reads them.
            env = process_env(RELASJON_DATA=str(path), RELASJON_STATE_DIR=str(Path(folder) / "state"))
            process = time_process(command, env, 3)
            entries = len(load(path).data[HISTORY_TABLE])
            size_mb = path.stat().st_size / 1e6
            print(
                f"{size:>7} logs ({size_mb:.1f} MB, {entries} history entries): "
                f"add a log median {statistics.median(added):.1f} ms (max {max(added):.1f}), "
                f"edit a log median {statistics.median(edited):.1f} ms (max {max(edited):.1f}); "
                f"whole-file save (before the journal) median {statistics.median(whole):.0f} ms; "
                f"fold at close {fold:.0f} ms; sjekk's check with the history {sjekk:.2f} s "
                f"({'ok' if report.ok and first.ok else 'FEIL'}; the first, reading its {backups} backup(s), "
                f"{sjekk_first:.2f} s), "
                f"the whole `relasjon sjekk` process {process:.2f} s (median of 3)"
            )
            ok = ok and report.ok and statistics.median(added) <= BUDGET_SAVE_MS
            ok = ok and statistics.median(edited) <= BUDGET_SAVE_MS and sjekk < BUDGET_SJEKK_S
    print("within budget" if ok else "OVER BUDGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
