"""Use case: a page of the tenant's events after a cursor."""

from __future__ import annotations

from collections.abc import Callable, Set
from uuid import UUID

from automahntion.app.events.records import Event, EventType
from automahntion.app.storage import UnitOfWork


async def events_after(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    seq: int,
    limit: int,
    types: Set[EventType] | None = None,
) -> tuple[list[Event], bool]:
    """Up to `limit` events after cursor `seq`, oldest first, and whether more follow."""
    async with units() as uow:
        found = await uow.tenant(tenant_id).events.after(seq, limit + 1, types)
    return found[:limit], len(found) > limit
