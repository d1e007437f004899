"""Clocks: the real one, and one that starts at an `--as-of` instant and runs on from there."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class AsOfClock:
    """Starts at `start` and advances with the real (monotonic) time that passes."""

    start: datetime
    _origin: float = field(default_factory=time.monotonic, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("the start of a clock must be an aware instant")

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self._origin)
