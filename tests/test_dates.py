"""The one date and time formatter, per language."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from relasjon_tui import strings
from relasjon_tui.dates import format_date, format_datetime, format_datetime_short, format_period, format_time

MOMENT = datetime(2026, 12, 2, 14, 30, 5)


@pytest.mark.parametrize(
    ("language", "day", "day_month", "moment", "short", "period", "across_years"),
    [
        ("nb", "02.12.2026", "02.12", "02.12.2026 14:30", "02.12.26 14:30", "18.11–09.12.2026", "28.12.2026–08.01.2027"),
        ("nn", "02.12.2026", "02.12", "02.12.2026 14:30", "02.12.26 14:30", "18.11–09.12.2026", "28.12.2026–08.01.2027"),
        ("en", "2 Dec 2026", "2 Dec", "2 Dec 2026 14:30", "2 Dec 26 14:30", "18 Nov – 9 Dec 2026",
         "28 Dec 2026 – 8 Jan 2027"),
    ],
)
def test_each_language_writes_dates_its_own_way(language, day, day_month, moment, short, period, across_years) -> None:
    strings.set_language(language)
    assert format_date(MOMENT.date()) == day
    assert format_date(MOMENT, year=False) == day_month
    assert format_datetime(MOMENT) == moment
    assert format_datetime_short(MOMENT) == short
    assert format_period(date(2026, 11, 18), date(2026, 12, 9)) == period
    assert format_period(date(2026, 12, 28), date(2027, 1, 8)) == across_years
    assert format_time(MOMENT) == "14:30" and format_time(MOMENT, seconds=True) == "14:30:05"


def test_every_month_has_a_name_in_english() -> None:
    strings.set_language("en")
    names = [format_date(date(2026, month, 1), year=False) for month in range(1, 13)]
    assert names == [f"1 {name}" for name in "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()]


@pytest.mark.parametrize(("language", "shown"), [("nb", "02.12.2026 14:30"), ("nn", "02.12.2026 14:30"),
                                                 ("en", "2026-12-02 14:30")])  # fmt: skip
def test_a_form_field_starts_with_a_time_the_parser_reads_back(language: str, shown: str) -> None:
    from zoneinfo import ZoneInfo

    from relasjon_tui.dates import format_input_datetime
    from relasjon_tui.records.when import parse_when

    strings.set_language(language)
    moment = MOMENT.replace(second=0, tzinfo=ZoneInfo("Europe/Oslo"))
    assert format_input_datetime(moment) == shown
    assert parse_when(shown, moment) == moment
