"""Dunning letters sent by post: their provider id, state and tracking code, counted for billing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.reads import Row, SelectRows
from automahntion.adapters.db.tables import Letter as LetterRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.app.billing.records import BillingStatus
from automahntion.app.post.provider import NOT_POSTED, LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind

_CREDIT_PENDING = BillingStatus.PENDING.value
"""A credit recorded but not made at the provider yet (its answer may have been lost)."""


def letter_of(row: Row) -> LetterRecord:
    return LetterRecord(
        invoice_id=row["invoice"],
        level=Level(row["level"]),
        kind=LetterKind(row["kind"]),
        provider_letter_id=row["provider_letter_id"],
        state=LetterState(row["status"]),
        sent_on=row["sent_on"],
        tracking_code=row["tracking_code"],
        status_reason=row["status_reason"],
        status_changed_at=row["status_changed_at"],
        billed_by=row["billed_by"],
    )


class PiccoloLetterRepository:
    def __init__(self, tenant_id: UUID, select_rows: SelectRows) -> None:
        self._tenant = tenant_id
        self._select_rows = select_rows

    def _mine(self) -> Any:
        return LetterRow.tenant == self._tenant

    async def add(self, letter: LetterRecord) -> None:
        with unique_violations():
            await LetterRow.insert(
                LetterRow(
                    tenant=self._tenant,
                    invoice=letter.invoice_id,
                    level=letter.level.value,
                    kind=letter.kind.value,
                    provider_letter_id=letter.provider_letter_id,
                    status=letter.state.value,
                    tracking_code=letter.tracking_code,
                    sent_on=letter.sent_on,
                    status_reason=letter.status_reason,
                    status_changed_at=letter.status_changed_at,
                )
            )

    async def by_provider_id(self, provider_letter_id: str) -> LetterRecord | None:
        row = (
            await LetterRow.select()
            .where(self._mine() & (LetterRow.provider_letter_id == provider_letter_id))
            .first()
        )
        return letter_of(row) if row else None

    async def update(self, letter: LetterRecord) -> None:
        changed = (
            await LetterRow.update(
                {
                    LetterRow.status: letter.state.value,
                    LetterRow.tracking_code: letter.tracking_code,
                    LetterRow.status_reason: letter.status_reason,
                    LetterRow.status_changed_at: letter.status_changed_at,
                }
            )
            .where(self._mine() & (LetterRow.provider_letter_id == letter.provider_letter_id))
            .returning(LetterRow.invoice, LetterRow.level)
        )
        for row in changed:
            await MessageRow.update({MessageRow.letter_tracking_code: letter.tracking_code}).where(
                (MessageRow.tenant == self._tenant)
                & (MessageRow.invoice == row["invoice"])
                & (MessageRow.level == row["level"])
            )

    async def in_state(self, state: LetterState) -> list[LetterRecord]:
        rows = (
            await LetterRow.select()
            .where(self._mine() & (LetterRow.status == state.value))
            .order_by(LetterRow.sent_on)
            .order_by(LetterRow.provider_letter_id)
        )
        return [letter_of(row) for row in rows]

    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[LetterRecord]]:
        if not invoice_ids:
            return {}
        rows = await self._select_rows(
            LetterRow, {LetterRow.tenant: self._tenant}, among={LetterRow.invoice: invoice_ids}
        )
        found: dict[UUID, list[LetterRecord]] = {}
        for row in rows:
            letter = letter_of(row)
            found.setdefault(letter.invoice_id, []).append(letter)
        return found

    async def count_by_kind(self, start: date, end_inclusive: date) -> dict[LetterKind, int]:
        rows = await LetterRow.select(LetterRow.kind).where(
            self._mine()
            & (LetterRow.sent_on >= start)
            & (LetterRow.sent_on <= end_inclusive)
            & LetterRow.status.not_in(sorted(state.value for state in NOT_POSTED))
        )
        return _counts(rows)

    async def mark_billed(self, start: date, end_inclusive: date, bill_key: str) -> None:
        """One UPDATE: a letter refused at the same moment (its row locked by the report) is
        looked at again after it, so it is on the bill only if it was not refused."""
        await LetterRow.update({LetterRow.billed_by: bill_key}).where(
            self._mine()
            & (LetterRow.sent_on >= start)
            & (LetterRow.sent_on <= end_inclusive)
            & LetterRow.billed_by.is_null()
            & LetterRow.status.not_in(sorted(state.value for state in NOT_POSTED))
        )

    async def count_billed(self, bill_key: str) -> dict[LetterKind, int]:
        rows = await LetterRow.select(LetterRow.kind).where(
            self._mine() & (LetterRow.billed_by == bill_key)
        )
        return _counts(rows)

    async def billed_not_posted(self, credit_key_prefix: str) -> list[LetterRecord]:
        """An anti-join on the credits: a letter whose credit is made drops out of the read,
        which otherwise grew with every letter ever credited."""
        return [
            letter_of(row)
            for row in await LetterRow.select()
            .where(
                self._mine()
                & LetterRow.billed_by.is_not_null()
                & LetterRow.status.is_in(sorted(state.value for state in NOT_POSTED))
                & WhereRaw(
                    "NOT EXISTS (SELECT 1 FROM billing_record AS credit"
                    " WHERE credit.tenant = letter.tenant"
                    " AND credit.idempotency_key = {} || letter.provider_letter_id"
                    " AND credit.status <> {})",
                    credit_key_prefix,
                    _CREDIT_PENDING,
                )
            )
            .order_by(LetterRow.sent_on, LetterRow.provider_letter_id)
        ]


def _counts(rows: Sequence[Row]) -> dict[LetterKind, int]:
    counts = dict.fromkeys(LetterKind, 0)
    for row in rows:
        counts[LetterKind(row["kind"])] += 1
    return counts
