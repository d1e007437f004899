"""Port: the events of one tenant, recorded in the transaction of the change they tell of."""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime
from typing import Protocol

from automahntion.app.events.records import Event, EventData, EventType


class EventLog(Protocol):
    async def record(self, type: EventType, data: EventData, at: datetime) -> Event:
        """Takes the tenant's next cursor; the row lock it takes orders the events of
        concurrent transactions as they commit."""
        ...

    async def after(self, seq: int, limit: int, types: Set[EventType] | None = None) -> list[Event]:
        """Up to `limit` events with a cursor above `seq`, oldest first."""
        ...
