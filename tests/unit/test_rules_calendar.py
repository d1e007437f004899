"""Rule 1 pinned day by day: the regional holidays of each Bundesland, the one-off nationwide
holiday, Sundays that are holidays in Brandenburg, and "due on a closed day is due on the next
sending day" for the first level as for a later one.

Each row names a weekday (or, for Brandenburg, a Sunday with weekend sending) on which a
tenant of the listed Länder must send nothing, while every other Land sends as usual.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.calendar import BUNDESLAENDER, SendingCalendar
from automahntion.domain.escalation import DunningState, Hold, Send, SentLevel, Wait, decide
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy, Level

_CALENDARS = {
    (land, weekends): SendingCalendar(land, weekends)
    for land in (None, *sorted(BUNDESLAENDER))
    for weekends in (False, True)
}


def cal(land: str | None = None, *, weekends: bool = False) -> SendingCalendar:
    return _CALENDARS[land, weekends]


REGIONAL = [
    pytest.param(date(2025, 10, 31), "BB HB HH MV NI SN ST SH TH", id="Reformationstag-2025-Fri"),
    pytest.param(date(2027, 11, 1), "BW BY NW RP SL", id="Allerheiligen-2027-Mon"),
    pytest.param(date(2026, 6, 4), "BW BY HE NW RP SL", id="Fronleichnam-2026-Thu"),
    pytest.param(date(2027, 3, 8), "BE MV", id="Frauentag-2027-Mon"),
    pytest.param(date(2027, 9, 20), "TH", id="Weltkindertag-2027-Mon"),
    pytest.param(date(2028, 8, 15), "SL", id="Mariae-Himmelfahrt-2028-Tue"),
    pytest.param(date(2026, 1, 6), "BW BY ST", id="Heilige-Drei-Koenige-2026-Tue"),
    pytest.param(date(2026, 11, 18), "SN", id="Buss-und-Bettag-2026-Wed"),
    pytest.param(date(2025, 5, 8), "BE", id="Tag-der-Befreiung-2025-Thu-one-off"),
]


@pytest.mark.parametrize(("day", "laender"), REGIONAL)
def test_a_regional_holiday_closes_exactly_its_laender(day: date, laender: str) -> None:
    assert day.weekday() < 5
    closed = {land for land in BUNDESLAENDER if not cal(land).is_sending_day(day)}
    assert closed == set(laender.split())
    assert cal().is_sending_day(day), "not a nationwide holiday"
    for land in closed:  # weekend sending opens weekends, never a holiday
        assert not cal(land, weekends=True).is_sending_day(day)
        assert cal(land).next_sending_day(day) > day


def test_reformation_day_2017_was_a_nationwide_holiday() -> None:
    # The 500th anniversary: a public holiday in every Land that year only.
    day = date(2017, 10, 31)  # a Tuesday
    assert not cal().is_sending_day(day)
    assert all(not cal(land).is_sending_day(day) for land in BUNDESLAENDER)
    assert cal().next_sending_day(day) == date(2017, 11, 1)
    assert cal("BY").next_sending_day(day) == date(2017, 11, 2)  # Allerheiligen in Bavaria
    assert cal().is_sending_day(date(2018, 10, 31)), "2018: only a regional holiday again"


@pytest.mark.parametrize(
    "sunday",
    [date(2026, 4, 5), date(2026, 5, 24), date(2027, 3, 28), date(2027, 5, 16)],
    ids=["Ostersonntag-2026", "Pfingstsonntag-2026", "Ostersonntag-2027", "Pfingstsonntag-2027"],
)
def test_easter_and_whit_sunday_are_holidays_in_brandenburg_even_with_weekend_sending(
    sunday: date,
) -> None:
    assert sunday.weekday() == 6
    assert not cal("BB", weekends=True).is_sending_day(sunday)
    assert cal("BE", weekends=True).is_sending_day(sunday)
    assert cal(weekends=True).is_sending_day(sunday)


# --- what falls on a closed day is due on the next sending day (rule 1, last sentence) --------

R1_DAYS = DunningPolicy.default().setting(Level.R1).days_after_due
M1_DAYS = DunningPolicy.default().setting(Level.M1).days_after_due


def _invoice(due: date) -> Invoice:
    return Invoice(
        "i", "RE-1", due - timedelta(days=14), due, 100_00, 100_00, "c", InvoiceStatus.OPEN
    )


def _first_send(state: DunningState, calendar: SendingCalendar, start: date) -> tuple[date, Send]:
    day = start
    while True:
        decision = decide(state, DunningPolicy.default(), calendar, day)
        if isinstance(decision, Send):
            return day, decision
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("due", "land", "sent_on"),
    [
        # R1 due on Christmas Eve (Thursday) -> Christmas, weekend -> Monday 28 December.
        (date(2026, 12, 21), None, date(2026, 12, 28)),
        # R1 due on New Year's Eve -> Neujahr, weekend -> Monday 4 January.
        (date(2026, 12, 28), None, date(2027, 1, 4)),
        # R1 due on Karfreitag 2026 -> Easter Monday -> Tuesday 7 April.
        (date(2026, 3, 31), None, date(2026, 4, 7)),
        # R1 due on Reformationstag 2025 (Friday) in Lower Saxony -> Monday 3 November...
        (date(2025, 10, 28), "NI", date(2025, 11, 3)),
        # ... but on that very Friday in Bavaria, where it is no holiday.
        (date(2025, 10, 28), "BY", date(2025, 10, 31)),
    ],
    ids=["christmas-eve", "new-years-eve", "good-friday", "reformation-NI", "reformation-BY"],
)
def test_the_first_level_due_on_a_closed_day_goes_out_on_the_next_sending_day(
    due: date, land: str | None, sent_on: date
) -> None:
    state = DunningState(_invoice(due))
    assert _first_send(state, cal(land), due) == (sent_on, Send(Level.R1))


@given(
    due=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    land=st.sampled_from([None, *sorted(BUNDESLAENDER)]),
    weekends=st.booleans(),
    r1_late=st.integers(0, 6),
)
def test_a_level_falling_on_a_closed_day_is_sent_on_the_next_sending_day_not_lost(
    due: date, land: str | None, weekends: bool, r1_late: int
) -> None:
    """Both for the first level (counted from the due date) and for the next one (counted from
    the due date and the gap): never earlier, never later, never lost."""
    calendar = cal(land, weekends=weekends)
    first_due = due + timedelta(days=R1_DAYS)
    state = DunningState(_invoice(due))
    assert _first_send(state, calendar, due) == (
        calendar.next_sending_day(first_due),
        Send(Level.R1),
    )
    r1_on = calendar.next_sending_day(first_due + timedelta(days=r1_late))
    after_r1 = DunningState(_invoice(due), (SentLevel(Level.R1, r1_on),))
    m1_due = max(due + timedelta(days=M1_DAYS), r1_on + timedelta(days=7))
    assert _first_send(after_r1, calendar, r1_on) == (
        calendar.next_sending_day(m1_due),
        Send(Level.M1),
    )
    if not calendar.is_sending_day(m1_due):
        held = decide(after_r1, DunningPolicy.default(), calendar, m1_due)
        assert held == Wait(Hold.NOT_A_SENDING_DAY)
