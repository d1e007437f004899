"""The admin API's queries across tenants, on SQLite and on PostgreSQL: search, keyset pages
with tied creation times, grouped counts, and the latest messages."""

from __future__ import annotations

import uuid
from datetime import timedelta
from uuid import UUID

from automahntion.app.admin.support_queries import TenantPosition, TenantSearch
from automahntion.app.admin.tenants import change_plan, list_tenants
from automahntion.app.invoices.admission import refresh_admission
from automahntion.app.lexoffice.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
)
from automahntion.app.messages.records import Claim, MessageState
from automahntion.app.tenants.records import NewTenant
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from automahntion.domain.quota import Plan
from tests.fakes.dunning import refused
from tests.integration.helpers import NOW, contact, invoice


async def _tenants(database: Database, mark: str, plans: list[Plan]) -> list[UUID]:
    """Tenants created at the same instant, so that only their ids order them."""
    ids = []
    async with database.unit_of_work() as uow:
        for n, plan in enumerate(plans):
            name = f"Bäckerei {mark} {n}" if n % 2 else f"{mark}_{n}% Optik"
            tenant = await uow.tenants.add(
                NewTenant(name, f"inbox{n}@{mark}.example", plan=plan), NOW
            )
            ids.append(tenant.id)
    return ids


async def _all(database: Database, search: TenantSearch) -> list[UUID]:
    seen: list[UUID] = []
    after = None
    while True:
        async with database.unit_of_work() as uow:
            page = await uow.support.tenants(
                TenantSearch(search.text, search.plan, after, search.limit)
            )
        seen += [t.id for t in page]
        if len(page) < search.limit:
            return seen
        after = TenantPosition(page[-1].created_at, page[-1].id)


async def test_search_matches_name_or_email_in_any_case_and_pages_through_ties(
    database: Database,
) -> None:
    mark = uuid.uuid4().hex[:8]
    plans = [Plan.STARTER, Plan.PRO, Plan.PRO, Plan.BUSINESS, Plan.PRO]
    ids = await _tenants(database, mark, plans)
    everyone = await _all(database, TenantSearch(text=mark.upper(), limit=2))
    pros = await _all(database, TenantSearch(text=f"{mark}.EXAMPLE", plan=Plan.PRO, limit=1))
    percent = await _all(database, TenantSearch(text=f"{mark}_0%", limit=10))
    underscore = await _all(database, TenantSearch(text=f"{mark}_", limit=10))
    assert everyone == sorted(ids, key=str)
    assert pros == sorted((i for i, p in zip(ids, plans, strict=True) if p is Plan.PRO), key=str)
    assert percent == [ids[0]]
    assert underscore == sorted((ids[0], ids[2], ids[4]), key=str)
    assert await _all(database, TenantSearch(text=f"{mark}%x", limit=10)) == []


async def test_standings_count_admission_blocks_and_connection_per_tenant(
    database: Database,
) -> None:
    mark = uuid.uuid4().hex[:8]
    busy, idle = await _tenants(database, mark, [Plan.STARTER, Plan.STARTER])
    async with database.unit_of_work() as uow:
        store = uow.tenant(busy)
        await store.contacts.upsert([contact("c-1")])
        await store.invoices.upsert(
            [invoice(f"RE-{n:02}", due_ago=30 - n) for n in range(12)]
            + [invoice("RE-X", contact_id="c-none")],
            NOW,
        )
        await refresh_admission(store, await store.account.get(), NOW)
        await store.connection.save(
            LexofficeConnection(ConnectionKind.API_KEY, ConnectionStatus.DISCONNECTED, api_key="k")
        )
        standings = await uow.support.standings([busy, idle])
    assert (standings[busy].admitted, standings[busy].waiting, standings[busy].blocked) == (
        10,
        2,
        1,
    )
    assert standings[busy].connection is ConnectionStatus.DISCONNECTED
    assert (standings[idle].admitted, standings[idle].waiting, standings[idle].connection) == (
        0,
        0,
        None,
    )
    await change_plan(database.unit_of_work, busy, Plan.STARTER, 12, "admin test", NOW)
    lines = await list_tenants(database.unit_of_work, TenantSearch(text=mark, limit=10))
    shown = {
        line.tenant.id: (line.connection, line.standing.admitted, line.standing.waiting)
        for line in lines
    }
    assert shown == {busy: ("disconnected", 12, 0), idle: ("not connected", 0, 0)}


async def test_recent_messages_are_the_newest_with_their_invoice_number(
    database: Database,
) -> None:
    mark = uuid.uuid4().hex[:8]
    (tenant_id,) = await _tenants(database, mark, [Plan.STARTER])
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store.account.set_activated(NOW)
        await store.invoices.upsert([invoice(f"RE-{n}") for n in range(3)], NOW)
        for n in range(3):
            stored = await store.invoices.by_lexoffice_id(f"lx-RE-{n}")
            claim = Claim(
                stored.id, Level.R1, Channel.EMAIL, f"<{n}@x>", NOW.date(), NOW + timedelta(n)
            )
            message = await store.messages.claim(claim)
            if n == 1:
                await store.messages.mark_failed(message.id, reason=refused("421 busy"), at=NOW)
        recent = await uow.support.recent_messages(tenant_id, 2)
    assert [(m.invoice_number, m.state, m.failure_reason) for m in recent] == [
        ("RE-2", MessageState.SENDING, None),
        ("RE-1", MessageState.FAILED, "refused by the mail server (421 busy)"),
    ]
    assert all(
        (m.level, m.channel, m.day, m.attempts) == (Level.R1, Channel.EMAIL, NOW.date(), 1)
        for m in recent
    )
