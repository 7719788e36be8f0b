"""Provides the user's settings (theme, evaluation weeks, the school's holidays), stored privately as JSON.

The school's holiday periods are given as
`"school_holidays": [{"from": "2026-12-21", "to": "2027-01-01", "name": "juleferie"}, …]`,
the language as `"language": "nn"` (nb, nn or en).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from relasjon_tui.fsutil import read_regular, write_private_atomic
from relasjon_tui.strings import LANGUAGES, t

if TYPE_CHECKING:
    from relasjon_tui.records.calendar import HolidayPeriod, SchoolCalendar


@dataclass(frozen=True, slots=True)
class Settings:
    """What the app remembers between runs."""

    theme: str | None = None
    evaluation_weeks: tuple[int, ...] = (1, 2, 4)
    """Weeks after a measure's start at which evaluations are proposed."""
    school_holidays: tuple[HolidayPeriod, ...] = ()
    """The school's own days off (holiday weeks, planning days), besides public holidays."""
    language: str | None = None
    """The UI language (nb, nn or en); `--lang` overrides it."""
    school: str = ""
    """The school's name, at the head of every case document exported for the archive."""
    unit: str = ""
    """The unit or team within the school (for example «7. trinn», «elevtjenesten»)."""

    @property
    def calendar(self) -> SchoolCalendar:
        from relasjon_tui.records.calendar import SchoolCalendar  # not needed for the first screen

        return SchoolCalendar(self.school_holidays)

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
        return Settings(), t("settings_not_object", path=path)
    theme = raw.get("theme")
    language = raw.get("language")
    weeks = raw.get("evaluation_weeks")
    valid_weeks = isinstance(weeks, list) and weeks and all(isinstance(w, int) and 0 < w <= 52 for w in weeks)
    settings = Settings(theme=theme if isinstance(theme, str) else None)
    problems: list[str] = []
    if language in LANGUAGES:
        settings = replace(settings, language=language)
    elif language is not None:
        problems.append(t("settings_bad_language", path=path, languages=", ".join(LANGUAGES)))
    if valid_weeks and isinstance(weeks, list):
        settings = replace(settings, evaluation_weeks=tuple(sorted(set(weeks))))
    elif weeks is not None:
        problems.append(t("settings_bad_weeks", path=path))
    school, unit = raw.get("school"), raw.get("unit")
    if isinstance(school, str) and len(school) <= 200:
        settings = replace(settings, school=" ".join(school.split()))
    elif school is not None:
        problems.append(t("settings_bad_text", path=path, name="school"))
    if isinstance(unit, str) and len(unit) <= 200:
        settings = replace(settings, unit=" ".join(unit.split()))
    elif unit is not None:
        problems.append(t("settings_bad_text", path=path, name="unit"))
    holidays, bad = _holiday_periods(raw.get("school_holidays"))
    settings = replace(settings, school_holidays=holidays)
    if bad:
        problems.append(t("settings_bad_holidays", path=path, entries=", ".join(bad)))
    return settings, "\n".join(problems) or None


def _holiday_periods(raw: object) -> tuple[tuple[HolidayPeriod, ...], list[str]]:
    """The periods that read well, and the numbers (1, 2 …) of those that do not."""
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), ["school_holidays"]
    from relasjon_tui.records.calendar import HolidayPeriod

    periods: list[HolidayPeriod] = []
    bad: list[str] = []
    for number, item in enumerate(raw, start=1):
        try:
            start, end = date.fromisoformat(item["from"]), date.fromisoformat(item["to"])
            name = item.get("name", "")
            if end < start or not isinstance(name, str):
                raise ValueError
        except (TypeError, KeyError, ValueError, AttributeError):
            bad.append(str(number))
            continue
        periods.append(HolidayPeriod(start, end, name))
    return tuple(periods), bad


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically and privately."""
    stored = asdict(settings)
    stored["school_holidays"] = [
        {"from": p.start.isoformat(), "to": p.end.isoformat(), **({"name": p.name} if p.name else {})}
        for p in settings.school_holidays
    ]
    data = json.dumps(stored, ensure_ascii=False, indent=2).encode("utf-8")
    write_private_atomic(path, data)
