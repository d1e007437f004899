"""A tenant's invoices and vouchers, and our own state of each (admission, block, pause)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.repositories.reads import Row, SelectRows
from automahntion.adapters.db.repositories.rows import insert_batches, pause_columns, pause_of
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.app.errors import NotFound
from automahntion.app.invoices.records import AdmissionState, AdmissionUpdate, StoredInvoice
from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason

_FACTS = (
    InvoiceRow.kind,
    InvoiceRow.voucher_number,
    InvoiceRow.voucher_date,
    InvoiceRow.due_date,
    InvoiceRow.total_cents,
    InvoiceRow.open_cents,
    InvoiceRow.contact_lexoffice_id,
    InvoiceRow.status,
    InvoiceRow.language,
    InvoiceRow.language_read,
    InvoiceRow.unusable_detail,
    InvoiceRow.lexoffice_updated_at,
)
"""What lexoffice says of an invoice."""
_SYNCED = (*_FACTS, InvoiceRow.synced_at)
STORED_COLUMNS = (
    InvoiceRow.id,
    InvoiceRow.lexoffice_id,
    *_FACTS,
    InvoiceRow.admission,
    InvoiceRow.blocked_reason,
    InvoiceRow.pause_reason,
    InvoiceRow.pause_until,
    InvoiceRow.handed_over_at,
)
"""What `stored_invoice` reads: a tenant's invoices are read every cycle, and every column not
needed (tenant, timestamps of admission and sync) costs decoding for each row."""

_STATUSES = {s.value: s for s in InvoiceStatus}
_KINDS = {k.value: k for k in InvoiceKind}
_ADMISSIONS = {a.value: a for a in AdmissionState}
_BLOCKS = {b.value: b for b in BlockReason}


def _block_changes(blocked: BlockReason | None) -> Any:
    """The rows whose stored block is not `blocked`."""
    if blocked is None:
        return InvoiceRow.blocked_reason.is_not_null()
    return InvoiceRow.blocked_reason.is_null() | (InvoiceRow.blocked_reason != blocked.value)


def stored_invoice(row: Row) -> StoredInvoice:
    """Called for every row of a tenant's invoices: enum members are looked up, not built, and
    the records are built with positional arguments (keywords cost a third more per call)."""
    blocked = row["blocked_reason"]
    return StoredInvoice(
        row["id"],
        Invoice(
            row["lexoffice_id"],
            row["voucher_number"],
            row["voucher_date"],
            row["due_date"],
            row["total_cents"],
            row["open_cents"],
            row["contact_lexoffice_id"],
            _STATUSES[row["status"]],
            _KINDS[row["kind"]],
            row["language"] if row["language_read"] else None,
            row["unusable_detail"],
            row["lexoffice_updated_at"],
        ),
        _ADMISSIONS[row["admission"]],
        _BLOCKS[blocked] if blocked else None,
        pause_of(row["pause_reason"], row["pause_until"]),
        row["handed_over_at"],
    )


class PiccoloInvoiceRepository:
    def __init__(self, tenant_id: UUID, select_rows: SelectRows) -> None:
        self._tenant = tenant_id
        self._select_rows = select_rows

    def _mine(self) -> Any:
        return InvoiceRow.tenant == self._tenant

    async def upsert(self, invoices: Sequence[Invoice], now: datetime) -> None:
        if not invoices:
            return
        # One row per key, as last listed: PostgreSQL refuses an upsert holding a key twice.
        rows = [
            InvoiceRow(
                tenant=self._tenant,
                lexoffice_id=i.lexoffice_id,
                kind=i.kind.value,
                voucher_number=i.voucher_number,
                voucher_date=i.voucher_date,
                due_date=i.due_date,
                total_cents=i.total_cents,
                open_cents=i.open_cents,
                contact_lexoffice_id=i.contact_id,
                status=i.status.value,
                language=i.language or "de",
                language_read=i.language is not None,
                unusable_detail=i.unusable,
                lexoffice_updated_at=i.changed_at,
                synced_at=now,
            )
            for i in {i.lexoffice_id: i for i in invoices}.values()
        ]
        for batch in insert_batches(rows, InvoiceRow):
            await InvoiceRow.insert(*batch).on_conflict(
                target=(InvoiceRow.tenant, InvoiceRow.lexoffice_id),
                action="DO UPDATE",
                values=list(_SYNCED),
            )

    async def _one(self, where: Any, ident: object) -> StoredInvoice:
        row = await InvoiceRow.select().where(self._mine() & where).first()
        if row is None:
            raise NotFound("invoice", ident)
        return stored_invoice(row)

    async def get(self, invoice_id: UUID) -> StoredInvoice:
        return await self._one(InvoiceRow.id == invoice_id, invoice_id)

    async def by_lexoffice_id(self, lexoffice_id: str) -> StoredInvoice:
        return await self._one(InvoiceRow.lexoffice_id == lexoffice_id, lexoffice_id)

    async def all(self) -> list[StoredInvoice]:
        rows = await self._select_rows(
            InvoiceRow,
            {InvoiceRow.tenant: self._tenant},
            columns=STORED_COLUMNS,
            order_by=InvoiceRow.due_date,
        )
        return [stored_invoice(row) for row in rows]

    async def blocked(self) -> list[StoredInvoice]:
        rows = (
            await InvoiceRow.select(*STORED_COLUMNS)
            .where(self._mine() & InvoiceRow.blocked_reason.is_not_null())
            .order_by(InvoiceRow.due_date)
            .order_by(InvoiceRow.id)
        )
        return [stored_invoice(row) for row in rows]

    async def numbers(self, invoice_ids: Sequence[UUID]) -> dict[UUID, str]:
        """The voucher numbers of these invoices of the tenant, in one query."""
        if not invoice_ids:
            return {}
        rows = await self._select_rows(
            InvoiceRow,
            {InvoiceRow.tenant: self._tenant},
            among={InvoiceRow.id: list(invoice_ids)},
            columns=(InvoiceRow.id, InvoiceRow.voucher_number),
        )
        return {row["id"]: row["voucher_number"] for row in rows}

    async def apply_admission(self, updates: Sequence[AdmissionUpdate], now: datetime) -> None:
        """One UPDATE per distinct outcome. `admitted_at` keeps the moment of admission. A
        block is first written only where the row does not hold it already, as it is when the
        statement runs (on PostgreSQL after an admission of the same invoices that commits
        meanwhile), and is then not told yet."""
        groups: dict[tuple[AdmissionState, BlockReason | None], list[str]] = {}
        for update in updates:
            groups.setdefault((update.admission, update.blocked), []).append(update.lexoffice_id)
        for (admission, blocked), ids in groups.items():
            where = self._mine() & InvoiceRow.lexoffice_id.is_in(ids)
            await InvoiceRow.update(
                {
                    InvoiceRow.blocked_reason: blocked.value if blocked else None,
                    InvoiceRow.block_told_at: None,
                }
            ).where(where & _block_changes(blocked))
            await InvoiceRow.update({InvoiceRow.admission: admission.value}).where(where)
            if admission is AdmissionState.ADMITTED:
                await InvoiceRow.update({InvoiceRow.admitted_at: now}).where(
                    where & InvoiceRow.admitted_at.is_null()
                )
            else:
                await InvoiceRow.update({InvoiceRow.admitted_at: None}).where(where)

    async def tell_blocks(self, lexoffice_ids: Sequence[str], now: datetime) -> frozenset[str]:
        if not lexoffice_ids:
            return frozenset()
        told = (
            await InvoiceRow.update({InvoiceRow.block_told_at: now})
            .where(
                self._mine()
                & InvoiceRow.lexoffice_id.is_in(list(lexoffice_ids))
                & InvoiceRow.blocked_reason.is_not_null()
                & InvoiceRow.block_told_at.is_null()
            )
            .returning(InvoiceRow.lexoffice_id)
        )
        return frozenset(row["lexoffice_id"] for row in told)

    async def set_language(self, lexoffice_id: str, language: str) -> None:
        await InvoiceRow.update(
            {InvoiceRow.language: language, InvoiceRow.language_read: True}
        ).where(self._mine() & (InvoiceRow.lexoffice_id == lexoffice_id))

    async def _change(self, invoice_id: UUID, values: dict[Any, Any]) -> None:
        changed = (
            await InvoiceRow.update(values)
            .where(self._mine() & (InvoiceRow.id == invoice_id))
            .returning(InvoiceRow.id)
        )
        if not changed:
            raise NotFound("invoice", invoice_id)

    async def set_pause(self, invoice_id: UUID, pause: Pause | None) -> None:
        reason, until = pause_columns(pause)
        await self._change(
            invoice_id, {InvoiceRow.pause_reason: reason, InvoiceRow.pause_until: until}
        )

    async def hand_over(self, invoice_id: UUID, at: datetime | None) -> None:
        await self._change(invoice_id, {InvoiceRow.handed_over_at: at})
