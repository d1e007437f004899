"""On PostgreSQL, every transaction that locks several invoices of a tenant locks them in one
order, and the tenant's other rows before them: a message for several invoices (claimed, sent
or failed together), the sync storing those invoices, a plan change and a claim of one of the
bundle's levels elsewhere never wait for each other in a circle, whatever order lexoffice lists
the invoices in.

A third connection forces the interleaving that deadlocked: it holds a row the first
transaction needs after it has locked something (the bundle's message row, an invoice), and
lets go once the second transaction waits too.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Coroutine
from uuid import UUID

import asyncpg
import pytest
from asyncpg.exceptions import DeadlockDetectedError

from automahntion.app.billing.plan_change import apply_plan
from automahntion.app.dunning.ledger import StoredLedger
from automahntion.app.errors import ClaimedElsewhere
from automahntion.app.invoices.admission import refresh_admission
from automahntion.app.lexoffice.sync import store_listed, store_vouchers
from automahntion.app.messages.records import Claim, MessageState
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import Level
from automahntion.domain.quota import Plan
from tests.fakes.dunning import refused
from tests.integration.helpers import NOW, TODAY, invoice, new_tenant


def _claim(invoice_id: UUID, level: Level = Level.R1) -> Claim:
    return Claim(invoice_id, level, Channel.EMAIL, f"<{level.value}-{invoice_id}@x>", TODAY, NOW)


async def _two_invoices(database: Database) -> tuple[UUID, UUID, UUID]:
    """A tenant and its invoices RE-A and RE-B: (tenant, A's id, B's id)."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        invoices = uow.tenant(tenant.id).invoices
        await invoices.upsert([invoice("RE-A"), invoice("RE-B")], NOW)
        a = (await invoices.by_lexoffice_id("lx-RE-A")).id
        b = (await invoices.by_lexoffice_id("lx-RE-B")).id
    return tenant.id, a, b


async def _storing(database: Database, tenant_id: UUID, listed: list[Invoice]) -> None:
    """The sync's last transaction (`sync_tenant`) with what lexoffice listed, in its order."""
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store_listed(store, await store.account.get(), [], listed, None, NOW)


def _the_sync(database: Database, tenant_id: UUID) -> Coroutine[object, object, None]:
    """Storing B before A."""
    return _storing(database, tenant_id, [invoice("RE-B", open_cents=1), invoice("RE-A")])


async def _until_waiting(
    url: str, sessions: int, done: asyncio.Future[object] | None = None
) -> None:
    """Until `sessions` sessions of the test database wait for a lock, or `done` is (ten
    seconds at most)."""
    connection = await asyncpg.connect(url)
    try:
        for _ in range(200):
            if done is not None and done.done():
                return
            waiting = await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if waiting >= sessions:
                return
            await asyncio.sleep(0.05)
    finally:
        await connection.close()
    pytest.fail(f"fewer than {sessions} sessions waited")


async def _interleaved(
    url: str, holding: str, held: UUID, first: Awaitable[object], then: Awaitable[object]
) -> list[object]:
    """Runs `first` while a third connection holds the row `holding` (a locking SELECT) locks
    for `held`, until it waits; then `then`, until it waits too (or ends); then lets go: both
    outcomes."""
    blocker = await asyncpg.connect(url)
    transaction = blocker.transaction()
    await transaction.start()
    running: list[asyncio.Future[object]] = []
    try:
        await blocker.execute(holding, held)
        for step in (first, then):
            running.append(asyncio.ensure_future(step))
            await _until_waiting(url, len(running), running[-1] if len(running) > 1 else None)
    finally:  # both end whatever happened: the pool closes only then
        await transaction.rollback()
        outcomes = await asyncio.gather(*running, return_exceptions=True)
        await blocker.close()
    return list(outcomes)


_MESSAGE = "SELECT 1 FROM sent_message WHERE id = $1 FOR UPDATE"
_INVOICE = "SELECT 1 FROM invoice WHERE id = $1 FOR NO KEY UPDATE"


