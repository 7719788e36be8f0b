"""`sjekk` lists the records pointing at something this installation does not know, and only those."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson

from relasjon_tui.records.check import check_data_file
from relasjon_tui.records.model import SessionLog
from relasjon_tui.records.rules import Known
from relasjon_tui.records.store import RecordStore

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def test_logs_with_an_unknown_measure_or_pupil_are_listed_and_known_ones_are_not(tmp_path: Path) -> None:
    path = tmp_path / "data" / "relasjon.json"
    store = RecordStore(path)
    for measure in ("forbedre-relasjon", "ukjent-tiltak", "forbedre-relasjon"):
        store.add_log(SessionLog("AB", measure, NOW, 15, note="notat", created=NOW))
    store.close()
    content = orjson.loads(path.read_bytes())
    content["logs"]["3"]["subject"] = "CD"  # a pupil the file does not know (edited by hand)
    path.write_bytes(orjson.dumps(content))
    report = check_data_file(path, known=Known(measures=frozenset({"forbedre-relasjon"}), questions=frozenset()))
    listed = [line for line in report.lines if line.startswith("        logs") and "feltet" in line]
    assert len(listed) == 2
    assert listed[0].startswith("        logs 2") and "ukjent-tiltak" in listed[0]
    assert listed[1].startswith("        logs 3") and "CD" in listed[1]
