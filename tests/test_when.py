"""Times as people type them (`parse_when`), and how a time reads beside the field (`describe_when`).

Every test runs on a frozen clock; the command line's clock is frozen by replacing `local_now`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest

from relasjon_tui import strings
from relasjon_tui.cli import main
from relasjon_tui.records import when
from relasjon_tui.records.when import WhenError, describe_when, parse_when

OSLO = ZoneInfo("Europe/Oslo")
WEDNESDAY = datetime(2026, 12, 2, 12, 40, 30, tzinfo=OSLO)
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=OSLO)
SUNDAY = datetime(2026, 12, 6, 20, 0, tzinfo=OSLO)
NEW_YEAR = datetime(2027, 1, 2, 10, 0, tzinfo=OSLO)  # a Saturday
FIRST_OF_JANUARY = datetime(2027, 1, 1, 8, 0, tzinfo=OSLO)  # a Friday


def at(day: str, clock: str) -> str:
    return datetime.combine(date.fromisoformat(day), datetime.strptime(clock, "%H:%M").time(), OSLO).isoformat()


@pytest.fixture
def english() -> Iterator[None]:
    strings.set_language("en")
    try:
        yield
    finally:
        strings.set_language("nb")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # now, today, yesterday, the day before: bokmål, nynorsk, English
        ("", at("2026-12-02", "12:40")),
        ("nå", at("2026-12-02", "12:40")),
        ("no", at("2026-12-02", "12:40")),
        ("Now", at("2026-12-02", "12:40")),
        ("i dag", at("2026-12-02", "12:40")),
        ("today 10:15", at("2026-12-02", "10:15")),
        ("idag kl 8:05", at("2026-12-02", "08:05")),
        ("i går", at("2026-12-01", "12:40")),
        ("I går kl. 14.00", at("2026-12-01", "14:00")),
        ("yesterday at 10:00", at("2026-12-01", "10:00")),
        ("i forgårs", at("2026-11-30", "12:40")),
        ("i forgårs 10:00", at("2026-11-30", "10:00")),
        ("i førgårs kl. 10.00", at("2026-11-30", "10:00")),
        ("i forgars 10:00", at("2026-11-30", "10:00")),
        ("day before yesterday 9:30", at("2026-11-30", "09:30")),
        # a clock time alone; a dot needs «kl»
        ("14:30", at("2026-12-02", "14:30")),
        ("kl 14.30", at("2026-12-02", "14:30")),
        ("kl. 9", at("2026-12-02", "09:00")),
        ("klokka 9:15", at("2026-12-02", "09:15")),
        # weekdays: the latest not in the future
        ("mandag", at("2026-11-30", "12:40")),
        ("mandag 10:00", at("2026-11-30", "10:00")),
        ("måndag 10:00", at("2026-11-30", "10:00")),
        ("Monday kl 10", at("2026-11-30", "10:00")),
        ("tirsdag", at("2026-12-01", "12:40")),
        ("tysdag", at("2026-12-01", "12:40")),
        ("tuesday", at("2026-12-01", "12:40")),
        ("onsdag 12:00", at("2026-12-02", "12:00")),  # today, in the past
        ("onsdag 12:40", at("2026-12-02", "12:40")),  # this very minute is not the future
        ("onsdag 13:00", at("2026-11-25", "13:00")),  # today's 13:00 is to come: a week ago
        ("onsdag", at("2026-12-02", "12:40")),
        ("torsdag", at("2026-11-26", "12:40")),
        ("fredag 08:15", at("2026-11-27", "08:15")),
        ("fre 08:15", at("2026-11-27", "08:15")),
        ("lørdag", at("2026-11-28", "12:40")),
        ("laurdag", at("2026-11-28", "12:40")),
        ("lordag", at("2026-11-28", "12:40")),
        ("søndag", at("2026-11-29", "12:40")),
        ("sundag 23:59", at("2026-11-29", "23:59")),
        ("sunday", at("2026-11-29", "12:40")),
        # «i mandags»: strictly before today
        ("i mandags", at("2026-11-30", "12:40")),
        ("i onsdags 10:00", at("2026-11-25", "10:00")),
        ("i måndags", at("2026-11-30", "12:40")),
        # «forrige»: that day of last week (weeks start on Monday)
        ("forrige mandag", at("2026-11-23", "12:40")),
        ("førre måndag 10:00", at("2026-11-23", "10:00")),
        ("last monday", at("2026-11-23", "12:40")),
        ("forrige onsdag", at("2026-11-25", "12:40")),
        ("forrige fredag", at("2026-11-27", "12:40")),
        ("last friday 14:00", at("2026-11-27", "14:00")),
        ("forrige søndag", at("2026-11-29", "12:40")),
        # day and month, with or without a year
        ("27.11", at("2026-11-27", "12:40")),
        ("27.11.", at("2026-11-27", "12:40")),
        ("27.11 10:00", at("2026-11-27", "10:00")),
        ("27.11 kl. 10.00", at("2026-11-27", "10:00")),
        ("1.12 10:00", at("2026-12-01", "10:00")),
        ("2.12", at("2026-12-02", "12:40")),  # today
        ("2.12 14:00", at("2026-12-02", "14:00")),  # today, later: validation asks about the future
        ("3.12", at("2025-12-03", "12:40")),  # tomorrow's date is last year's
        ("27.11.2026", at("2026-11-27", "12:40")),
        ("27.11.2025 kl 9", at("2025-11-27", "09:00")),
        ("27.11.25", at("2025-11-27", "12:40")),
        ("20.11.2026 08:05", at("2026-11-20", "08:05")),
        ("2026-11-20 14:30", at("2026-11-20", "14:30")),
        ("2026-11-20T14:30", at("2026-11-20", "14:30")),
        ("2026-11-20", at("2026-11-20", "12:40")),
        ("2026-07-01 09:00", "2026-07-01T09:00:00+02:00"),  # summer time from the zone's rules
        ("2026-11-20T14:30:00+00:00", "2026-11-20T14:30:00+00:00"),
    ],
)
def test_forms_on_a_wednesday(text: str, expected: str) -> None:
    assert parse_when(text, WEDNESDAY).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mandag", at("2026-11-30", "09:00")),  # today, at the current time
        ("mandag 08:00", at("2026-11-30", "08:00")),
        ("mandag 09:00", at("2026-11-30", "09:00")),
        ("mandag 10:00", at("2026-11-23", "10:00")),  # not yet 10: last week's
        ("i mandags", at("2026-11-23", "09:00")),
        ("forrige mandag", at("2026-11-23", "09:00")),
        ("forrige fredag", at("2026-11-27", "09:00")),
        ("fredag", at("2026-11-27", "09:00")),
        ("søndag 18:00", at("2026-11-29", "18:00")),
        ("i forgårs", at("2026-11-28", "09:00")),
    ],
)
def test_forms_on_the_weekday_itself(text: str, expected: str) -> None:
    assert parse_when(text, MONDAY).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("søndag", at("2026-12-06", "20:00")),
        ("forrige søndag", at("2026-11-29", "20:00")),
        ("forrige mandag", at("2026-11-23", "20:00")),
        ("mandag", at("2026-11-30", "20:00")),
        ("lørdag 10:00", at("2026-12-05", "10:00")),
    ],
)
def test_forms_on_a_sunday_the_week_ends_today(text: str, expected: str) -> None:
    assert parse_when(text, SUNDAY).isoformat() == expected


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        (NEW_YEAR, "27.12", at("2026-12-27", "10:00")),
        (NEW_YEAR, "27.12 14:00", at("2026-12-27", "14:00")),
        (NEW_YEAR, "31.12 23:00", at("2026-12-31", "23:00")),
        (NEW_YEAR, "1.1", at("2027-01-01", "10:00")),
        (NEW_YEAR, "2.1", at("2027-01-02", "10:00")),
        (NEW_YEAR, "3.1", at("2026-01-03", "10:00")),
        (NEW_YEAR, "27.12.2026", at("2026-12-27", "10:00")),
        (NEW_YEAR, "i går", at("2027-01-01", "10:00")),
        (NEW_YEAR, "i forgårs 10:00", at("2026-12-31", "10:00")),
        (NEW_YEAR, "torsdag", at("2026-12-31", "10:00")),
        (NEW_YEAR, "fredag", at("2027-01-01", "10:00")),
        (NEW_YEAR, "forrige fredag", at("2026-12-25", "10:00")),  # this week began on Monday 28.12
        (NEW_YEAR, "forrige mandag", at("2026-12-21", "10:00")),
        (FIRST_OF_JANUARY, "i går", at("2026-12-31", "08:00")),
        (FIRST_OF_JANUARY, "31.12", at("2026-12-31", "08:00")),
        (FIRST_OF_JANUARY, "1.1 07:00", at("2027-01-01", "07:00")),
        (FIRST_OF_JANUARY, "2.1", at("2026-01-02", "08:00")),
        (FIRST_OF_JANUARY, "fredag 09:00", at("2026-12-25", "09:00")),  # today's 09:00 is to come
        (datetime(2028, 3, 1, 12, 0, tzinfo=OSLO), "29.2", at("2028-02-29", "12:00")),
    ],
)
def test_around_new_year(now: datetime, text: str, expected: str) -> None:
    assert parse_when(text, now).isoformat() == expected


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        (WEDNESDAY, "15.12", date(2026, 12, 15)),
        (WEDNESDAY, "2.12", date(2026, 12, 2)),
        (WEDNESDAY, "1.12", date(2026, 12, 1)),  # yesterday: a plan may have started
        (WEDNESDAY, "10.1", date(2027, 1, 10)),
        (WEDNESDAY, "1.6", date(2027, 6, 1)),
        (WEDNESDAY, "1.7", date(2026, 7, 1)),
        (WEDNESDAY, "fredag", date(2026, 12, 4)),
        (WEDNESDAY, "onsdag", date(2026, 12, 2)),
        (WEDNESDAY, "tirsdag", date(2026, 12, 8)),
        (WEDNESDAY, "i går", date(2026, 12, 1)),  # words for the past stay in the past
        (WEDNESDAY, "27.11.2026", date(2026, 11, 27)),
        (NEW_YEAR, "27.12", date(2026, 12, 27)),
        (NEW_YEAR, "29.2", date(2028, 2, 29)),
        (FIRST_OF_JANUARY, "5.1", date(2027, 1, 5)),
    ],
)
def test_plan_dates_look_both_ways(now: datetime, text: str, expected: date) -> None:
    assert parse_when(text, now, plan=True).date() == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02", "datoen 31.02.2026 finnes ikke"),
        ("31.02.2026", "datoen 31.02.2026 finnes ikke"),
        ("31.4 10:00", "datoen 31.04.2026 finnes ikke"),
        ("29.02.2027", "datoen 29.02.2027 finnes ikke"),
        ("27.13", "datoen 27.13 finnes ikke"),
        ("2025-02-30", "datoen 2025-02-30 finnes ikke"),
        ("25:00", "klokkeslettet 25:00 finnes ikke"),
        ("i går 24:00", "klokkeslettet 24:00 finnes ikke"),
        ("mandag 10:75", "klokkeslettet 10:75 finnes ikke"),
        (
            "14.30",
            "«14.30» leses som en dato (dag.måned), og den datoen finnes ikke; et klokkeslett skrives 14:30 eller kl. 14.30",
        ),
        ("i morgen", "forstår ikke tidspunktet «i morgen»"),
        ("mandag kveld", "forstår ikke tidspunktet «mandag kveld»"),
        ("forrige uke", "forstår ikke tidspunktet «forrige uke»"),
    ],
)
def test_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(text, WEDNESDAY)
    assert message in str(caught.value)


def test_twenty_ninth_of_february_in_a_year_without_one() -> None:
    with pytest.raises(WhenError, match="29.02.2027 finnes ikke"):
        parse_when("29.2", datetime(2027, 3, 1, 12, 0, tzinfo=OSLO))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02", "the date 31.02.2026 does not exist"),
        ("25:00", "the time 25:00 does not exist"),
        (
            "14.30",
            "«14.30» is read as a date (day.month), and that date does not exist; write a time as 14:30 or at 14.30",
        ),
        ("tomorrow", "cannot read the time «tomorrow»; write for example «now», «today 10:15»"),
    ],
)
def test_errors_read_well_in_english(english: None, text: str, message: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(text, WEDNESDAY)
    assert message in str(caught.value)


def test_the_words_of_every_language_are_read_whatever_the_ui_language(english: None) -> None:
    assert parse_when("i forgårs 10:00", WEDNESDAY).isoformat() == at("2026-11-30", "10:00")
    assert parse_when("førre fredag", WEDNESDAY).date() == date(2026, 11, 27)


def test_no_norwegian_message_is_written_in_the_parser() -> None:
    source = Path(when.__file__).read_text(encoding="utf-8")
    code = source.split('"""', 2)[2]  # after the module docstring
    for fragment in ("finnes ikke", "forstår ikke", "klokkeslett", "datoen"):
        assert fragment not in code