async def test_a_bundle_claim_and_the_sync_storing_its_invoices_do_not_deadlock(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    tenant_id, a, b = await _two_invoices(postgres)
    ledger = StoredLedger(postgres.unit_of_work, tenant_id)
    [failed] = await ledger.claim([_claim(b)])  # B's level is taken over: an UPDATE of this row
    await ledger.mark_failed([failed], reason=refused("x"), at=NOW)

    bundle = ledger.claim([_claim(a), _claim(b)])
    url = migrated_urls["postgres"]
    outcomes = await _interleaved(url, _MESSAGE, failed, bundle, _the_sync(postgres, tenant_id))

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    async with postgres.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        found = await store.messages.for_invoices([a, b])
        stored = await store.invoices.get(b)
    assert {(i, m.state) for i, ms in found.items() for m in ms} == {
        (a, MessageState.SENDING),
        (b, MessageState.SENDING),
    }
    assert stored.invoice.open_cents == 1, "the sync stored what lexoffice listed"


async def test_a_bundle_marked_sent_and_the_sync_storing_its_invoices_do_not_deadlock(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    tenant_id, a, b = await _two_invoices(postgres)
    ledger = StoredLedger(postgres.unit_of_work, tenant_id)
    taken = await ledger.claim([_claim(a), _claim(b)])
    sent = ledger.mark_sent(
        taken,
        at=NOW,
        recipient_domain="cafe.example",
        transport_message_id="<t@x>",
        content_sha256="0" * 64,
    )

    url = migrated_urls["postgres"]
    outcomes = await _interleaved(url, _MESSAGE, taken[1], sent, _the_sync(postgres, tenant_id))

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    async with postgres.unit_of_work() as uow:
        found = await uow.tenant(tenant_id).messages.for_invoices([a, b])
    assert {m.state for ms in found.values() for m in ms} == {MessageState.SENT}


async def test_a_bundle_claim_and_a_sync_changing_the_admission_of_an_invoice_it_did_not_list(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """The sync stores the invoices listed, then recomputes the admission, which may change any
    invoice (here both are blocked: their contact is unknown) — known only after the store. A
    claim for both, between the two, waits until the sync committed."""
    tenant_id, a, b = await _two_invoices(postgres)
    first, last = sorted([a, b])
    listed = "RE-A" if last == a else "RE-B"
    ledger = StoredLedger(postgres.unit_of_work, tenant_id)
    claiming: list[asyncio.Task[list[UUID]]] = []
    try:
        async with postgres.unit_of_work() as uow:
            store = uow.tenant(tenant_id)
            tenant = await store.account.get()
            await store_vouchers(store, tenant, [invoice(listed)], NOW)
            claim = ledger.claim([_claim(first), _claim(last)])
            claiming.append(asyncio.create_task(claim, context=contextvars.Context()))
            await _until_waiting(migrated_urls["postgres"], 1)
            await refresh_admission(store, tenant, NOW)
            await store.account.record_sync(NOW)
    finally:  # the claim ends whatever happened: the pool closes only then
        outcomes = await asyncio.gather(*claiming, return_exceptions=True)
    [claimed] = outcomes
    assert not isinstance(claimed, BaseException), claimed
    assert len(claimed) == 2
    async with postgres.unit_of_work() as uow:
        stored = [await uow.tenant(tenant_id).invoices.get(i) for i in (a, b)]
    assert all(s.blocked is not None for s in stored), "the sync's admission was stored"


async def _plan_changed(database: Database, tenant_id: UUID) -> None:
    async with database.unit_of_work() as uow:
        await apply_plan(uow.tenant(tenant_id), Plan.PRO, None, "admin", NOW)


async def test_a_plan_change_and_the_sync_storing_invoices_do_not_deadlock(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """A plan (or settings) change writes the tenant, then the admission of its invoices. The
    sync writing its invoices first and its bookkeeping in the tenant last deadlocked with it:
    here the sync waits for the last invoice, which a third connection holds, when the plan
    change begins (both invoices are blocked by it: their contact is unknown)."""
    tenant_id, a, b = await _two_invoices(postgres)
    url = migrated_urls["postgres"]
    outcomes = await _interleaved(
        url, _INVOICE, max(a, b), _the_sync(postgres, tenant_id), _plan_changed(postgres, tenant_id)
    )

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    async with postgres.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        stored = [await store.invoices.get(i) for i in (a, b)]
    assert (tenant.plan, tenant.last_successful_sync_at) == (Plan.PRO, NOW)
    assert all(s.blocked is not None for s in stored)


async def test_a_bundle_claim_and_a_claim_of_one_of_its_levels_elsewhere_do_not_deadlock(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """Another process claims the level of the bundle's second invoice (its message row, then
    its invoice) while the bundle waits at its first: one of them takes it, neither deadlocks.
    A bundle locking its invoices before its message rows waited for the other in a circle."""
    tenant_id, a, b = await _two_invoices(postgres)
    first, last = sorted([a, b])
    ledger = StoredLedger(postgres.unit_of_work, tenant_id)
    [failed] = await ledger.claim([_claim(first)])  # taken over by the bundle: an UPDATE
    await ledger.mark_failed([failed], reason=refused("x"), at=NOW)

    bundle = ledger.claim([_claim(first), _claim(last)])
    url = migrated_urls["postgres"]
    outcomes = await _interleaved(url, _MESSAGE, failed, bundle, ledger.claim([_claim(last)]))

    assert not [o for o in outcomes if isinstance(o, DeadlockDetectedError)]
    assert isinstance(outcomes[0], ClaimedElsewhere), "the other process came first"
    assert outcomes[0].invoice_ids == {last}
    async with postgres.unit_of_work() as uow:
        found = await uow.tenant(tenant_id).messages.for_invoices([first, last])
    assert {(i, m.state) for i, ms in found.items() for m in ms} == {
        (first, MessageState.FAILED),
        (last, MessageState.SENDING),
    }
