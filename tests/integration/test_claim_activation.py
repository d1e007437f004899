"""A claim reads, in its own transaction, whether the tenant is still activated (domain rule 3;
"deactivating stops sending at once"): refused once the owner deactivated it, on both engines;
on PostgreSQL a deactivation and a claim that overlap wait for each other, so a claim never
commits on an activation already withdrawn. The claims of one message are taken together."""

from __future__ import annotations

import asyncio
import contextvars
from uuid import UUID

import pytest

from automahntion.app.dunning.ledger import StoredLedger
from automahntion.app.errors import ClaimedElsewhere, TenantNotActivated
from automahntion.app.messages.records import Claim, MessageState, SentMessage
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from tests.fakes.dunning import refused
from tests.integration.helpers import (
    NOW,
    TODAY,
    invoice,
    new_tenant,
    tenant_with_invoice,
    until_a_session_waits_for_a_lock,
)


def _claim(invoice_id: UUID, level: Level = Level.R1) -> Claim:
    return Claim(invoice_id, level, Channel.EMAIL, f"<{level.value}@x>", TODAY, NOW)


async def _set_activated(database: Database, tenant_id: UUID, activated: bool) -> None:
    """What activating and deactivating write (`app.dunning.activation`)."""
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant_id).account.set_activated(NOW if activated else None)


async def _claimed(
    database: Database, tenant_id: UUID, claim: Claim
) -> SentMessage | TenantNotActivated:
    try:
        async with database.unit_of_work() as uow:
            return await uow.tenant(tenant_id).messages.claim(claim)
    except TenantNotActivated as refusal:
        return refusal


async def _messages(database: Database, tenant_id: UUID, *invoices: UUID) -> list[SentMessage]:
    async with database.unit_of_work() as uow:
        found = await uow.tenant(tenant_id).messages.for_invoices(list(invoices))
    return [message for messages in found.values() for message in messages]


async def test_a_claim_is_refused_once_the_tenant_is_deactivated(database: Database) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    await _set_activated(database, tenant_id, False)
    refusal = await _claimed(database, tenant_id, _claim(invoice_id))
    assert isinstance(refusal, TenantNotActivated)
    assert await _messages(database, tenant_id, invoice_id) == []
    async with database.unit_of_work() as uow:  # holding sends nothing: it is recorded
        held = await uow.tenant(tenant_id).messages.hold(_claim(invoice_id), reason=refused("x"))
    assert held.state is MessageState.HELD
    await _set_activated(database, tenant_id, True)
    taken = await _claimed(database, tenant_id, _claim(invoice_id))
    assert isinstance(taken, SentMessage), "activated again, the held level is taken over"
    assert (taken.state, taken.attempts) == (MessageState.SENDING, 2)


async def test_a_deactivation_in_progress_makes_a_claim_wait_and_then_refuses_it(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(postgres)
    written, commit = asyncio.Event(), asyncio.Event()

    async def deactivating() -> None:
        async with postgres.unit_of_work() as uow:
            await uow.tenant(tenant_id).account.set_activated(None)
            written.set()
            await commit.wait()

    deactivation = asyncio.create_task(deactivating())
    await written.wait()
    claiming = asyncio.create_task(_claimed(postgres, tenant_id, _claim(invoice_id)))
    try:
        await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
        assert not claiming.done()
    finally:  # the deactivation ends whatever happened: the pool closes only then
        commit.set()
        await deactivation
    assert isinstance(await claiming, TenantNotActivated)
    assert await _messages(postgres, tenant_id, invoice_id) == []


async def test_a_deactivation_waits_for_a_claim_in_progress(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """The claim committed while the tenant was activated; the next one is refused."""
    tenant_id, invoice_id = await tenant_with_invoice(postgres)
    async with postgres.unit_of_work() as uow:
        await uow.tenant(tenant_id).messages.claim(_claim(invoice_id))
        deactivation = asyncio.create_task(  # on a connection of its own, not in this unit
            _set_activated(postgres, tenant_id, False), context=contextvars.Context()
        )
        await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
        assert not deactivation.done()
    await deactivation
    [message] = await _messages(postgres, tenant_id, invoice_id)
    assert message.state is MessageState.SENDING
    refusal = await _claimed(postgres, tenant_id, _claim(invoice_id, Level.M1))
    assert isinstance(refusal, TenantNotActivated)


async def _three_invoices(database: Database) -> tuple[UUID, list[UUID]]:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        invoices = uow.tenant(tenant.id).invoices
        await invoices.upsert([invoice(f"RE-{n}") for n in range(3)], NOW)
        ids = [(await invoices.by_lexoffice_id(f"lx-RE-{n}")).id for n in range(3)]
    return tenant.id, ids


async def test_the_claims_of_one_message_are_taken_together(database: Database) -> None:
    """One transaction, whole or not at all: a message whose level another process holds for
    one of its invoices takes none (its text names them all), and a tenant no longer activated
    gets none either."""
    tenant_id, ids = await _three_invoices(database)
    ledger = StoredLedger(database.unit_of_work, tenant_id)
    [elsewhere] = await ledger.claim([_claim(ids[1])])
    with pytest.raises(ClaimedElsewhere) as lost:
        await ledger.claim([_claim(i) for i in ids])
    assert lost.value.invoice_ids == {ids[1]}
    [message] = await _messages(database, tenant_id, *ids)
    assert (message.id, message.state) == (elsewhere, MessageState.SENDING)

    taken = await ledger.claim([_claim(ids[0]), _claim(ids[2])])
    states = {(m.invoice_id, m.state) for m in await _messages(database, tenant_id, *ids)}
    assert states == {(i, MessageState.SENDING) for i in ids}
    assert len(set(taken)) == 2

    await _set_activated(database, tenant_id, False)
    with pytest.raises(TenantNotActivated):
        await ledger.claim([_claim(i, Level.M1) for i in ids])
    levels = {m.level for m in await _messages(database, tenant_id, *ids)}
    assert levels == {Level.R1}, "nothing of the refused message was taken"


async def test_a_sync_storing_invoices_and_a_claim_on_one_of_them_do_not_deadlock(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """The sync's last transaction writes the invoices, then the tenant's sync bookkeeping; a
    claim in between reads the activation and, at its commit, touches its invoice's row. Neither
    may lock the other out for good: the claim goes through once the sync committed."""
    tenant_id, invoice_id = await tenant_with_invoice(postgres)
    ledger = StoredLedger(postgres.unit_of_work, tenant_id)
    async with postgres.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store.invoices.upsert([invoice("RE-1", total_cents=12_345)], NOW)
        claiming = asyncio.create_task(
            ledger.claim([_claim(invoice_id)]), context=contextvars.Context()
        )
        await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
        await store.account.record_sync(NOW)
    [claim_id] = await claiming
    [message] = await _messages(postgres, tenant_id, invoice_id)
    assert (message.id, message.state) == (claim_id, MessageState.SENDING)
