"""The event log on both engines: cursors per tenant, in commit order, also when transactions
race."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID

from automahntion.app.events.records import Event, EventType
from automahntion.bootstrap.database import Database
from tests.integration.helpers import new_tenant, until_a_session_waits_for_a_lock

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


async def test_a_cursor_skips_no_event_of_a_transaction_committing_after_a_later_one(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """Transaction A records an event and stays open; B records one and tries to commit. B's
    event may not be listed before A's: a reader holding B's cursor would never see A's. B
    waits for A, a reader in between gets neither, and the cursor it holds then gets both,
    in commit order."""
    tenant = await new_tenant(postgres)
    a_recorded, a_may_commit = asyncio.Event(), asyncio.Event()

    async def a() -> None:
        async with postgres.unit_of_work() as uow:
            await uow.tenant(tenant.id).events.record(EventType.MESSAGE_SENT, {"tx": "a"}, AT)
            a_recorded.set()
            await a_may_commit.wait()

    async def b() -> None:
        async with postgres.unit_of_work() as uow:
            await uow.tenant(tenant.id).events.record(EventType.INVOICE_PAID, {"tx": "b"}, AT)

    async def listed(after: int) -> list[Event]:
        async with postgres.unit_of_work() as uow:
            return await uow.tenant(tenant.id).events.after(after, 50)

    first = asyncio.create_task(a())
    await a_recorded.wait()
    second = asyncio.create_task(b())
    await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
    meanwhile = await listed(0)
    a_may_commit.set()
    await asyncio.gather(first, second)
    cursor = meanwhile[-1].seq if meanwhile else 0
    since = await listed(cursor)

    assert meanwhile == []
    assert [(e.seq, e.data["tx"]) for e in since] == [(1, "a"), (2, "b")]
