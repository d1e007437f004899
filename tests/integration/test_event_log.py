"""The event log on both engines: cursors per tenant, in commit order, also when transactions
race."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from automahntion.adapters.db import unit_of_work
from automahntion.adapters.db.repositories.events import PendingEvents
from automahntion.app.events.records import Event, EventType
from automahntion.bootstrap.database import Database
from tests.integration.helpers import NOW, invoice, new_tenant, until_a_session_waits_for_a_lock

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
    postgres: Database, migrated_urls: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Transaction A writes its event (taking its cursor) and stays open before its commit; B
    writes one and would commit. B's event may not be listed before A's: a reader holding B's
    cursor would never see A's. B waits for A, a reader in between gets neither, and the cursor
    it holds then gets both, in commit order."""
    tenant = await new_tenant(postgres)
    a_written, a_may_commit = asyncio.Event(), asyncio.Event()
    write = unit_of_work.write_events

    async def pausing_after_a(pending: PendingEvents, *, postgres: bool) -> list[Any]:
        written = await write(pending, postgres=postgres)
        if any(event.data["tx"] == "a" for _, event in pending):
            a_written.set()
            await a_may_commit.wait()
        return written

    monkeypatch.setattr(unit_of_work, "write_events", pausing_after_a)

    async def record(tx: str) -> None:
        async with postgres.unit_of_work() as uow:
            await uow.tenant(tenant.id).events.record(EventType.MESSAGE_SENT, {"tx": tx}, AT)

    async def listed(after: int) -> list[Event]:
        async with postgres.unit_of_work() as uow:
            return await uow.tenant(tenant.id).events.after(after, 50)

    first = asyncio.create_task(record("a"))
    await a_written.wait()
    second = asyncio.create_task(record("b"))
    await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
    meanwhile = await listed(0)
    a_may_commit.set()
    await asyncio.gather(first, second)
    cursor = meanwhile[-1].seq if meanwhile else 0
    since = await listed(cursor)

    assert meanwhile == []
    assert [(e.seq, e.data["tx"]) for e in since] == [(1, "a"), (2, "b")]


async def test_recording_an_event_after_writing_an_invoice_waits_for_no_tenant_row_holder(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """A message recorded as sent locks its invoice (the trigger stamping it) and then records
    `message.sent`; a sync or a settings change locks the tenant's row and then writes its
    invoices. Were the event's cursor taken on the tenant's row, each would wait for the other
    and PostgreSQL would abort one: a sent reminder recorded as held, its event lost."""
    tenant = await new_tenant(postgres)
    async with postgres.unit_of_work() as uow:
        await uow.tenant(tenant.id).invoices.upsert([invoice("RE-1")], NOW)
    invoice_written, may_record = asyncio.Event(), asyncio.Event()

    async def sent() -> None:
        async with postgres.unit_of_work() as uow:
            store = uow.tenant(tenant.id)
            await store.invoices.upsert([invoice("RE-1", open_cents=50_00)], NOW)
            invoice_written.set()
            await may_record.wait()
            await store.events.record(EventType.MESSAGE_SENT, {"n": 1}, AT)

    async def synced() -> None:
        async with postgres.unit_of_work() as uow:
            store = uow.tenant(tenant.id)
            await store.account.record_sync(NOW)
            await store.invoices.upsert([invoice("RE-1", open_cents=40_00)], NOW)

    sending = asyncio.create_task(sent())
    await invoice_written.wait()
    syncing = asyncio.create_task(synced())
    await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
    may_record.set()
    await asyncio.gather(sending, syncing)
    async with postgres.unit_of_work() as uow:
        events = await uow.tenant(tenant.id).events.after(0, 50)

    assert [(e.seq, e.type) for e in events] == [(1, EventType.MESSAGE_SENT)]
