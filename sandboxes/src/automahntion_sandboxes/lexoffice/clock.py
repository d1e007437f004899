"""lexoffice's timestamp format (`yyyy-MM-ddTHH:mm:ss.SSS+01:00`) and its days in Europe/Berlin.
The sandbox's clock itself is `automahntion_sandboxes.clock`, set to a Berlin zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$")


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
