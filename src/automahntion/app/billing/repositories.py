"""Ports: the tenant's own subscription and the charges made for it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.billing.records import (
    BillingKind,
    BillingOutcome,
    BillingRecord,
    BillingStatus,
    NewBillingRecord,
    SubscriptionRecord,
)
from automahntion.app.pages import MomentPosition, Page


class SubscriptionRepository(Protocol):
    async def get(self) -> SubscriptionRecord | None:
        """None for a tenant that never had one (signed up before billing existed)."""
        ...

    async def save(self, record: SubscriptionRecord, now: datetime) -> None:
        """Insert or replace the tenant's one subscription."""
        ...


class BillingRecordRepository(Protocol):
    async def claim(self, record: NewBillingRecord, now: datetime) -> tuple[BillingRecord, bool]:
        """The record with this idempotency key: inserted now (True) or stored before (False).
        Taken before the provider is called, so that a rerun charges nothing twice."""
        ...

    async def get(self, record_id: UUID) -> BillingRecord:
        """`NotFound` for an unknown id or another tenant's."""
        ...

    async def by_key(self, idempotency_key: str) -> BillingRecord | None: ...
    async def by_provider_invoice(self, invoice_id: str) -> BillingRecord | None: ...
    async def record_outcome(self, record_id: UUID, outcome: BillingOutcome) -> BillingRecord:
        """A paid record stays paid and a failed one does not go back to open, whatever a
        late event says; an outcome from an event created before the one that last set the
        status (`BillingOutcome.event_at`) changes nothing."""
        ...

    async def page(self, after: MomentPosition | None, limit: int) -> Page[BillingRecord]:
        """Up to `limit` charges after `after`, oldest first (ties by id)."""
        ...

    async def in_status(
        self, *statuses: BillingStatus, kind: BillingKind | None = None
    ) -> list[BillingRecord]:
        """This tenant's charges in one of `statuses` (of one kind when given), oldest first."""
        ...
