"""The event log on both engines: cursors per tenant, in commit order, also when transactions
race."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID

from automahntion.app.events.records import EventType
from automahntion.bootstrap.database import Database
from tests.integration.helpers import new_tenant

AT = datetime(2026, 12, 1, 9, tzinfo=UTC)


async def test_each_tenant_counts_its_own_events_also_under_concurrent_writers(
    database: Database,
) -> None:
    first = await new_tenant(database, "Erste GmbH")
    second = await new_tenant(database, "Zweite GmbH")

    async def record(tenant_id: UUID, n: int) -> None:
        async with database.unit_of_work() as uow:
            await uow.tenant(tenant_id).events.record(EventType.MESSAGE_SENT, {"n": n}, AT)

    await asyncio.gather(*(record(first.id, n) for n in range(6)), record(second.id, 0))
    async with database.unit_of_work() as uow:
        mine = await uow.tenant(first.id).events.after(0, 50)
        theirs = await uow.tenant(second.id).events.after(0, 50)
        later = await uow.tenant(first.id).events.after(4, 50)

    assert [e.seq for e in mine] == [1, 2, 3, 4, 5, 6]
    assert sorted(e.data["n"] for e in mine) == [0, 1, 2, 3, 4, 5]
    assert [(e.seq, e.occurred_at) for e in theirs] == [(1, AT)]
    assert [e.seq for e in later] == [5, 6]
