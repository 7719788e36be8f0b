"""Provides the one formatter of dates and times the user reads, in the current language.

Bokmål and nynorsk write «02.12.2026 14:30», English «2 Dec 2026 14:30»; the patterns and the
month names are catalogue entries. Stored, exported-for-machines and file-name timestamps stay ISO
and do not come through here.
"""

from __future__ import annotations

from datetime import date, datetime

from relasjon_tui.strings import t


def _parts(day: date) -> dict[str, object]:
    return {"day": day.day, "month": day.month, "mon": t(f"month_short_{day.month}"), "year": day.year,
            "yy": day.year % 100}  # fmt: skip


def format_date(day: date, *, year: bool = True) -> str:
    """A day: «02.12.2026» («02.12» without the year); «2 Dec 2026» in English."""
    return t("fmt_date" if year else "fmt_day_month", **_parts(day))


def format_time(moment: datetime, *, seconds: bool = False) -> str:
    """A clock time, 24-hour in every language: «14:30» or «14:30:05»."""
    return moment.strftime("%H:%M:%S" if seconds else "%H:%M")


def format_datetime(moment: datetime, *, year: bool = True) -> str:
    """A day and a clock time: «02.12.2026 14:30»; «2 Dec 2026 14:30» in English."""
    return t("fmt_datetime", date=format_date(moment, year=year), time=format_time(moment))


def format_datetime_short(moment: datetime) -> str:
    """A day and time in a narrow column: «02.12.26 14:30»; «2 Dec 26 14:30» in English."""
    return t("fmt_datetime", date=t("fmt_date_short", **_parts(moment)), time=format_time(moment))


def format_period(start: date, end: date) -> str:
    """Two days as a period: «18.11–09.12.2026»; «18 Nov – 9 Dec 2026» in English."""
    return t("fmt_period", start=format_date(start, year=start.year != end.year), end=format_date(end))


def format_input_date(day: date) -> str:
    """A day as a form field's starting text, in a form the time parser reads back in every language:
    «02.12.2026»; ISO «2026-12-02» in English, where «02.12» would read oddly."""
    return t("fmt_input_date", **_parts(day))


def format_input_datetime(moment: datetime) -> str:
    """A day and time as a form field's starting text: «02.12.2026 14:30», «2026-12-02 14:30» in English."""
    return t("fmt_datetime", date=format_input_date(moment), time=format_time(moment))
