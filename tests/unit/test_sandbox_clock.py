"""The sandboxes' clock: real time until set to a day or an instant, and back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from automahntion_sandboxes.clock import ClockSettingError, SandboxClock, real_seconds

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_set_instant_runs_on_with_the_real_seconds() -> None:
    clock = SandboxClock()
    start = datetime(2028, 2, 29, 23, 30, tzinfo=UTC)
    clock.set_instant(start)
    first = clock.now()
    second = clock.now()
    assert start <= first <= second < start + timedelta(seconds=5)
    assert clock.timestamp() in range(int(start.timestamp()), int(start.timestamp()) + 5)
    assert clock.as_json()["follows"] == "instant"


def test_a_set_day_keeps_the_real_time_of_day_in_the_zone() -> None:
    clock = SandboxClock(BERLIN)
    clock.set_day(date(2027, 12, 24))
    assert clock.today() == date(2027, 12, 24)
    assert clock.now().tzinfo == BERLIN
    assert clock.as_json()["date"] == "2027-12-24"


def test_controls_set_a_day_an_instant_or_the_real_time_again() -> None:
    clock = SandboxClock(BERLIN)
    assert clock.control({"now": "2026-11-30T23:30:00Z"})["date"] == "2026-12-01"
    assert clock.control({"date": "2026-02-15"})["follows"] == "day"
    state = clock.control({"date": None})
    assert state["follows"] == "real time"
    assert abs(clock.now().timestamp() - real_seconds()) < 5


@pytest.mark.parametrize(
    "body",
    [{}, {"date": "15.02.2026"}, {"now": "2026-11-30T08:00:00"}, {"now": "morgen"}],
)
def test_a_setting_that_names_no_day_or_instant_is_refused(body: dict[str, object]) -> None:
    clock = SandboxClock()
    with pytest.raises(ClockSettingError):
        clock.control(body)
    assert clock.as_json()["follows"] == "real time"
