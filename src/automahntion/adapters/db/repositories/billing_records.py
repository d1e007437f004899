"""The charges made to a tenant's subscription."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from piccolo.columns import Column

from automahntion.adapters.db.repositories.keyset import read_page
from automahntion.adapters.db.repositories.rows import encode_json
from automahntion.adapters.db.tables import BillingRecord as BillingRow
from automahntion.app.billing.records import (
    BillingKind,
    BillingLine,
    BillingOutcome,
    BillingRecord,
    BillingStatus,
    NewBillingRecord,
)
from automahntion.app.errors import NotFound
from automahntion.app.pages import MomentPosition, Page

_LINES = msgspec.json.Decoder(tuple[BillingLine, ...])
_BACKWARDS = {
    (BillingStatus.FAILED, BillingStatus.OPEN),
    (BillingStatus.FAILED, BillingStatus.PENDING),
}
"""Events arrive out of order: a failed debit is not undone by the older `finalized` news."""


def _older(event_at: datetime | None, last: datetime | None) -> bool:
    """An event created before the one that last set the status (same second: not older, the
    provider stamps whole seconds and sends several events of one moment)."""
    return event_at is not None and last is not None and event_at < last


def _record(row: dict[str, Any]) -> BillingRecord:
    return BillingRecord(
        id=row["id"],
        kind=BillingKind(row["kind"]),
        idempotency_key=row["idempotency_key"],
        period_start=row["period_start"],
        period_end=row["period_end"],
        lines=_LINES.decode(row["lines"]),
        amount_cents=row["amount_cents"],
        provider_invoice_id=row["provider_invoice_id"],
        status=BillingStatus(row["status"]),
        failure_message=row["failure_message"],
        attempted_on=row["attempted_on"],
        created_at=row["created_at"],
        provider_event_at=row["provider_event_at"],
    )


class PiccoloBillingRecordRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def _one(self, where: Any) -> BillingRecord | None:
        row = await BillingRow.select().where((BillingRow.tenant == self._tenant) & where).first()
        return _record(row) if row else None

    async def claim(self, record: NewBillingRecord, now: datetime) -> tuple[BillingRecord, bool]:
        """ON CONFLICT DO NOTHING: a rerun must not abort the transaction (PostgreSQL would)."""
        inserted = (
            await BillingRow.insert(
                BillingRow(
                    tenant=self._tenant,
                    kind=record.kind.value,
                    idempotency_key=record.idempotency_key,
                    period_start=record.period_start,
                    period_end=record.period_end,
                    lines=encode_json(record.lines),
                    amount_cents=record.amount_cents,
                    provider_invoice_id=record.provider_invoice_id,
                    status=record.status.value,
                    created_at=now,
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(BillingRow.id)
        )
        stored = await self.by_key(record.idempotency_key)
        assert stored is not None
        return stored, bool(inserted)

    async def get(self, record_id: UUID) -> BillingRecord:
        found = await self._one(BillingRow.id == record_id)
        if found is None:
            raise NotFound("billing record", record_id)
        return found

    async def by_key(self, idempotency_key: str) -> BillingRecord | None:
        return await self._one(BillingRow.idempotency_key == idempotency_key)

    async def by_provider_invoice(self, invoice_id: str) -> BillingRecord | None:
        return await self._one(BillingRow.provider_invoice_id == invoice_id)

    async def record_outcome(self, record_id: UUID, outcome: BillingOutcome) -> BillingRecord:
        current = await self.get(record_id)
        stale = (
            (current.status, outcome.status) in _BACKWARDS
            or (current.status is BillingStatus.PAID and outcome.status is not BillingStatus.PAID)
            or _older(outcome.event_at, current.provider_event_at)
        )
        if stale:
            return current
        values: dict[Column | str, Any] = {
            BillingRow.status: outcome.status.value,
            BillingRow.failure_message: (
                outcome.failure_message if outcome.status is BillingStatus.FAILED else None
            ),
        }
        if outcome.provider_invoice_id is not None:
            values[BillingRow.provider_invoice_id] = outcome.provider_invoice_id
        if outcome.attempted_on is not None:
            last = current.attempted_on
            values[BillingRow.attempted_on] = (
                max(last, outcome.attempted_on) if last else (outcome.attempted_on)
            )
        if outcome.lines is not None:
            values[BillingRow.lines] = encode_json(outcome.lines)
        if outcome.amount_cents is not None:
            values[BillingRow.amount_cents] = outcome.amount_cents
        if outcome.event_at is not None:
            values[BillingRow.provider_event_at] = outcome.event_at
        await BillingRow.update(values).where(
            (BillingRow.tenant == self._tenant) & (BillingRow.id == record_id)
        )
        return await self.get(record_id)

    async def page(self, after: MomentPosition | None, limit: int) -> Page[BillingRecord]:
        """Read from the index on (tenant, created_at, id)."""
        query = BillingRow.select().where(BillingRow.tenant == self._tenant)
        return await read_page(query, BillingRow.created_at, BillingRow.id, after, limit, _record)

    async def in_status(
        self, *statuses: BillingStatus, kind: BillingKind | None = None
    ) -> list[BillingRecord]:
        where = (BillingRow.tenant == self._tenant) & BillingRow.status.is_in(
            [s.value for s in statuses]
        )
        if kind is not None:
            where &= BillingRow.kind == kind.value
        rows = await BillingRow.select().where(where).order_by(BillingRow.created_at)
        return [_record(row) for row in rows]
