"""A tenant's events out; the cursor is the tenant row's counter, bumped in the same
transaction (its row lock makes cursors follow commit order on PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Set
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from automahntion.adapters.db.repositories.webhook_deliveries import fan_out
from automahntion.adapters.db.tables import Tenant
from automahntion.adapters.db.tables import TenantEvent as EventRow
from automahntion.app.events.records import Event, EventData, EventType


class PiccoloEventLog:
    def __init__(self, tenant_id: UUID, deliveries: list[tuple[UUID, UUID]] | None = None) -> None:
        """`deliveries` collects (tenant, delivery) of each delivery an event creates, for
        the unit of work to hand over once it committed."""
        self._tenant = tenant_id
        self._deliveries = deliveries if deliveries is not None else []

    async def record(self, type: EventType, data: EventData, at: datetime) -> Event:
        bumped = (
            await Tenant.update({Tenant.event_seq: Tenant.event_seq + 1})
            .where(Tenant.id == self._tenant)
            .returning(Tenant.event_seq)
        )
        event = Event(
            id=uuid4(), seq=int(bumped[0]["event_seq"]), type=type, occurred_at=at, data=data
        )
        await EventRow.insert(
            EventRow(
                id=event.id,
                tenant=self._tenant,
                seq=event.seq,
                type=type.value,
                occurred_at=at,
                data=json.dumps(data),
            )
        )
        self._deliveries += [(self._tenant, d) for d in await fan_out(self._tenant, event)]
        return event

    async def after(self, seq: int, limit: int, types: Set[EventType] | None = None) -> list[Event]:
        query = EventRow.select(
            EventRow.id, EventRow.seq, EventRow.type, EventRow.occurred_at, EventRow.data
        ).where((EventRow.tenant == self._tenant) & (EventRow.seq > seq))
        if types is not None:
            query = query.where(EventRow.type.is_in([t.value for t in types] or [""]))
        rows = await query.order_by(EventRow.seq).limit(limit)
        return [_event(row) for row in rows]


def _event(row: dict[str, Any]) -> Event:
    data = row["data"]
    return Event(
        id=row["id"],
        seq=row["seq"],
        type=EventType(row["type"]),
        occurred_at=row["occurred_at"],
        data=json.loads(data) if isinstance(data, str) else data,
    )