@pytest.mark.parametrize(
    ("moment", "nb", "en"),
    [
        (datetime(2026, 12, 1, 14, 30, tzinfo=OSLO), "= tirsdag 01.12 kl. 14:30", "= Tuesday 1 Dec at 14:30"),
        (datetime(2026, 11, 29, 8, 5, tzinfo=OSLO), "= søndag 29.11 kl. 08:05", "= Sunday 29 Nov at 08:05"),
        (datetime(2025, 12, 27, 10, 0, tzinfo=OSLO), "= lørdag 27.12.2025 kl. 10:00", "= Saturday 27 Dec 2025 at 10:00"),
        # a time given in UTC reads in the local zone
        (datetime.fromisoformat("2026-11-20T14:30:00+00:00"), "= fredag 20.11 kl. 15:30", "= Friday 20 Nov at 15:30"),
    ],
)
def test_describe_when(moment: datetime, nb: str, en: str) -> None:
    assert describe_when(moment, WEDNESDAY) == nb
    strings.set_language("en")
    try:
        assert describe_when(moment, WEDNESDAY) == en
    finally:
        strings.set_language("nb")


def test_describe_reads_back_what_was_typed_around_new_year() -> None:
    assert describe_when(parse_when("27.12 10:00", NEW_YEAR), NEW_YEAR) == "= søndag 27.12.2026 kl. 10:00"
    assert describe_when(parse_when("forrige fredag 9:00", NEW_YEAR), NEW_YEAR) == "= fredag 25.12.2026 kl. 09:00"


