"""What a tenant should hear of: the rows behind its attention list, and what its digest
already reported."""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime
from uuid import UUID

from automahntion.adapters.db.repositories.documents import _document
from automahntion.adapters.db.repositories.messages import _message
from automahntion.adapters.db.tables import AttentionReport as ReportRow
from automahntion.adapters.db.tables import DunningDocument as DocumentRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.app.records import DocumentState, MessageState, SentMessage, StoredDocument


class PiccoloAttentionRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def messages_in(self, state: MessageState) -> list[SentMessage]:
        rows = await MessageRow.select().where(
            (MessageRow.tenant == self._tenant) & (MessageRow.state == state.value)
        )
        return [_message(row) for row in rows]

    async def documents_in(self, state: DocumentState) -> list[StoredDocument]:
        rows = await DocumentRow.select().where(
            (DocumentRow.tenant == self._tenant) & (DocumentRow.state == state.value)
        )
        return [_document(row) for row in rows]

    async def reported(self) -> set[str]:
        rows = await ReportRow.select(ReportRow.item_key).where(ReportRow.tenant == self._tenant)
        return {row["item_key"] for row in rows}

    async def remember(self, keys: Set[str], now: datetime) -> None:
        known = await self.reported()
        gone = known - keys
        if gone:
            await ReportRow.delete().where(
                (ReportRow.tenant == self._tenant) & ReportRow.item_key.is_in(list(gone))
            )
        new = keys - known
        if new:
            await ReportRow.insert(
                *(ReportRow(tenant=self._tenant, item_key=key, reported_at=now) for key in new)
            )
