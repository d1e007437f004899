"""The sandboxes' own clock, and the one place in a sandbox that reads the real time.

A sandbox follows the real time until its controls set it, like an outside system whose date a
test decides: to a day (that date with the real time of day, in the sandbox's zone), or to an
instant from which it runs on with the real seconds that pass. Lifetimes of tokens, the request
log and webhook signatures measure real seconds (`real_seconds`): they are transport, not the
simulated day."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any


class ClockSettingError(ValueError):
    """A control body that sets no valid day or instant."""


def real_seconds() -> float:
    """Seconds since the epoch by the machine's clock."""
    return time.time()


def parse_day(value: str) -> date:
    """`yyyy-MM-dd` exactly; raises ValueError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    return date.fromisoformat(value)


def _instant(value: object) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as error:
        raise ClockSettingError("now must be an ISO 8601 instant with its offset") from error
    if moment.tzinfo is None:
        raise ClockSettingError("now must be an ISO 8601 instant with its offset")
    return moment


class SandboxClock:
    """`now()` is the real time, the set day at the real time of day, or the set instant run on."""

    def __init__(self, zone: tzinfo = UTC) -> None:
        self.zone = zone
        self._day: date | None = None
        self._start: tuple[datetime, float] | None = None

    def now(self) -> datetime:
        if self._start is not None:
            moment, origin = self._start
            return (moment + timedelta(seconds=time.monotonic() - origin)).astimezone(self.zone)
        real = datetime.now(self.zone)
        if self._day is None:
            return real
        return datetime.combine(self._day, real.time().replace(tzinfo=None), self.zone)

    def today(self) -> date:
        return self.now().date()

    def timestamp(self) -> int:
        """Unix seconds of `now()`."""
        return int(self.now().timestamp())

    def set_day(self, day: date | None) -> None:
        self._day, self._start = day, None

    def set_instant(self, moment: datetime) -> None:
        self._day, self._start = None, (moment, time.monotonic())

    def follow_real_time(self) -> None:
        self._day, self._start = None, None

    def control(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Applies `{"date": "YYYY-MM-DD"}`, `{"now": "<ISO instant>"}`, or a null of either
        (the real time again); returns the state as `as_json`."""
        if "now" in body and body["now"] is not None:
            self.set_instant(_instant(body["now"]))
        elif "date" in body and body["date"] is not None:
            try:
                self.set_day(parse_day(str(body["date"])))
            except ValueError as error:
                raise ClockSettingError("date must be YYYY-MM-DD") from error
        elif "now" in body or "date" in body:
            self.follow_real_time()
        else:
            raise ClockSettingError('set "date" (YYYY-MM-DD), "now" (an ISO instant) or null')
        return self.as_json()

    def as_json(self) -> dict[str, Any]:
        following = "instant" if self._start else "day" if self._day else "real time"
        now = self.now()
        return {"now": now.isoformat(), "date": now.date().isoformat(), "follows": following}
