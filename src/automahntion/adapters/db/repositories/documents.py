"""Dunning documents of one tenant: the attempt is recorded before the document exists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.reads import Row, SelectRows
from automahntion.adapters.db.tables import DunningDocument as DocumentRow
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.app.errors import NotFound
from automahntion.app.post.records import DocumentState, StoredDocument
from automahntion.domain.levels import Level


def stored_document(row: Row) -> StoredDocument:
    return StoredDocument(
        id=row["id"],
        invoice_id=row["invoice"],
        level=Level(row["level"]),
        source=row["source"],
        state=DocumentState(row["state"]),
        created_at=row["created_at"],
        lexoffice_dunning_id=row["lexoffice_dunning_id"],
        file_ref=row["file_ref"],
        content_type=row["content_type"],
    )


class PiccoloDocumentRepository:
    def __init__(self, tenant_id: UUID, select_rows: SelectRows) -> None:
        self._tenant = tenant_id
        self._select_rows = select_rows

    def _mine(self) -> Any:
        return DocumentRow.tenant == self._tenant

    async def begin(self, invoice_id: UUID, level: Level, source: str, now: datetime) -> UUID:
        owned = await InvoiceRow.exists().where(
            (InvoiceRow.tenant == self._tenant) & (InvoiceRow.id == invoice_id)
        )
        if not owned:
            raise NotFound("invoice", invoice_id)
        with unique_violations():
            rows = await DocumentRow.insert(
                DocumentRow(
                    tenant=self._tenant,
                    invoice=invoice_id,
                    level=level.value,
                    source=source,
                    state=DocumentState.REQUESTED.value,
                    created_at=now,
                )
            ).returning(DocumentRow.id)
        return UUID(str(rows[0]["id"]))

    async def _set(self, document_id: UUID, values: dict[Any, Any]) -> None:
        changed = (
            await DocumentRow.update(values)
            .where(self._mine() & (DocumentRow.id == document_id))
            .returning(DocumentRow.id)
        )
        if not changed:
            raise NotFound("document", document_id)

    async def abandon(self, document_id: UUID) -> None:
        await DocumentRow.delete().where(
            self._mine()
            & (DocumentRow.id == document_id)
            & (DocumentRow.state == DocumentState.REQUESTED.value)
        )

    async def created(
        self, document_id: UUID, *, file_ref: str | None, dunning_id: str | None
    ) -> None:
        await self._set(
            document_id,
            {
                DocumentRow.state: DocumentState.CREATED.value,
                DocumentRow.file_ref: file_ref,
                DocumentRow.lexoffice_dunning_id: dunning_id,
            },
        )

    async def uncertain(self, document_id: UUID) -> None:
        await self._set(document_id, {DocumentRow.state: DocumentState.UNCERTAIN.value})

    async def for_level(self, invoice_id: UUID, level: Level) -> StoredDocument | None:
        row = (
            await DocumentRow.select()
            .where(
                self._mine()
                & (DocumentRow.invoice == invoice_id)
                & (DocumentRow.level == level.value)
            )
            .first()
        )
        return stored_document(row) if row else None

    async def for_invoice(self, invoice_id: UUID) -> list[StoredDocument]:
        rows = (
            await DocumentRow.select()
            .where(self._mine() & (DocumentRow.invoice == invoice_id))
            .order_by(DocumentRow.created_at)
        )
        return [stored_document(row) for row in rows]

    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[StoredDocument]]:
        if not invoice_ids:
            return {}
        rows = await self._select_rows(
            DocumentRow,
            {DocumentRow.tenant: self._tenant},
            among={DocumentRow.invoice: invoice_ids},
            order_by=DocumentRow.created_at,
        )
        found: dict[UUID, list[StoredDocument]] = {}
        for row in rows:
            document = stored_document(row)
            found.setdefault(document.invoice_id, []).append(document)
        return found

    async def get(self, document_id: UUID) -> StoredDocument:
        row = (
            await DocumentRow.select().where(self._mine() & (DocumentRow.id == document_id)).first()
        )
        if row is None:
            raise NotFound("document", document_id)
        return stored_document(row)

    async def unsettled(self) -> list[StoredDocument]:
        """Documents requested from lexoffice whose outcome was never recorded."""
        rows = await DocumentRow.select().where(
            self._mine()
            & DocumentRow.state.is_in(
                [DocumentState.REQUESTED.value, DocumentState.UNCERTAIN.value]
            )
        )
        return [stored_document(row) for row in rows]

    async def settle(self, document_id: UUID, *, expected: DocumentState, created: bool) -> bool:
        """Compare-and-set from `expected`: created after all, or forgotten (so that it is
        requested again). False when the document is no longer in `expected`."""
        mine = (
            self._mine() & (DocumentRow.id == document_id) & (DocumentRow.state == expected.value)
        )
        if created:
            changed = (
                await DocumentRow.update({DocumentRow.state: DocumentState.CREATED.value})
                .where(mine)
                .returning(DocumentRow.id)
            )
        else:
            changed = await DocumentRow.delete().where(mine).returning(DocumentRow.id)
        return bool(changed)