# The command line: `relasjon logg --tid …` goes through the same parser.


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "relasjon.json"
    monkeypatch.setenv("RELASJON_DATA", str(path))
    return path


def _logged_start(data: Path, now: datetime, monkeypatch: pytest.MonkeyPatch, tid: str) -> str:
    monkeypatch.setattr(when, "local_now", lambda: now)
    assert main(["logg", "--elev", "AB", "--tiltak", "forbedre-relasjon", "--tid", tid]) == 0
    logs = orjson.loads(data.read_bytes())["logs"]
    return logs[max(logs, key=int)]["start"]


@pytest.mark.parametrize(
    ("now", "tid", "expected"),
    [
        (WEDNESDAY, "i forgårs 10:00", at("2026-11-30", "10:00")),
        (WEDNESDAY, "27.11 10:00", at("2026-11-27", "10:00")),
        (WEDNESDAY, "27.11", at("2026-11-27", "12:40")),
        (WEDNESDAY, "forrige fredag kl. 11.30", at("2026-11-27", "11:30")),
        (NEW_YEAR, "27.12", at("2026-12-27", "10:00")),
        (NEW_YEAR, "i forgårs 10:00", at("2026-12-31", "10:00")),
    ],
)
def test_cli_logg_reads_the_same_forms(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    now: datetime,
    tid: str,
    expected: str,
) -> None:
    assert _logged_start(data, now, monkeypatch, tid) == expected


