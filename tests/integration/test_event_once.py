"""Each fact is told once on PostgreSQL, also when two transactions learn it at the same time
(a sync and a lexoffice payment callback reading the same invoice, two ways of losing the
connection)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest

from automahntion.adapters.db import unit_of_work
from automahntion.adapters.db.repositories.events import PendingEvents
from automahntion.app.events.records import EventType
from automahntion.app.lexoffice.connect import mark_disconnected
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason
from automahntion.app.lexoffice.records import ConnectionKind, LexofficeConnection
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


async def test_a_connection_lost_twice_at_once_is_told_once(
    postgres: Database, migrated_urls: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """lexoffice's `token.revoked` and a refused refresh at the same moment: the second
    transaction read the connection as connected before the first committed its disconnect,
    and recorded `lexoffice.disconnected` again."""
    tenant = await new_tenant(postgres)
    async with postgres.unit_of_work() as uow:
        await uow.tenant(tenant.id).connection.save(
            LexofficeConnection(ConnectionKind.API_KEY, organization_id="org-1", api_key="k")
        )
    first_written, may_commit = asyncio.Event(), asyncio.Event()
    write = unit_of_work.write_events

    async def pausing_the_first(pending: PendingEvents, *, postgres: bool) -> list[Any]:
        written = await write(pending, postgres=postgres)
        if not first_written.is_set():
            first_written.set()
            await may_commit.wait()
        return written

    monkeypatch.setattr(unit_of_work, "write_events", pausing_the_first)
    revoked = DisconnectReason(DisconnectCode.REVOKED)
    refused = DisconnectReason(DisconnectCode.REFRESH_REFUSED)

    one = asyncio.create_task(mark_disconnected(postgres.unit_of_work, tenant.id, revoked, NOW))
    await first_written.wait()
    other = asyncio.create_task(mark_disconnected(postgres.unit_of_work, tenant.id, refused, NOW))
    await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
    may_commit.set()
    await asyncio.gather(one, other)
    async with postgres.unit_of_work() as uow:
        events = await uow.tenant(tenant.id).events.after(0, 50)

    assert [(e.type, e.data["reasonCode"]) for e in events] == [
        (EventType.LEXOFFICE_DISCONNECTED, "revoked")
    ]
