"""Tests of the school calendar: public holidays, the school's holiday periods, and what counts on them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from relasjon_tui.records._holidays_no import FIRST_YEAR, HOLIDAYS, LAST_YEAR
from relasjon_tui.records.calendar import HolidayPeriod, SchoolCalendar, public_holiday
from relasjon_tui.records.cases import Case, PlannedMeasure, overview, planned_sessions, proposed_evaluations
from relasjon_tui.settings import load_settings, save_settings

CHRISTMAS = HolidayPeriod(date(2026, 12, 21), date(2027, 1, 1), "juleferie")
AUTUMN = HolidayPeriod(date(2026, 9, 28), date(2026, 10, 2), "høstferie")
SCHOOL = SchoolCalendar((AUTUMN, CHRISTMAS))


def test_the_written_out_table_is_what_the_holidays_library_says() -> None:
    from holidays.countries.norway import Norway

    library = Norway(years=range(FIRST_YEAR, LAST_YEAR + 1), language="no")
    assert HOLIDAYS == {day.isoformat(): name for day, name in sorted(library.items())}


def test_public_holidays_inside_and_outside_the_table() -> None:
    assert public_holiday(date(2026, 5, 17)) == "Grunnlovsdag"
    assert public_holiday(date(2027, 5, 17)) == "Andre pinsedag; Grunnlovsdag"  # both, in 2027
    assert public_holiday(date(2026, 12, 25)) == "Første juledag"
    assert public_holiday(date(2026, 12, 2)) is None
    assert public_holiday(date(2050, 12, 25)) == "Første juledag"  # from the library itself


def test_evaluation_days_are_never_proposed_on_a_day_off() -> None:
    # Four weeks from Wednesday 2 December is 30 December, in the Christmas holiday.
    days = proposed_evaluations(date(2026, 12, 2), (1, 2, 4), SCHOOL)
    assert days == (date(2026, 12, 9), date(2026, 12, 16), date(2027, 1, 4))
    # One week from Monday 10 May 2027 is Monday 17 May, a public holiday: the next day.
    assert proposed_evaluations(date(2027, 5, 10), (1,), SCHOOL) == (date(2027, 5, 18),)
    for start in (date(2026, 9, 1) + timedelta(days=n) for n in range(150)):
        for day in proposed_evaluations(start, (1, 2, 4), SCHOOL):
            assert SCHOOL.is_school_day(day), (start, day)


def test_planned_sessions_skip_holidays_and_holiday_weeks() -> None:
    daily = PlannedMeasure("forbedre-relasjon", start=date(2026, 12, 14), end=date(2027, 1, 8), frequency="daglig")
    # 14–18 December (5) and 4–8 January (5); the Christmas holiday between counts nothing.
    assert planned_sessions(daily, SCHOOL) == 10
    assert planned_sessions(daily, SchoolCalendar()) == 18  # without the school's weeks: 20 weekdays less 25/12, 1/1
    weekly = PlannedMeasure("elevgrupper", start=date(2026, 12, 14), end=date(2027, 1, 10), frequency="ukentlig")
    assert planned_sessions(weekly, SCHOOL) == 2  # four started weeks, two of them all holiday
    assert planned_sessions(weekly, SchoolCalendar()) == 4


def test_no_session_this_week_is_not_an_alert_in_a_holiday_week() -> None:
    measure = PlannedMeasure("forbedre-relasjon", start=date(2026, 12, 1), end=date(2027, 1, 29), frequency="daglig")
    case = Case("AB", ("AB",), measures=(measure,), id=1)
    in_holiday = overview([case], {}, date(2026, 12, 23), SCHOOL)
    assert not [alert for alert in in_holiday if alert.kind == "ingen-okt"]
    at_school = overview([case], {}, date(2027, 1, 6), SCHOOL)
    assert [alert.kind for alert in at_school] == ["ingen-okt"]


def test_holiday_periods_are_read_from_the_settings_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "innstillinger.json"
    path.write_text(json.dumps({"school_holidays": [
        {"from": "2026-12-21", "to": "2027-01-01", "name": "juleferie"},
        {"from": "2027-01-01", "to": "2026-01-01"},
        {"to": "2027-02-26"},
    ]}))  # fmt: skip
    settings, problem = load_settings(path)
    assert settings.school_holidays == (CHRISTMAS,)
    assert problem is not None and "school_holidays nr. 2, 3" in problem
    save_settings(path, settings)
    again, problem = load_settings(path)
    assert again.school_holidays == (CHRISTMAS,) and problem is None
    assert not again.calendar.is_school_day(date(2026, 12, 30))


@pytest.mark.parametrize("value", ["juleferie", 5, [1, 2], {"from": "x"}])
def test_a_broken_holiday_list_is_a_warning_not_a_crash(tmp_path: Path, value) -> None:
    path = tmp_path / "innstillinger.json"
    path.write_text(json.dumps({"school_holidays": value}))
    settings, problem = load_settings(path)
    assert settings.school_holidays == () and problem
