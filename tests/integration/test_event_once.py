"""Each fact is told once on PostgreSQL, also when two transactions learn it at the same time
(a sync and a lexoffice payment callback reading the same invoice)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from automahntion.app.events.records import EventType
from automahntion.app.lexoffice.sync import store_vouchers
from automahntion.bootstrap.database import Database
from automahntion.domain.invoices import InvoiceStatus
from tests.integration.helpers import (
    NOW,
    invoice,
    new_tenant,
    until_a_session_waits_for_a_lock,
)


async def test_an_invoice_paid_seen_by_two_transactions_at_once_is_told_once(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """The first transaction stores the invoice as paid and stays open; the second read it as
    open before, it would record `invoice.paid` again once the first committed."""
    tenant = await new_tenant(postgres)
    async with postgres.unit_of_work() as uow:
        await uow.tenant(tenant.id).invoices.upsert([invoice("RE-1")], NOW)
    paid = replace(invoice("RE-1"), status=InvoiceStatus.PAID, open_cents=0)
    stored, may_commit = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with postgres.unit_of_work() as uow:
            await store_vouchers(uow.tenant(tenant.id), tenant, [paid], NOW)
            stored.set()
            await may_commit.wait()

    async def second() -> None:
        async with postgres.unit_of_work() as uow:
            await store_vouchers(uow.tenant(tenant.id), tenant, [paid], NOW)

    one = asyncio.create_task(first())
    await stored.wait()
    other = asyncio.create_task(second())
    await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
    may_commit.set()
    await asyncio.gather(one, other)
    async with postgres.unit_of_work() as uow:
        events = await uow.tenant(tenant.id).events.after(0, 50)

    assert [e.type for e in events] == [EventType.INVOICE_PAID]