def test_cli_bad_time_is_one_clear_line_in_either_language(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(when, "local_now", lambda: WEDNESDAY)
    try:
        assert main(["logg", "--elev", "AB", "--tiltak", "forbedre-relasjon", "--tid", "31.02"]) == 1
        assert capsys.readouterr().err.strip() == "relasjon: ugyldig tidspunkt: datoen 31.02.2026 finnes ikke"
        args = ["--lang", "en", "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon", "--tid", "31.02"]
        assert main(args) == 1
        assert capsys.readouterr().err.strip() == "relasjon: invalid time: the date 31.02.2026 does not exist"
    finally:
        strings.set_language("nb")
    assert not data.exists()


def test_cli_process_on_the_real_clock(data: Path) -> None:
    """The installed entry point, unpatched: «i forgårs 10:00» is two days before the real today."""
    before = datetime.now().astimezone().date()
    result = subprocess.run(
        [sys.executable, "-m", "relasjon_tui", "logg", "--elev", "AB", "--tiltak", "forbedre-relasjon",
         "--tid", "i forgårs 10:00"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    start = datetime.fromisoformat(orjson.loads(data.read_bytes())["logs"]["1"]["start"])
    assert start.time().isoformat() == "10:00:00"
    assert start.date() in {before - timedelta(days=2), datetime.now().astimezone().date() - timedelta(days=2)}
