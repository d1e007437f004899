"""Port: what the tenant's digest already told of."""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime
from typing import Protocol


class AttentionRepository(Protocol):
    async def reported(self) -> set[str]:
        """The keys of the items the tenant's digest already told of."""
        ...

    async def remember(self, keys: Set[str], now: datetime) -> None:
        """From now on exactly `keys` count as reported (what is gone is forgotten, so that
        it is news again should it come back)."""
        ...
