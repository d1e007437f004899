"""Rule 1: the business calendar (Europe/Berlin) and sending days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.calendar import (
    BUNDESLAENDER,
    SendingCalendar,
    berlin_day_start,
    berlin_month,
    berlin_today,
)
from automahntion.domain.errors import ValidationFailed

SIXTEEN_LAENDER = (
    "BB",
    "BE",
    "BW",
    "BY",
    "HB",
    "HE",
    "HH",
    "MV",
    "NI",
    "NW",
    "RP",
    "SH",
    "SL",
    "SN",
    "ST",
    "TH",
)

_CALENDARS: dict[tuple[str | None, bool], SendingCalendar] = {}


def cal(bundesland: str | None = None, *, weekends: bool = False) -> SendingCalendar:
    """A (cached) calendar; calendars are immutable, so sharing them is safe."""
    key = (bundesland, weekends)
    if key not in _CALENDARS:
        _CALENDARS[key] = SendingCalendar(bundesland=bundesland, send_on_weekends=weekends)
    return _CALENDARS[key]


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# Dates the holidays package covers comfortably; keeps hypothesis examples fast.
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
bundeslaender = st.sampled_from(SIXTEEN_LAENDER)


# --- defaults and validation -------------------------------------------------------------


def test_defaults_are_nationwide_and_no_weekends() -> None:
    calendar = SendingCalendar()
    assert calendar.bundesland is None
    assert calendar.send_on_weekends is False


@pytest.mark.parametrize("code", SIXTEEN_LAENDER)
def test_every_bundesland_is_accepted(code: str) -> None:
    assert code in BUNDESLAENDER
    assert SendingCalendar(bundesland=code).bundesland == code


@pytest.mark.parametrize("bad", ["XX", "Bayern", "", "DE", "B Y"])
def test_unknown_bundesland_is_refused(bad: str) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        SendingCalendar(bundesland=bad)
    assert excinfo.value.code == "validation-failed"
    assert [p.field for p in excinfo.value.problems] == ["bundesland"]


# --- ordinary weekdays and weekends -------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 3, 9),  # Monday
        date(2026, 3, 10),  # Tuesday
        date(2026, 3, 11),  # Wednesday
        date(2026, 3, 12),  # Thursday
        date(2026, 3, 13),  # Friday
    ],
)
def test_plain_weekdays_are_sending_days(day: date) -> None:
    assert cal().is_sending_day(day) is True
    assert cal().next_sending_day(day) == day


@pytest.mark.parametrize("day", [date(2026, 3, 14), date(2026, 3, 15)])  # Sat, Sun
def test_weekends_are_not_sending_days_by_default(day: date) -> None:
    assert cal().is_sending_day(day) is False
    assert cal().is_public_holiday(day) is False


@pytest.mark.parametrize("day", [date(2026, 3, 14), date(2026, 3, 15)])  # Sat, Sun
def test_weekends_are_sending_days_when_allowed(day: date) -> None:
    assert cal(weekends=True).is_sending_day(day) is True
    assert cal(weekends=True).next_sending_day(day) == day


def test_weekend_rolls_over_to_monday() -> None:
    assert cal().next_sending_day(date(2026, 3, 14)) == date(2026, 3, 16)
    assert cal().next_sending_day(date(2026, 3, 15)) == date(2026, 3, 16)


# --- 24 and 31 December -------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 24),  # Thursday
        date(2026, 12, 31),  # Thursday
        date(2025, 12, 24),  # Wednesday
        date(2025, 12, 31),  # Wednesday
        date(2027, 12, 24),  # Friday
        date(2027, 12, 31),  # Friday
    ],
)
def test_christmas_eve_and_new_years_eve_are_closed(day: date) -> None:
    assert day.weekday() < 5
    assert cal().is_public_holiday(day) is False
    assert cal().is_sending_day(day) is False
    assert cal("BY").is_sending_day(day) is False


@pytest.mark.parametrize("day", [date(2026, 12, 24), date(2026, 12, 31)])
def test_christmas_eve_and_new_years_eve_open_with_weekend_sending(day: date) -> None:
    assert cal(weekends=True).is_sending_day(day) is True
    assert cal("SN", weekends=True).is_sending_day(day) is True


def test_days_around_the_eves_are_sending_days() -> None:
    assert cal().is_sending_day(date(2026, 12, 23)) is True  # Wednesday
    assert cal().is_sending_day(date(2026, 12, 30)) is True  # Wednesday


# --- nationwide public holidays -----------------------------------------------------------

NATIONWIDE_2026_27 = [
    pytest.param(date(2026, 1, 1), id="Neujahr-2026"),
    pytest.param(date(2026, 4, 3), id="Karfreitag"),
    pytest.param(date(2026, 4, 6), id="Ostermontag"),
    pytest.param(date(2026, 5, 1), id="Tag-der-Arbeit"),
    pytest.param(date(2026, 5, 14), id="Christi-Himmelfahrt"),
    pytest.param(date(2026, 5, 25), id="Pfingstmontag"),
    pytest.param(date(2026, 10, 3), id="Tag-der-Deutschen-Einheit"),
    pytest.param(date(2026, 12, 25), id="1-Weihnachtstag"),
    pytest.param(date(2026, 12, 26), id="2-Weihnachtstag"),
    pytest.param(date(2027, 1, 1), id="Neujahr-2027"),
]


@pytest.mark.parametrize("day", NATIONWIDE_2026_27)
def test_nationwide_holidays_are_not_sending_days(day: date) -> None:
    assert cal().is_public_holiday(day) is True
    assert cal().is_sending_day(day) is False


@pytest.mark.parametrize("day", NATIONWIDE_2026_27)
def test_nationwide_holidays_stay_closed_with_weekend_sending(day: date) -> None:
    assert cal(weekends=True).is_public_holiday(day) is True
    assert cal(weekends=True).is_sending_day(day) is False


@pytest.mark.parametrize("code", SIXTEEN_LAENDER)
@pytest.mark.parametrize("day", NATIONWIDE_2026_27)
def test_nationwide_holidays_are_closed_in_every_bundesland(code: str, day: date) -> None:
    assert cal(code).is_sending_day(day) is False


# --- regional holidays --------------------------------------------------------------------

EPIPHANY_2026 = date(2026, 1, 6)  # Tuesday
CORPUS_CHRISTI_2026 = date(2026, 6, 4)  # Thursday
BUSS_UND_BETTAG_2026 = date(2026, 11, 18)  # Wednesday


def test_regional_holiday_days_are_weekdays() -> None:
    assert EPIPHANY_2026.weekday() == 1
    assert CORPUS_CHRISTI_2026.weekday() == 3
    assert BUSS_UND_BETTAG_2026.weekday() == 2


@pytest.mark.parametrize("code", ["BY", "BW", "ST"])
def test_heilige_drei_koenige_closed_where_it_is_a_holiday(code: str) -> None:
    assert cal(code).is_public_holiday(EPIPHANY_2026) is True
    assert cal(code).is_sending_day(EPIPHANY_2026) is False
    assert cal(code).next_sending_day(EPIPHANY_2026) == date(2026, 1, 7)


@pytest.mark.parametrize("code", ["BE", "NW", "SN", "HH"])
def test_heilige_drei_koenige_open_elsewhere(code: str) -> None:
    assert cal(code).is_sending_day(EPIPHANY_2026) is True


def test_heilige_drei_koenige_is_a_sending_day_nationwide() -> None:
    assert cal().is_public_holiday(EPIPHANY_2026) is False
    assert cal().is_sending_day(EPIPHANY_2026) is True


def test_buss_und_bettag_closed_in_saxony_only() -> None:
    assert cal("SN").is_sending_day(BUSS_UND_BETTAG_2026) is False
    assert cal("SN", weekends=True).is_sending_day(BUSS_UND_BETTAG_2026) is False
    assert cal("SN").next_sending_day(BUSS_UND_BETTAG_2026) == date(2026, 11, 19)
    assert cal().is_sending_day(BUSS_UND_BETTAG_2026) is True
    assert cal("BY").is_sending_day(BUSS_UND_BETTAG_2026) is True


def test_fronleichnam_closed_in_bavaria_open_in_berlin() -> None:
    assert cal("BY").is_sending_day(CORPUS_CHRISTI_2026) is False
    assert cal("BE").is_sending_day(CORPUS_CHRISTI_2026) is True
    assert cal().is_sending_day(CORPUS_CHRISTI_2026) is True


def test_regional_holiday_stays_closed_with_weekend_sending() -> None:
    assert cal("BY", weekends=True).is_sending_day(EPIPHANY_2026) is False
    assert cal("BY", weekends=True).next_sending_day(EPIPHANY_2026) == date(2026, 1, 7)


# --- next_sending_day ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas Eve .. Sunday -> Monday
        (date(2026, 12, 25), date(2026, 12, 28)),
        (date(2026, 12, 26), date(2026, 12, 28)),
        (date(2026, 12, 27), date(2026, 12, 28)),
        (date(2026, 12, 28), date(2026, 12, 28)),
        (date(2026, 12, 31), date(2027, 1, 4)),  # New Year's Eve, Neujahr, weekend
        (date(2027, 1, 1), date(2027, 1, 4)),
        (date(2027, 1, 2), date(2027, 1, 4)),
        (date(2026, 4, 3), date(2026, 4, 7)),  # Karfreitag .. Ostermontag
        (date(2026, 4, 4), date(2026, 4, 7)),
        (date(2026, 4, 6), date(2026, 4, 7)),
        (date(2026, 5, 1), date(2026, 5, 4)),  # Tag der Arbeit (Friday)
        (date(2026, 5, 14), date(2026, 5, 15)),  # Christi Himmelfahrt (Thursday)
        (date(2026, 5, 23), date(2026, 5, 26)),  # Pfingsten weekend + Pfingstmontag
        (date(2026, 10, 3), date(2026, 10, 5)),  # Saturday holiday
    ],
)
def test_next_sending_day_nationwide(day: date, expected: date) -> None:
    assert cal().next_sending_day(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 24)),
        (date(2026, 12, 25), date(2026, 12, 27)),  # holidays stay closed, Sunday is open
        (date(2026, 12, 26), date(2026, 12, 27)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 2)),
        (date(2026, 4, 3), date(2026, 4, 4)),
        (date(2026, 4, 6), date(2026, 4, 7)),
    ],
)
def test_next_sending_day_with_weekend_sending(day: date, expected: date) -> None:
    assert cal(weekends=True).next_sending_day(day) == expected


def test_next_sending_day_regional_long_weekend() -> None:
    # In BY/BW, Epiphany 2027 is a Wednesday: only that day is skipped.
    assert cal("BY").next_sending_day(date(2027, 1, 6)) == date(2027, 1, 7)
    # Neujahr 2027 (Fri) .. weekend .. Monday in Saxony as everywhere.
    assert cal("SN").next_sending_day(date(2026, 12, 31)) == date(2027, 1, 4)


# --- properties ---------------------------------------------------------------------------


@given(
    day=dates,
    bundesland=st.none() | bundeslaender,
    weekends=st.booleans(),
)
def test_next_sending_day_is_the_first_sending_day_on_or_after(
    day: date, bundesland: str | None, weekends: bool
) -> None:
    calendar = cal(bundesland, weekends=weekends)
    nxt = calendar.next_sending_day(day)
    assert nxt >= day
    assert calendar.is_sending_day(nxt)
    assert (nxt - day).days <= 7
    between = day
    while between < nxt:
        assert not calendar.is_sending_day(between)
        between += timedelta(days=1)
    if calendar.is_sending_day(day):
        assert nxt == day


@given(day=dates, bundesland=st.none() | bundeslaender)
def test_without_weekends_sending_days_are_weekdays(day: date, bundesland: str | None) -> None:
    calendar = cal(bundesland)
    if calendar.is_sending_day(day):
        assert day.weekday() < 5
        assert (day.month, day.day) not in {(12, 24), (12, 31)}
        assert not calendar.is_public_holiday(day)


@given(day=dates, bundesland=st.none() | bundeslaender)
def test_with_weekends_only_holidays_are_closed(day: date, bundesland: str | None) -> None:
    calendar = cal(bundesland, weekends=True)
    assert calendar.is_sending_day(day) is (not calendar.is_public_holiday(day))


@given(day=dates, bundesland=st.none() | bundeslaender)
def test_weekend_sending_only_adds_days(day: date, bundesland: str | None) -> None:
    if cal(bundesland).is_sending_day(day):
        assert cal(bundesland, weekends=True).is_sending_day(day)


@given(day=dates, bundesland=bundeslaender, weekends=st.booleans())
def test_a_bundesland_only_removes_sending_days(day: date, bundesland: str, weekends: bool) -> None:
    if cal(bundesland, weekends=weekends).is_sending_day(day):
        assert cal(None, weekends=weekends).is_sending_day(day)


@given(year=st.integers(min_value=2000, max_value=2100), bundesland=st.none() | bundeslaender)
def test_the_eves_are_closed_every_year_unless_weekends(year: int, bundesland: str | None) -> None:
    for day in (date(year, 12, 24), date(year, 12, 31)):
        assert not cal(bundesland).is_sending_day(day)
        assert cal(bundesland, weekends=True).is_sending_day(day)


# --- berlin_today / berlin_month ----------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # Winter time: CET = UTC+1, Berlin midnight is 23:00 UTC.
        (utc(2026, 1, 15, 22, 59, 59), date(2026, 1, 15)),
        (utc(2026, 1, 15, 23, 0, 0), date(2026, 1, 16)),
        (utc(2026, 1, 15, 23, 30), date(2026, 1, 16)),
        (utc(2026, 1, 16, 0, 30), date(2026, 1, 16)),
        # Summer time: CEST = UTC+2, Berlin midnight is 22:00 UTC.
        (utc(2026, 7, 15, 21, 59, 59), date(2026, 7, 15)),
        (utc(2026, 7, 15, 22, 0, 0), date(2026, 7, 16)),
        (utc(2026, 7, 15, 22, 30), date(2026, 7, 16)),
        (utc(2026, 7, 15, 23, 30), date(2026, 7, 16)),
        # Days of the clock changes (29 March and 25 October 2026).
        (utc(2026, 3, 28, 22, 59), date(2026, 3, 28)),
        (utc(2026, 3, 28, 23, 0), date(2026, 3, 29)),
        (utc(2026, 3, 29, 21, 59), date(2026, 3, 29)),
        (utc(2026, 3, 29, 22, 0), date(2026, 3, 30)),
        (utc(2026, 10, 24, 21, 59), date(2026, 10, 24)),
        (utc(2026, 10, 24, 22, 0), date(2026, 10, 25)),
        (utc(2026, 10, 25, 22, 59), date(2026, 10, 25)),
        (utc(2026, 10, 25, 23, 0), date(2026, 10, 26)),
        # New Year's Eve in UTC is already New Year in Berlin.
        (utc(2026, 12, 31, 23, 30), date(2027, 1, 1)),
    ],
)
def test_berlin_today_converts_utc_near_midnight(instant: datetime, expected: date) -> None:
    assert berlin_today(instant) == expected


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    )
)
def test_berlin_day_start_is_the_first_instant_of_berlin_today(instant: datetime) -> None:
    start = berlin_day_start(instant)
    assert start <= instant
    assert berlin_today(start) == berlin_today(instant)
    assert berlin_today(start - timedelta(microseconds=1)) < berlin_today(instant)


def test_berlin_today_accepts_any_aware_timezone() -> None:
    new_york = datetime(2026, 1, 15, 18, 30, tzinfo=ZoneInfo("America/New_York"))  # 23:30 UTC
    assert berlin_today(new_york) == date(2026, 1, 16)
    plus_two = datetime(2026, 7, 16, 0, 15, tzinfo=timezone(timedelta(hours=2)))
    assert berlin_today(plus_two) == date(2026, 7, 16)
    tokyo = datetime(2026, 7, 16, 6, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 15-07 21:00 UTC
    assert berlin_today(tokyo) == date(2026, 7, 15)


def test_berlin_today_in_berlin_time_is_the_wall_date() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert berlin_today(datetime(2026, 12, 24, 0, 0, tzinfo=berlin)) == date(2026, 12, 24)
    assert berlin_today(datetime(2026, 12, 24, 23, 59, 59, tzinfo=berlin)) == date(2026, 12, 24)


def test_berlin_today_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        berlin_today(datetime(2026, 1, 15, 12, 0))


def test_berlin_month_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        berlin_month(datetime(2026, 1, 15, 12, 0))


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2026, 12, 31, 22, 59), (2026, 12)),
        (utc(2026, 12, 31, 23, 0), (2027, 1)),
        (utc(2026, 6, 30, 21, 59), (2026, 6)),
        (utc(2026, 6, 30, 22, 0), (2026, 7)),
        (utc(2026, 2, 28, 23, 30), (2026, 3)),
        (utc(2026, 3, 15, 12, 0), (2026, 3)),
    ],
)
def test_berlin_month_follows_the_berlin_date(instant: datetime, expected: tuple[int, int]) -> None:
    assert berlin_month(instant) == expected


@given(
    instant=st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 12, 31),
        timezones=st.just(UTC),
    )
)
def test_berlin_today_is_utc_date_or_the_next_day(instant: datetime) -> None:
    today = berlin_today(instant)
    utc_date = instant.date()
    # Berlin is UTC+1 or UTC+2: the Berlin date is the UTC date or the day after.
    assert today in (utc_date, utc_date + timedelta(days=1))
    if instant.hour < 22:
        assert today == utc_date
    if instant.hour >= 23:
        assert today == utc_date + timedelta(days=1)
    assert berlin_month(instant) == (today.year, today.month)


def test_only_the_sixteen_bundeslaender_are_accepted_not_cities() -> None:
    assert len(BUNDESLAENDER) == 16
    with pytest.raises(ValidationFailed):
        SendingCalendar(bundesland="Augsburg")
