"""Provides the indexes of session logs that case progress is counted from.

Pure functions over the stored log rows (a table of dicts by key): the overview reads every
log of every open case, so they work on the stored form in one pass and build a SessionLog
only for the logs returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from relasjon_tui.records.cases import Case
from relasjon_tui.records.model import SessionLog, log_from_record

Rows = Mapping[str, Mapping[str, Any]]


def session_dates(rows: Rows, codes: set[str]) -> dict[tuple[str, str], list[str]]:
    """(code, measure) to the ISO days («2026-11-26») of its logs, for the codes given.

    Comparing ISO strings rather than building dates keeps this pass at 50 000 logs near 20 ms.
    """
    index: dict[tuple[str, str], list[str]] = {}
    for record in rows.values():
        subject = record.get("subject")
        if subject in codes:
            key = (str(subject), str(record.get("measure")))
            index.setdefault(key, []).append(str(record.get("start", ""))[:10])
    return index


def _day(record: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(record["start"])[:10])
    except (KeyError, ValueError):
        return None


def session_days(rows: Rows, codes: set[str] | None = None) -> dict[tuple[str, str], list[tuple[date, int]]]:
    """(code, measure) to the (day, minutes) of its logs (of the codes given, or of all)."""
    index: dict[tuple[str, str], list[tuple[date, int]]] = {}
    for record in rows.values():
        subject = record.get("subject")
        if codes is not None and subject not in codes:
            continue
        day = _day(record)
        if day is None:
            continue
        index.setdefault((str(subject), str(record.get("measure"))), []).append(
            (day, int(record.get("minutes", 0)))
        )
    return index


def case_logs(rows: Rows, case: Case) -> list[SessionLog]:
    """The session logs that count for the case's planned measures, oldest first
    (same code, same measure, a day inside the measure's period)."""
    periods = [(m.measure, m.start, m.end) for m in case.measures if m.measure and m.start and m.end]
    codes = set(case.subjects)
    chosen = []
    for key, record in rows.items():
        if record.get("subject") not in codes:
            continue
        day = _day(record)
        if day is not None and any(
            record.get("measure") == measure and start <= day <= end for measure, start, end in periods
        ):
            chosen.append(log_from_record(dict(record), int(key)))
    return sorted(chosen, key=lambda log: (log.start, log.id or 0))
