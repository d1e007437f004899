"""Port: what nearly every request asks of the database, each in one read outside a unit of
work (a transaction would add two round trips to a read that is the whole request)."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from automahntion.app.access.records import ActiveApiKey


class RequestReads(Protocol):
    async def api_key(self, key_hash: str) -> ActiveApiKey | None:
        """The unrevoked key with this hash, and its tenant's list version read with it."""
        ...

    async def list_version(self, tenant_id: UUID) -> int:
        """Bumped in every transaction that changes what the tenant's invoice list shows."""
        ...
