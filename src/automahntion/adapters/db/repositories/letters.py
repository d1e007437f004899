"""Dunning letters sent by post: their provider id, state and tracking code, counted for billing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.reads import Row, SelectRows
from automahntion.adapters.db.tables import Letter as LetterRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind

NOT_POSTED = (LetterState.FAILED, LetterState.CANCELLED)


def _letter(row: Row) -> LetterRecord:
    return LetterRecord(
        invoice_id=row["invoice"],
        level=Level(row["level"]),
        kind=LetterKind(row["kind"]),
        provider_letter_id=row["provider_letter_id"],
        state=LetterState(row["status"]),
        sent_on=row["sent_on"],
        tracking_code=row["tracking_code"],
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
                )
            )

    async def by_provider_id(self, provider_letter_id: str) -> LetterRecord | None:
        row = (
            await LetterRow.select()
            .where(self._mine() & (LetterRow.provider_letter_id == provider_letter_id))
            .first()
        )
        return _letter(row) if row else None

    async def update(
        self, provider_letter_id: str, state: LetterState, tracking_code: str | None
    ) -> None:
        changed = (
            await LetterRow.update(
                {LetterRow.status: state.value, LetterRow.tracking_code: tracking_code}
            )
            .where(self._mine() & (LetterRow.provider_letter_id == provider_letter_id))
            .returning(LetterRow.invoice, LetterRow.level)
        )
        for row in changed:
            await MessageRow.update({MessageRow.letter_tracking_code: tracking_code}).where(
                (MessageRow.tenant == self._tenant)
                & (MessageRow.invoice == row["invoice"])
                & (MessageRow.level == row["level"])
            )

    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[LetterRecord]]:
        if not invoice_ids:
            return {}
        rows = await self._select_rows(
            LetterRow, {LetterRow.tenant: self._tenant}, among={LetterRow.invoice: invoice_ids}
        )
        found: dict[UUID, list[LetterRecord]] = {}
        for row in rows:
            letter = _letter(row)
            found.setdefault(letter.invoice_id, []).append(letter)
        return found

    async def count_by_kind(self, start: date, end_inclusive: date) -> dict[LetterKind, int]:
        """The letters that went into the post in those days: one the provider refused or
        that was cancelled before printing costs the tenant nothing."""
        rows = await LetterRow.select(LetterRow.kind).where(
            self._mine()
            & (LetterRow.sent_on >= start)
            & (LetterRow.sent_on <= end_inclusive)
            & LetterRow.status.not_in([s.value for s in NOT_POSTED])
        )
        counts = dict.fromkeys(LetterKind, 0)
        for row in rows:
            counts[LetterKind(row["kind"])] += 1
        return counts
