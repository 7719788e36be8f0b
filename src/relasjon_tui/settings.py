"""Provides the user's settings (theme, evaluation weeks), stored privately as JSON in the config dir."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from relasjon_tui.fsutil import read_regular, write_private_atomic


@dataclass(frozen=True, slots=True)
class Settings:
    """What the app remembers between runs."""

    theme: str | None = None
    evaluation_weeks: tuple[int, ...] = (1, 2, 4)
    """Weeks after a measure's start at which evaluations are proposed."""

    def with_theme(self, theme: str) -> Settings:
        return replace(self, theme=theme)


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """Read settings; a missing file is defaults. A broken one is defaults plus a warning, never a crash."""
    try:
        raw = json.loads(read_regular(path).decode("utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return Settings(), f"{path}: {error}"
    if not isinstance(raw, dict):
        return Settings(), f"{path}: ikke et JSON-objekt"
    theme = raw.get("theme")
    weeks = raw.get("evaluation_weeks")
    valid_weeks = isinstance(weeks, list) and weeks and all(isinstance(w, int) and 0 < w <= 52 for w in weeks)
    settings = Settings(theme=theme if isinstance(theme, str) else None)
    if valid_weeks:
        settings = replace(settings, evaluation_weeks=tuple(sorted(set(weeks))))
    elif weeks is not None:
        return settings, f"{path}: evaluation_weeks må være en liste med uker (1–52), for eksempel [1, 2, 4]"
    return settings, None


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically and privately."""
    data = json.dumps(asdict(settings), ensure_ascii=False, indent=2).encode("utf-8")
    write_private_atomic(path, data)
