"""What was done to a tenant's account, and by whom."""

from __future__ import annotations

from collections.abc import Set
from datetime import UTC, datetime
from uuid import UUID

import msgspec

from automahntion.adapters.db.repositories.rows import encode_json
from automahntion.adapters.db.tables import AuditEvent
from automahntion.app.tenants.records import AuditEntry


def _fitted(subject: str | None) -> str | None:
    """What it is about, cut to its column (a 253-character host name is longer)."""
    room = AuditEvent.subject.length
    if room is None or subject is None or len(subject) <= room:
        return subject
    return subject[: room - 1] + "…"


class PiccoloAuditLog:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def record(self, entry: AuditEntry) -> None:
        await AuditEvent.insert(
            AuditEvent(
                tenant=self._tenant,
                actor=entry.actor,
                action=entry.action,
                subject=_fitted(entry.subject),
                detail=encode_json(entry.detail),
                at=entry.at,
            )
        )

    async def count(self, actions: Set[str], since: datetime) -> int:
        if not actions:
            return 0
        counted = await AuditEvent.count().where(
            (AuditEvent.tenant == self._tenant)
            & AuditEvent.action.is_in(sorted(actions))
            & (AuditEvent.at >= since.astimezone(UTC))
        )
        return int(counted)

    async def recorded(self, action: str, subject: str) -> bool:
        found = await AuditEvent.exists().where(
            (AuditEvent.tenant == self._tenant)
            & (AuditEvent.action == action)
            & (AuditEvent.subject == _fitted(subject))
        )
        return bool(found)

    async def entries(self, limit: int = 100) -> list[AuditEntry]:
        rows = (
            await AuditEvent.select()
            .where(AuditEvent.tenant == self._tenant)
            .order_by(AuditEvent.at, ascending=False)
            .limit(limit)
        )
        return [
            AuditEntry(
                actor=row["actor"],
                action=row["action"],
                at=row["at"],
                subject=row["subject"],
                detail=msgspec.json.decode(row["detail"]),
            )
            for row in rows
        ]
