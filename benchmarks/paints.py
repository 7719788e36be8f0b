"""Shared by the benchmarks (not tests): time a key to the paints it causes; make stored logs."""

from __future__ import annotations

import time
from datetime import datetime

_paints: list[tuple[object, float]] = []
_watching = False


def watch_paints() -> None:
    """Record when any screen has been painted (wrapping a private Textual method, only to observe).

    A key is timed to the end of the first paint of the screen it leads to (the user sees the
    result: the area, the dialog, the next question) and to
    the end of the last paint it caused (small follow-ups such as the scrollbar and focus
    colours). The pilot's own waits for idleness come after that and are not timed.
    """
    global _watching
    if _watching:
        return
    _watching = True
    from textual.screen import Screen

    refresh = Screen._compositor_refresh

    def timed_refresh(self: Screen) -> None:
        refresh(self)
        _paints.append((self, time.perf_counter()))

    Screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]


async def timed(pilot, *keys: str) -> tuple[float, float]:
    """Milliseconds from the key to the end of the first paint of the screen it leads to, and to
    the end of the last paint it caused."""
    _paints.clear()
    started = time.perf_counter()
    await pilot.press(*keys)
    await pilot.pause()
    end = time.perf_counter()
    shown = [when for screen, when in _paints if screen is pilot.app.screen]
    first = shown[0] if shown else end
    last = _paints[-1][1] if _paints else end
    return (first - started) * 1000, (last - started) * 1000


def process_env(**extra: str) -> dict[str, str]:
    """The environment for a timed child process, with byte-code caching on.

    Installed packages (Textual, and this app from a wheel) carry compiled byte-code; a
    checkout writes it on first run. An environment that sets PYTHONDONTWRITEBYTECODE (some
    sandboxes do) would make every timed start compile this app's modules from source while
    Textual's come compiled: not what a user's start costs.
    """
    import os

    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def log_record(subject: str, start: datetime, **extra: object) -> dict[str, object]:
    """One stored session log of the size the benchmarks use (a note of about 120 characters)."""
    record: dict[str, object] = {
        "subject": subject, "subject_kind": "elev", "measure": "forbedre-relasjon", "start": start.isoformat(),
        "minutes": 15, "note": "Notat om økta. " * 8, "author": "lærer", "created": start.isoformat(),
        "revisions": [],
    }  # fmt: skip
    record.update(extra)
    return record
