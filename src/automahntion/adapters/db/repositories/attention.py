"""What a tenant's digest already reported (the attention list itself is read from the
message and document repositories)."""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime
from uuid import UUID

from automahntion.adapters.db.tables import AttentionReport as ReportRow


class PiccoloAttentionRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

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
