"""A tenant's events out. An event is kept with the unit of work that records it and written
at its end, right before the commit, when it takes its cursor: the tenant's last one plus one,
under a lock per tenant held until the commit (an advisory lock on PostgreSQL; SQLite runs one
writer at a time).

The lock makes cursors follow commit order: a transaction taking the next cursor waits for the
one holding the lock to commit or roll back, so no reader sees cursor 10 before cursor 9 was
committed (or never will be), and a cursor handed out skips nothing. It is every transaction's
last lock: nothing waits for another lock while holding it, so it closes no circle with the
tenant's row or its invoices (a sync or a settings change holds the tenant's row while writing
invoices; recording a sent message writes its invoice first). The tenant's row held the cursor
before (`Tenant.event_seq`), and deadlocked with them; its value still counts as a floor."""

from __future__ import annotations

import json
from collections.abc import Set
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from automahntion.adapters.db.repositories.reads import transaction_connection
from automahntion.adapters.db.repositories.webhook_deliveries import enabled_endpoints, fan_out
from automahntion.adapters.db.repositories.webhook_endpoints import endpoint_of
from automahntion.adapters.db.tables import Tenant
from automahntion.adapters.db.tables import TenantEvent as EventRow
from automahntion.adapters.db.tables import WebhookEndpoint as EndpointRow
from automahntion.app.events.records import Event, EventData, EventType
from automahntion.app.webhooks.records import WebhookEndpoint

PendingEvents = list[tuple[UUID, Event]]
"""(tenant, event) recorded by a unit of work and not written yet; their cursors are 0."""

_NAMESPACE = 0x65766E74
"""The first key of these advisory locks ("evnt"); the second is the tenant's id hashed."""
_TAKE_CURSORS = f"SELECT pg_advisory_xact_lock({_NAMESPACE}, hashtext($1::uuid::text))"
_EVENTS = EventRow._meta.tablename
_INSERT = (
    f'WITH last AS (SELECT GREATEST((SELECT seq FROM "{_EVENTS}" WHERE tenant = $1 '
    f'ORDER BY seq DESC LIMIT 1), (SELECT event_seq FROM "{Tenant._meta.tablename}" '
    "WHERE id = $1), 0) AS seq), "
    f'written AS (INSERT INTO "{_EVENTS}" (id, tenant, seq, type, occurred_at, data) '
    "SELECT e.id, $1, last.seq + e.n, e.type, e.occurred_at, e.data::json FROM last, "
    "unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::text[]) "
    "WITH ORDINALITY AS e(id, type, occurred_at, data, n) RETURNING seq) "
    "SELECT w.last_seq, p.* FROM (SELECT max(seq) AS last_seq FROM written) w "
    f'LEFT JOIN "{EndpointRow._meta.tablename}" p ON p.tenant = $1 AND p.enabled'
)
"""The events with the next cursors, in the order given: read in a statement after the lock
(`_TAKE_CURSORS`), it sees what the lock's last holder committed; the tenant's last cursor, or
its `event_seq` when that is higher (the floor). Answers the last cursor written with each of
the tenant's enabled webhook endpoints (one row without an endpoint when there is none)."""


class PiccoloEventLog:
    def __init__(self, tenant_id: UUID, pending: PendingEvents) -> None:
        """`pending`: the unit of work's, which writes them (`write_events`) before it
        commits."""
        self._tenant = tenant_id
        self._pending = pending

    async def record(self, type: EventType, data: EventData, at: datetime) -> UUID:
        event = Event(id=uuid4(), seq=0, type=type, occurred_at=at, data=data)
        self._pending.append((self._tenant, event))
        return event.id

    async def after(self, seq: int, limit: int, types: Set[EventType] | None = None) -> list[Event]:
        query = EventRow.select(
            EventRow.id, EventRow.seq, EventRow.type, EventRow.occurred_at, EventRow.data
        ).where((EventRow.tenant == self._tenant) & (EventRow.seq > seq))
        if types is not None:
            query = query.where(EventRow.type.is_in([t.value for t in types] or [""]))
        rows = await query.order_by(EventRow.seq).limit(limit)
        return [_event(row) for row in rows]


async def write_events(pending: PendingEvents, *, postgres: bool) -> list[tuple[UUID, UUID]]:
    """Writes the events in the order they were recorded, each tenant's under its lock (the
    tenants in the order of their ids), with a pending delivery for each endpoint that takes
    it; (tenant, delivery) of each delivery, for the unit of work to hand over once it
    committed."""
    by_tenant: dict[UUID, list[Event]] = {}
    for tenant_id, event in pending:
        by_tenant.setdefault(tenant_id, []).append(event)
    deliveries: list[tuple[UUID, UUID]] = []
    for tenant_id in sorted(by_tenant):
        if postgres:
            events, endpoints = await _written_postgres(tenant_id, by_tenant[tenant_id])
        else:
            events = await _written(tenant_id, by_tenant[tenant_id])
            endpoints = await enabled_endpoints(tenant_id)
        deliveries += [(tenant_id, d) for d in await fan_out(tenant_id, events, endpoints)]
    return deliveries


async def _written_postgres(
    tenant_id: UUID, events: list[Event]
) -> tuple[list[Event], list[WebhookEndpoint]]:
    """The lock, then the events with their cursors and the tenant's enabled webhook endpoints
    in one statement (`_INSERT`)."""
    connection = transaction_connection(EventRow)
    await connection.execute(_TAKE_CURSORS, tenant_id)
    rows = await connection.fetch(
        _INSERT,
        tenant_id,
        [e.id for e in events],
        [e.type.value for e in events],
        [e.occurred_at for e in events],
        [json.dumps(e.data) for e in events],
    )
    first = rows[0]["last_seq"] - len(events)
    endpoints = [endpoint_of(row) for row in rows if row["id"] is not None]
    return [replace(e, seq=first + n) for n, e in enumerate(events, 1)], endpoints


async def _written(tenant_id: UUID, events: list[Event]) -> list[Event]:
    """SQLite runs one writer at a time: the cursor read needs no lock."""
    last = await _last_cursor(tenant_id)
    events = [replace(e, seq=last + n) for n, e in enumerate(events, 1)]
    await EventRow.insert(
        *(
            EventRow(
                id=e.id,
                tenant=tenant_id,
                seq=e.seq,
                type=e.type.value,
                occurred_at=e.occurred_at,
                data=json.dumps(e.data),
            )
            for e in events
        )
    )
    return events


async def _last_cursor(tenant_id: UUID) -> int:
    newest = (
        await EventRow.select(EventRow.seq)
        .where(EventRow.tenant == tenant_id)
        .order_by(EventRow.seq, ascending=False)
        .first()
    )
    floor = await Tenant.select(Tenant.event_seq).where(Tenant.id == tenant_id).first()
    return max(newest["seq"] if newest else 0, floor["event_seq"] if floor else 0)


def _event(row: dict[str, Any]) -> Event:
    data = row["data"]
    return Event(
        id=row["id"],
        seq=row["seq"],
        type=EventType(row["type"]),
        occurred_at=row["occurred_at"],
        data=json.loads(data) if isinstance(data, str) else data,
    )
