"""When a refused delivery is tried again: exponential at first, then every ten hours."""

from __future__ import annotations

from datetime import timedelta

SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
)
DISABLE_AFTER = timedelta(days=3)
"""An endpoint that refused every attempt this long is disabled."""
GIVE_UP_AFTER = timedelta(days=5)
"""A delivery not taken this long after its event is failed (its endpoint kept taking others:
a disabled endpoint's deliveries wait for it to be enabled again, and are then tried this long
from that moment)."""


def retry_delay(failed_attempts: int) -> timedelta:
    """The wait after the `failed_attempts`-th refused attempt (1 for the first)."""
    if failed_attempts < 1:
        raise ValueError("a delay follows a failed attempt")
    return SCHEDULE[min(failed_attempts, len(SCHEDULE)) - 1]
