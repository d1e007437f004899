"""Deliveries of a tenant's events to its endpoints: one row per (event, endpoint), written in
the transaction of the event, claimed attempt by attempt."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from automahntion.adapters.db.repositories.webhook_endpoints import endpoint_of
from automahntion.adapters.db.tables import TenantEvent as EventRow
from automahntion.adapters.db.tables import WebhookDelivery as DeliveryRow
from automahntion.adapters.db.tables import WebhookEndpoint as EndpointRow
from automahntion.app.errors import NotFound
from automahntion.app.events.records import Event, EventType
from automahntion.app.webhooks.records import (
    Delivery,
    DeliveryState,
    DueDelivery,
    WebhookEndpoint,
)

KIND = "webhook delivery"
MAX_ERROR_LENGTH = 500


async def enabled_endpoints(tenant_id: UUID) -> list[WebhookEndpoint]:
    rows = await EndpointRow.select().where(
        (EndpointRow.tenant == tenant_id) & (EndpointRow.enabled == True)  # noqa: E712
    )
    return [endpoint_of(row) for row in rows]


async def fan_out(
    tenant_id: UUID, events: Sequence[Event], endpoints: Sequence[WebhookEndpoint]
) -> list[UUID]:
    """A pending delivery of each of `events` for every one of the tenant's enabled
    `endpoints`, read in the events' own transaction, that takes its type; their ids."""
    deliveries = [
        DeliveryRow(
            id=uuid4(),
            tenant=tenant_id,
            endpoint=endpoint.id,
            event=event.id,
            state=DeliveryState.PENDING.value,
            attempts=0,
            created_at=event.occurred_at,
            next_attempt_at=event.occurred_at,
        )
        for event in events
        for endpoint in endpoints
        if endpoint.accepts(event.type)
    ]
    if deliveries:
        await DeliveryRow.insert(*deliveries)
    return [d.id for d in deliveries]


def _delivery(row: dict[str, Any]) -> Delivery:
    return Delivery(
        id=row["id"],
        endpoint_id=row["endpoint"],
        event_id=row["event"],
        state=DeliveryState(row["state"]),
        attempts=row["attempts"],
        created_at=row["created_at"],
        next_attempt_at=row["next_attempt_at"],
        last_status=row["last_status"],
        last_error=row["last_error"],
    )


def _event(row: dict[str, Any]) -> Event:
    data = row["data"]
    return Event(
        id=row["id"],
        seq=row["seq"],
        type=EventType(row["type"]),
        occurred_at=row["occurred_at"],
        data=json.loads(data) if isinstance(data, str) else data,
    )


class PiccoloDeliveries:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    def _mine(self, delivery_id: UUID) -> Any:
        return (DeliveryRow.tenant == self._tenant) & (DeliveryRow.id == delivery_id)

    async def get(self, delivery_id: UUID) -> tuple[Delivery, Event]:
        row = await DeliveryRow.select().where(self._mine(delivery_id)).first()
        if row is None:
            raise NotFound(KIND, delivery_id)
        event = await EventRow.select().where(EventRow.id == row["event"]).first()
        if event is None:
            raise NotFound("event", row["event"])
        return _delivery(row), _event(event)

    async def claim(
        self, delivery_id: UUID, attempt: int, now: datetime, lease_until: datetime
    ) -> bool:
        lease_free = DeliveryRow.leased_until.is_null() | (DeliveryRow.leased_until <= now)
        taken = (
            await DeliveryRow.update(
                {DeliveryRow.attempts: attempt, DeliveryRow.leased_until: lease_until}
            )
            .where(
                self._mine(delivery_id)
                & (DeliveryRow.state == DeliveryState.PENDING.value)
                & (DeliveryRow.attempts == attempt - 1)
                & (DeliveryRow.next_attempt_at <= now)
                & lease_free
            )
            .returning(DeliveryRow.id)
        )
        return bool(taken)

    async def delivered(self, delivery_id: UUID, now: datetime, status: int) -> None:
        await DeliveryRow.update(
            {
                DeliveryRow.state: DeliveryState.DELIVERED.value,
                DeliveryRow.delivered_at: now,
                DeliveryRow.last_status: status,
                DeliveryRow.last_error: None,
                DeliveryRow.leased_until: None,
            }
        ).where(self._mine(delivery_id))

    async def refused(
        self,
        delivery_id: UUID,
        *,
        status: int | None,
        error: str,
        next_attempt_at: datetime | None,
    ) -> None:
        values: dict[Any, Any] = {
            DeliveryRow.last_status: status,
            DeliveryRow.last_error: error[:MAX_ERROR_LENGTH],
            DeliveryRow.leased_until: None,
        }
        if next_attempt_at is None:
            values[DeliveryRow.state] = DeliveryState.FAILED.value
        else:
            values[DeliveryRow.next_attempt_at] = next_attempt_at
        await DeliveryRow.update(values).where(self._mine(delivery_id))

    async def reschedule_pending(self, endpoint_id: UUID, at: datetime) -> None:
        await DeliveryRow.update(
            {DeliveryRow.next_attempt_at: at, DeliveryRow.created_at: at}
        ).where(
            (DeliveryRow.tenant == self._tenant)
            & (DeliveryRow.endpoint == endpoint_id)
            & (DeliveryRow.state == DeliveryState.PENDING.value)
        )


class PiccoloDueDeliveries:
    async def due(self, now: datetime, limit: int) -> list[DueDelivery]:
        rows = (
            await DeliveryRow.select(DeliveryRow.id, DeliveryRow.tenant, DeliveryRow.attempts)
            .where(
                (DeliveryRow.state == DeliveryState.PENDING.value)
                & (DeliveryRow.next_attempt_at <= now)
                & (DeliveryRow.leased_until.is_null() | (DeliveryRow.leased_until <= now))
                & (DeliveryRow.endpoint.enabled == True)  # noqa: E712
            )
            .order_by(DeliveryRow.next_attempt_at)
            .limit(limit)
        )
        return [DueDelivery(row["tenant"], row["id"], row["attempts"] + 1) for row in rows]
