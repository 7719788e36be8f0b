"""Benchmarks for reflection and meetings (not tests), on a file with 5 000 question notes.

Run with `make bench`. The file also holds 200 ended meetings and 10 000 session logs, as a
school's file might after some years. Each figure is the median of several runs of: opening
the Refleksjon area (its first visit builds it), moving to the next question in its list,
opening a question's notes, and moving to the next question in meeting mode (which saves the
note typed and the meeting's clock first).
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
from relasjon_tui.records.reflection import AgendaItem, Meeting, meeting_to_record
from relasjon_tui.records.store import RecordStore

NOTES = 5_000
MEETINGS = 200
LOGS = 10_000
RUNS = 5
BUDGET_MS = 100.0
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def make_file(path: Path, question_ids: list[str]) -> int:
    """Fill `path`; returns the id of one open meeting to present."""
    meetings = {}
    for n in range(1, MEETINGS + 1):
        agenda = tuple(AgendaItem(question_ids[(n + k) % len(question_ids)], 5, 240, True) for k in range(4))
        start = NOW - timedelta(days=n)
        meetings[str(n)] = meeting_to_record(Meeting(f"Møte {n}", start, "AB, CD", agenda, created=start, ended=start))
    notes = {
        str(n): {
            "question_id": question_ids[n % len(question_ids)],
            "text": "Vi drøftet dette og ble enige om neste steg. " * 3,
            "author": "lærer",
            "created": (NOW - timedelta(hours=n)).isoformat(),
            "updated": None,
            "meeting_id": (n % MEETINGS) + 1,
            "revisions": [],
        }
        for n in range(1, NOTES + 1)
    }
    logs = {str(n): log_record(f"E{n % 300}", NOW) for n in range(1, LOGS + 1)}
    # An import takes only logs of pupils the file knows.
    subjects = {str(n + 1): {"code": f"E{n}", "kind": "elev", "created": None} for n in range(300)}
    tables = {"subjects": subjects, "meetings": meetings, "notes": notes, "logs": logs}
    store = RecordStore(path)
    store.load_dump({"format": "relasjon-tui", "schema_version": 2, "tables": tables})
    agenda = tuple(AgendaItem(question_id, 5) for question_id in question_ids[:10])
    return store.add_meeting(Meeting("Benchmark", NOW, "5", agenda, created=NOW))


async def _run(path: Path, meeting_id: int) -> dict[str, tuple[float, float]]:
    from relasjon_tui.ui.app import RelasjonApp
    from relasjon_tui.ui.screens.confirm import ConfirmScreen
    from relasjon_tui.ui.screens.meeting import MeetingScreen

    watch_paints()
    library = load_library(paths.builtin_content_dir())
    store = RecordStore(path)
    app = RelasjonApp(library, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        # As a user would: the app has been open a moment (the areas are built in the background).
        await pilot.pause(2.0)
        while isinstance(app.screen, ConfirmScreen):  # the offer to resume the open meeting
            app.pop_screen()
        await pilot.pause()
        times = {"open Refleksjon": await timed(pilot, "2")}
        assert app.screen.query("#question-list")
        times["next question in the list"] = _median([await timed(pilot, "j") for _ in range(6)])
        times["open a question's notes"] = await timed(pilot, "enter")
        assert app.screen.query("#note-list")
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(MeetingScreen(store, library, store.get_meeting(meeting_id)))
        await pilot.pause()
        moves = []
        for _ in range(6):
            await pilot.press(*"Notat")
            await pilot.pause(0.4)  # typing has stopped and the note is saved, as in a meeting
            moves.append(await timed(pilot, "pagedown"))
        times["next question in a meeting"] = _median(moves)
    return times


def _median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main() -> int:
    question_ids = [question.id for question in load_library(paths.builtin_content_dir()).questions]
    runs: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(RUNS):
            path = Path(folder) / f"r{run}" / "relasjon.json"
            meeting_id = make_file(path, question_ids)
            for name, value in asyncio.run(_run(path, meeting_id)).items():
                runs.setdefault(name, []).append(value)
        size_mb = path.stat().st_size / 1e6
    print(f"{NOTES} question notes, {MEETINGS} meetings, {LOGS} logs ({size_mb:.1f} MB), median of {RUNS}:")
    ok = True
    for name, values in runs.items():
        shown, settled = _median(values)
        print(
            f"  {name}: shown {shown:.0f} ms, settled {settled:.0f} ms "
            f"(worst shown {max(v[0] for v in values):.0f} ms, budget {BUDGET_MS:.0f} ms)"
        )
        ok = ok and shown <= BUDGET_MS
    print("within budget" if ok else "OVER BUDGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
