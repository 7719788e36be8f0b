"""Provides DraftStore: the quick-log form's text kept on disk while it is typed, privately."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson

from relasjon_tui.fsutil import read_regular, write_private_atomic


class DraftStore:
    """One draft at a time; a closed terminal or a dropped connection loses nothing typed."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def save(self, fields: dict[str, str], now: datetime) -> None:
        if self.path is None:
            return
        write_private_atomic(self.path, orjson.dumps({"saved": now.isoformat(), "fields": fields}))

    def load(self) -> tuple[datetime, dict[str, str]] | None:
        """The draft and when it was saved, or None if there is none or it cannot be read."""
        if self.path is None:
            return None
        try:
            raw = orjson.loads(read_regular(self.path))
            saved = datetime.fromisoformat(raw["saved"])
            fields = raw["fields"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(fields, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in fields.items()
        ):
            return None
        return saved, fields

    def clear(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
