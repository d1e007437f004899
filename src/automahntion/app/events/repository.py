"""Port: the events of one tenant, recorded in the transaction of the change they tell of."""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.events.records import Event, EventData, EventType


class EventLog(Protocol):
    async def record(self, type: EventType, data: EventData, at: datetime) -> UUID:
        """The event's id. It is written with the unit of work, which takes its cursor as it
        commits: cursors follow the order in which the events' transactions commit."""
        ...

    async def after(self, seq: int, limit: int, types: Set[EventType] | None = None) -> list[Event]:
        """Up to `limit` events with a cursor above `seq`, oldest first."""
        ...
