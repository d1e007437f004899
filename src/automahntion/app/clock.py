"""The one clock every rule reads ("today" and "now")."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware instant."""
        ...
