"""Provides parsing of the times people type («i forgårs 10:00», «27.11», «forrige fredag»)
and the one-line reading of a time that the forms show beside the field.

What is understood, in bokmål, nynorsk and English alike (whatever the UI language), with or
without æøå, any case, and an optional «kl.», «kl», «klokka» or «at» before a clock time:

- «nå», «no», «now», or nothing: now.
- «i dag» / «today», «i går» / «yesterday», «i forgårs» / «i førgårs» / «day before yesterday».
- A weekday («mandag», «måndag», «monday», «fre»): the latest such day that is not in the
  future. On a Monday, «mandag 10:00» is today if 10:00 has passed, else a week ago.
- «i mandags»: the latest Monday strictly before today (a week back on a Monday).
- «forrige fredag», «førre fredag», «last friday»: the Friday of last week (weeks start on
  Monday, as Norwegian calendars do). On a Wednesday that is nine days back for «forrige
  mandag», while plain «mandag» is two days back.
- «27.11», «27.11.», «27.11.2026», «27.11.26», «2026-11-27»: a day. Without a year, the
  latest such date not after today (on 2 January, «27.12» is last year's 27 December).
- A clock time «14:30», or «kl. 14.30» (a dot only after «kl» or after a day: a lone «12.10»
  is the 12th of October, not ten past twelve); «kl 10» means 10:00.
- A day without a clock time is that day at the current clock time, as it always was.
- With `plan=True` (for plans, which look both ways), a weekday is the next one from today
  on, and a day and month without a year the nearest such date.
- Full ISO times with an offset («2026-11-20T14:30:00+00:00») are kept as written.

The words are input vocabulary from the catalogue (`when_words_…`), read in every language at
once whatever the UI language; every message goes through the catalogue too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from relasjon_tui.dates import format_date, format_time
from relasjon_tui.strings import CATALOGUES, t


class WhenError(ValueError):
    """The text is not a time the app understands, or names a day that does not exist."""


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def _vocabulary(key: str) -> list[str]:
    """The words of catalogue entry `key` («i går|igår») in every language at once, folded."""
    words = (word for catalogue in CATALOGUES.values() for word in catalogue[key].split("|"))
    return list(dict.fromkeys(" ".join(word.lower().translate(_FOLD).split()) for word in words))


# Monday = 0, full names and short forms.
_WEEKDAYS = {word: day for day in range(7) for word in _vocabulary(f"when_words_weekday_{day}")}
# «i mandags» / «i måndags»: only the full Norwegian names take the -s.
_SINCE_WEEKDAYS = {name: day for name, day in _WEEKDAYS.items() if name.endswith("dag")}
_NOW_WORDS = ("", *_vocabulary("when_words_now"))
_DAYS_BACK = {
    word: back
    for back, key in enumerate(("when_words_today", "when_words_yesterday", "when_words_day_before"))
    for word in _vocabulary(key)
}
_LAST_WORDS = _vocabulary("when_words_last")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_DAY = re.compile(
    "^(?:"
    rf"(?P<back>{_alternatives(_DAYS_BACK)})"
    rf"|(?:{_alternatives(_LAST_WORDS)})\s+(?P<last>{_alternatives(_WEEKDAYS)})"
    rf"|i\s+(?P<since>{_alternatives(_SINCE_WEEKDAYS)})s"
    rf"|(?P<weekday>{_alternatives(_WEEKDAYS)})"
    r"|(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{4}|\d{2})?)?"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})"
    r")(?:(?:\s+|t)(?P<rest>.+))?$"
)
_CLOCK = re.compile(
    rf"^(?:(?P<prefix>{_alternatives(_vocabulary('when_words_clock'))})\s*)?"
    r"(?P<hour>\d{1,2})(?:(?P<sep>[:.])(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?)?$"
)


def _fold(text: str) -> str:
    return " ".join(text.strip().lower().translate(_FOLD).split())


def _clock(text: str, *, alone: bool) -> time | None:
    """The clock time in `text`, or None if it is not one. `alone`: nothing else was typed,
    so «12.10» without «kl» is a date, not a time."""
    match = _CLOCK.match(text)
    if not match:
        return None
    prefix, minute = match.group("prefix"), match.group("minute")
    if prefix is None and (minute is None or (alone and match.group("sep") == ".")):
        return None
    hour, minute_value = int(match.group("hour")), int(minute or 0)
    if hour > 23 or minute_value > 59:
        raise WhenError(t("when_bad_clock", clock=f"{hour:02d}:{minute_value:02d}"))
    return time(hour, minute_value)


def parse_when(text: str, now: datetime, *, plan: bool = False) -> datetime:
    """A time in `now`'s time zone, read as the module docstring describes; raises WhenError
    with a message for the user. Seconds are dropped, except from a full ISO time.

    `plan=True` is for plans, which look both ways, rather than logs: a weekday is then the
    next one from today on (today included), and a day and month without a year the nearest
    such date (at most half a year away)."""
    cleaned = _fold(text)
    current = now.replace(second=0, microsecond=0)
    if cleaned in _NOW_WORDS:
        return current
    clock = _clock(cleaned, alone=True)
    if clock is not None:
        return _at(now.date(), clock, now)
    match = _DAY.match(cleaned)
    if match:
        rest = match.group("rest")
        clock = _clock(rest, alone=False) if rest else None
        if not rest or clock is not None:
            return _at(_day(match, now, clock, plan), clock or current.time(), now)
    try:
        # ISO times with seconds or an offset, as exports and scripts write them.
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise WhenError(t("when_unknown", text=text.strip())) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=now.tzinfo)


def _at(day: date, clock: time, now: datetime) -> datetime:
    return datetime.combine(day, clock).replace(tzinfo=now.tzinfo)


def _day(match: re.Match[str], now: datetime, clock: time | None, plan: bool) -> date:
    today = now.date()
    if match.group("back"):
        return today - timedelta(days=_DAYS_BACK[match.group("back")])
    if match.group("last"):
        monday = today - timedelta(days=today.weekday())
        return monday - timedelta(days=7) + timedelta(days=_WEEKDAYS[match.group("last")])
    if match.group("since"):
        return today - timedelta(days=(today.weekday() - _SINCE_WEEKDAYS[match.group("since")]) % 7 or 7)
    if match.group("weekday") and plan:
        return today + timedelta(days=(_WEEKDAYS[match.group("weekday")] - today.weekday()) % 7)
    if match.group("weekday"):
        day = today - timedelta(days=(today.weekday() - _WEEKDAYS[match.group("weekday")]) % 7)
        if day == today and clock is not None and _at(day, clock, now) > now:
            day -= timedelta(days=7)
        return day
    if match.group("iso_year"):
        year, month, number = (int(match.group(name)) for name in ("iso_year", "iso_month", "iso_day"))
        return _date(year, month, number, f"{year:04d}-{month:02d}-{number:02d}")
    number, month, year_text = int(match.group("day")), int(match.group("month")), match.group("year")
    if year_text is not None:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return _date(year, month, number, f"{number:02d}.{month:02d}.{year:04d}")
    if not (1 <= month <= 12 and 1 <= number <= 31):
        if match.group("rest") is None and number <= 23 and month <= 59:
            # A lone «14.30»: a date by the rule, but surely meant as a time.
            typed = f"{match.group('day')}.{match.group('month')}"
            raise WhenError(t("when_date_or_clock", text=typed, clock=f"{number:02d}:{month:02d}"))
        raise WhenError(t("when_bad_date", date=f"{number:02d}.{month:02d}"))
    if plan:
        return _nearest(today, month, number)
    # The latest such date not after today: on 2 January, «27.12» is last year's.
    year = today.year if (month, number) <= (today.month, today.day) else today.year - 1
    return _date(year, month, number, f"{number:02d}.{month:02d}.{year:04d}")


def _nearest(today: date, month: int, number: int) -> date:
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, number))
        except ValueError:
            continue
    if not candidates:
        raise WhenError(t("when_bad_date", date=f"{number:02d}.{month:02d}.{today.year:04d}"))
    return min(candidates, key=lambda day: (abs((day - today).days), -day.toordinal()))


def _date(year: int, month: int, day: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise WhenError(t("when_bad_date", date=shown)) from None


def describe_when(when: datetime, now: datetime) -> str:
    """How a parsed time reads, for showing beside the field while typing:
    «= tirsdag 01.12 kl. 14:30», with the year when it is not `now`'s year."""
    if when.tzinfo is not None and now.tzinfo is not None:
        when = when.astimezone(now.tzinfo)
    return t(
        "when_reading",
        weekday=t(f"when_weekday_{when.weekday()}"),
        date=format_date(when, year=when.year != now.year),
        clock=format_time(when),
    )


_frozen: datetime | None = None


def local_now() -> datetime:
    """Now, in the system's time zone with its daylight-saving rules where they can be found."""
    if _frozen is not None:
        return _frozen
    return datetime.now(_system_zone())


def freeze_clock(moment: datetime | None) -> None:
    """Make `local_now` return `moment` (None: the real clock again). For tests and demos only."""
    global _frozen
    _frozen = moment


def _system_zone() -> tzinfo:
    import os
    from pathlib import Path
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return datetime.now().astimezone().tzinfo or UTC
