"""Run by the storage tests as a child process: insert logs and report each acknowledged id.

Usage: python storage_worker.py DATA_FILE COUNT TAG
Prints «<id>» on its own line, flushed, after each insert has returned.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.store import RecordStore


def main() -> None:
    path, count, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    store = RecordStore(path)
    now = datetime.now(UTC)
    for number in range(count):
        log = SessionLog(subject="AB", measure="forbedre-relasjon", start=now, minutes=15,
                         note=f"{tag}-{number}", created=now, updated=now)  # fmt: skip
        log_id = store.add_log(log)
        print(log_id, flush=True)


if __name__ == "__main__":
    main()
