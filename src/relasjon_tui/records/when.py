"""Provides parsing of the times people type: «nå», «i dag 10:15», «i går», «14:30», «2026-11-20 14:30»."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo


class WhenError(ValueError):
    """The text is not a time the app understands, or names a day that does not exist."""


_CLOCK = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
_PATTERNS = [
    (re.compile(rf"^(?:i dag|idag)(?:\s+(?:kl\.?\s*)?{_CLOCK})?$"), 0),
    (re.compile(rf"^(?:i går|igår|i gar|igar)(?:\s+(?:kl\.?\s*)?{_CLOCK})?$"), 1),
    (re.compile(rf"^(?:kl\.?\s*)?{_CLOCK}$"), 0),
]
_ISO_DAY = re.compile(
    rf"^(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:[ T]{_CLOCK}(?::\d{{2}}(?:\.\d+)?)?)?$"
)
_NORWEGIAN_DAY = re.compile(
    rf"^(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})(?:\s+(?:kl\.?\s*)?{_CLOCK})?$"
)


def _clock(match: re.Match[str], default: time) -> time:
    if match.group("hour") is None:
        return default
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    if hour > 23 or minute > 59:
        raise WhenError(f"klokkeslettet {hour:02d}:{minute:02d} finnes ikke")
    return time(hour, minute)


def parse_when(text: str, now: datetime) -> datetime:
    """A time in `now`'s time zone. An empty text or «nå» is `now`; a day without a clock
    time is that day at the current clock time."""
    cleaned = " ".join(text.strip().lower().split())
    current = now.time().replace(second=0, microsecond=0)
    if cleaned in ("", "nå", "na", "now"):
        return now.replace(second=0, microsecond=0)
    for pattern, days_back in _PATTERNS:
        match = pattern.match(cleaned)
        if match:
            day = now.date() - timedelta(days=days_back)
            return datetime.combine(day, _clock(match, current)).replace(tzinfo=now.tzinfo)
    for pattern in (_ISO_DAY, _NORWEGIAN_DAY):
        match = pattern.match(cleaned)
        if match:
            year, month, day_number = int(match.group("year")), int(match.group("month")), int(match.group("day"))
            try:
                day = date(year, month, day_number)
            except ValueError:
                raise WhenError(f"datoen {year:04d}-{month:02d}-{day_number:02d} finnes ikke") from None
            return datetime.combine(day, _clock(match, current)).replace(tzinfo=now.tzinfo)
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=now.tzinfo)
    raise WhenError(
        f"forstår ikke tidspunktet «{text.strip()}»; skriv for eksempel «nå», «i dag 10:15», «i går», «14:30» "
        "eller «2026-11-20 14:30»"
    )


def local_now() -> datetime:
    """Now, in the system's time zone with its daylight-saving rules where they can be found."""
    return datetime.now(_system_zone())


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
