"""The sandbox's own clock: a settable current date in Europe/Berlin plus the real time of day,
and lexoffice's timestamp format (`yyyy-MM-ddTHH:mm:ss.SSS+01:00`)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$")


class SandboxClock:
    """`today()` is the date set through the controls, else the real date in Berlin."""

    def __init__(self) -> None:
        self.fixed_today: date | None = None

    def today(self) -> date:
        if self.fixed_today is not None:
            return self.fixed_today
        return datetime.now(BERLIN).date()

    def now(self) -> datetime:
        """The current date combined with the real time of day, in Berlin."""
        real = datetime.now(BERLIN)
        if self.fixed_today is None:
            return real
        return datetime.combine(self.fixed_today, real.time().replace(tzinfo=None), BERLIN)


def timestamp(moment: datetime) -> str:
    """lexoffice's timestamp: milliseconds and the Berlin offset of that moment."""
    local = moment.astimezone(BERLIN)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%dT%H:%M:%S}.{local.microsecond // 1000:03d}{offset[:3]}:{offset[3:]}"


def day_timestamp(day: date) -> str:
    """Midnight of that day in Berlin, as lexoffice renders voucher dates."""
    return timestamp(datetime.combine(day, time(0, 0), BERLIN))


def berlin_date(moment: datetime) -> date:
    return moment.astimezone(BERLIN).date()


def is_timestamp(value: object) -> bool:
    if not isinstance(value, str) or not TIMESTAMP.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def parse_day(value: str) -> date:
    """`yyyy-MM-dd` exactly; raises ValueError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    return date.fromisoformat(value)
