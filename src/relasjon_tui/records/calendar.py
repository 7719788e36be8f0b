"""Provides SchoolCalendar: which days are school days, for counting planned sessions.

A school day is Monday to Friday, not a Norwegian public holiday, and not inside one of the
school's own holiday periods (autumn, Christmas, winter, Easter and summer holidays, planning
days), which the school gives in the settings file. Planned-session counts, the overview's
«no session this week» and proposed evaluation days all ask this calendar.

Public holidays come from the maintained python-holidays library, written out as a table for
2020–2045 (`_holidays_no.py`, made by tools/gen_holidays.py and checked against the library
by the tests), so showing a case never waits for that library to load; other years ask the
library itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from relasjon_tui.records._holidays_no import FIRST_YEAR, HOLIDAYS, LAST_YEAR

_SEARCH_LIMIT = 400
"""Days to look ahead for the next school day: more than a summer holiday and then some."""


@dataclass(frozen=True, slots=True)
class HolidayPeriod:
    """Days off the school has decided, both ends included."""

    start: date
    end: date
    name: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@lru_cache(maxsize=64)
def _library_year(year: int) -> dict[date, str]:
    from holidays.countries.norway import Norway  # only for years outside the table

    return dict(Norway(years=year, language="no").items())


def public_holiday(day: date) -> str | None:
    """The name of the Norwegian public holiday on `day`, or None."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return HOLIDAYS.get(day.isoformat())
    return _library_year(day.year).get(day)


@dataclass(frozen=True, slots=True)
class SchoolCalendar:
    """Public holidays and the school's own holiday periods."""

    periods: tuple[HolidayPeriod, ...] = ()

    def is_school_day(self, day: date) -> bool:
        """Monday to Friday, not a public holiday, not in one of the school's holiday periods."""
        if day.weekday() >= 5 or public_holiday(day) is not None:
            return False
        return not any(period.covers(day) for period in self.periods)

    def school_days(self, start: date, end: date) -> int:
        """School days from `start` to `end`, both included."""
        return sum(1 for offset in range((end - start).days + 1) if self.is_school_day(start + timedelta(offset)))

    def next_school_day(self, day: date) -> date:
        """`day` if it is a school day, else the first one after it."""
        for offset in range(_SEARCH_LIMIT):
            candidate = day + timedelta(days=offset)
            if self.is_school_day(candidate):
                return candidate
        return day


_current = SchoolCalendar()


def school_calendar() -> SchoolCalendar:
    """The calendar in use: public holidays and the periods from the settings file."""
    return _current


def set_school_calendar(calendar: SchoolCalendar) -> None:
    """Set at start-up from the settings (and in tests)."""
    global _current
    _current = calendar
