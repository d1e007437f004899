"""The business calendar: Berlin dates and the days on which anything may be sent (rule 1)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from holidays import HolidayBase
from holidays.countries.germany import Germany

from automahntion.domain.errors import FieldProblem, ValidationFailed

BERLIN = ZoneInfo("Europe/Berlin")
BUNDESLAENDER = frozenset(
    ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH")
)
_SILENT_EVES = ((12, 24), (12, 31))


def berlin_today(now: datetime) -> date:
    """The Berlin calendar date of an aware instant."""
    if now.tzinfo is None:
        raise ValueError("naive datetimes are refused: pass an aware instant")
    return now.astimezone(BERLIN).date()


def berlin_day_start(now: datetime) -> datetime:
    """Midnight in Berlin at the start of the day `now` falls on."""
    return datetime.combine(berlin_today(now), time(0, 0), BERLIN)


def berlin_month(now: datetime) -> tuple[int, int]:
    today = berlin_today(now)
    return today.year, today.month


@functools.cache
def _public_holidays(bundesland: str | None) -> HolidayBase:
    """One table per Bundesland and process: it fills itself year by year as days are asked,
    instead of again for every tenant and cycle."""
    return Germany(subdiv=bundesland)


@dataclass(frozen=True)
class SendingCalendar:
    """Which days are sending days for one tenant.

    Monday to Friday, minus German nationwide public holidays (plus the Bundesland's own, when
    set), minus 24 and 31 December. `send_on_weekends` opens Saturdays, Sundays and the two
    eves; public holidays stay closed.
    """

    bundesland: str | None = None
    send_on_weekends: bool = False
    _holidays: HolidayBase = field(init=False, repr=False, compare=False)
    _known: dict[date, bool] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        if self.bundesland is not None and self.bundesland not in BUNDESLAENDER:
            raise ValidationFailed(
                [FieldProblem("bundesland", f"unknown Bundesland {self.bundesland!r}")]
            )
        object.__setattr__(self, "_holidays", _public_holidays(self.bundesland))

    def is_public_holiday(self, day: date) -> bool:
        return day in self._holidays

    def is_sending_day(self, day: date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = self._decide(day)
        return known

    def _decide(self, day: date) -> bool:
        if self.is_public_holiday(day):
            return False
        if self.send_on_weekends:
            return True
        return day.weekday() < 5 and (day.month, day.day) not in _SILENT_EVES

    def next_sending_day(self, day: date) -> date:
        """`day` itself when it is a sending day, else the first sending day after it."""
        while not self.is_sending_day(day):
            day += timedelta(days=1)
        return day


def payment_deadline(sent_on: date, payment_days: int, calendar: SendingCalendar) -> date:
    """The date a message asks payment by: `payment_days` after it is sent, moved forward to
    the next Monday–Friday that is no public holiday (24 and 31 December may be deadlines)."""
    day = sent_on + timedelta(days=payment_days)
    while day.weekday() >= 5 or calendar.is_public_holiday(day):
        day += timedelta(days=1)
    return day
