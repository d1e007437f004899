"""A claim reads, in its own transaction, whether a pause (Mahnstopp) of the invoice, its contact
or the tenant holds on the claim's day (domain rule 3: "pausing is immediate"), on both engines:
a pause the owner sets while a cycle runs refuses the claims still to come, and a message with
a paused invoice takes none of its claims."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest

from automahntion.app.dunning.ledger import StoredLedger
from automahntion.app.errors import PaidMeanwhile, PausedMeanwhile, TenantNotActivated
from automahntion.app.invoices.contacts import set_contact_pause
from automahntion.app.invoices.overview import set_invoice_pause
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim, MessageState, SentMessage
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.account import pause_tenant
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause
from tests.fakes.dunning import refused
from tests.integration.helpers import NOW, TODAY, contact, invoice, new_tenant

STOP = Pause("Kunde hat angerufen")


def _claim(invoice_id: UUID, level: Level = Level.R1) -> Claim:
    return Claim(invoice_id, level, Channel.EMAIL, f"<{level.value}.{invoice_id}@x>", TODAY, NOW)


async def _ids(uow: UnitOfWork, tenant_id: UUID, count: int = 3) -> list[UUID]:
    invoices = uow.tenant(tenant_id).invoices
    return [(await invoices.by_lexoffice_id(f"lx-RE-{n}")).id for n in range(count)]


async def _claimed_levels(database: Database, tenant_id: UUID) -> set[tuple[UUID, Level]]:
    async with database.unit_of_work() as uow:
        ids = await _ids(uow, tenant_id)
        found = await uow.tenant(tenant_id).messages.for_invoices(ids)
    return {(m.invoice_id, m.level) for messages in found.values() for m in messages}


async def test_a_pause_set_while_the_cycle_runs_refuses_the_claims_still_to_come(
    database: Database,
) -> None:
    """RE-0 and RE-1 are the contact's, RE-2 has none stored."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact()])
        await store.invoices.upsert(
            [invoice("RE-0"), invoice("RE-1"), invoice("RE-2", contact_id=None)], NOW
        )
        re0, re1, re2 = await _ids(uow, tenant.id)
        contact_id = (await store.contacts.get("c-1")).id
    ledger = StoredLedger(database.unit_of_work, tenant.id)

    await set_invoice_pause(database.unit_of_work, tenant.id, re1, STOP, NOW)
    with pytest.raises(PausedMeanwhile) as paused:
        await ledger.claim([_claim(re0), _claim(re1)])
    assert (paused.value.invoice_ids, paused.value.tenant_wide) == (frozenset({re1}), False)
    assert await _claimed_levels(database, tenant.id) == set(), "none of the message taken"

    async with database.unit_of_work() as uow:  # over since yesterday: it holds nothing
        ended = Pause("Urlaub", until=TODAY - timedelta(days=1))
        await uow.tenant(tenant.id).invoices.set_pause(re1, ended)
    await ledger.claim([_claim(re1)])

    await set_contact_pause(database.unit_of_work, tenant.id, contact_id, STOP, NOW)
    with pytest.raises(PausedMeanwhile) as paused:
        await ledger.claim([_claim(re0)])
    assert (paused.value.invoice_ids, paused.value.tenant_wide) == (frozenset({re0}), False)
    await ledger.claim([_claim(re2)])

    await pause_tenant(database.unit_of_work, tenant.id, None, None, NOW)
    with pytest.raises(PausedMeanwhile) as paused:
        await ledger.claim([_claim(re2, Level.M1)])
    assert paused.value.tenant_wide
    assert await _claimed_levels(database, tenant.id) == {(re1, Level.R1), (re2, Level.R1)}


async def _states(database: Database, tenant_id: UUID) -> dict[tuple[UUID, Level], SentMessage]:
    async with database.unit_of_work() as uow:
        found = await uow.tenant(tenant_id).messages.for_invoices(await _ids(uow, tenant_id))
    return {(m.invoice_id, m.level): m for messages in found.values() for m in messages}


async def test_the_last_look_takes_back_the_claims_of_a_message_paused_since_its_claim(
    database: Database,
) -> None:
    """Right before the hand-over (`withdraw_if_stopped`): RE-1 paused after RE-0 and RE-1 were
    claimed for one message, both claims are gone, as if never taken, and may be taken again;
    a message not paused keeps its claim; the contact's pause is read as the claim reads it."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact()])
        await store.invoices.upsert(
            [invoice("RE-0"), invoice("RE-1", contact_id=None), invoice("RE-2", contact_id=None)],
            NOW,
        )
        re0, re1, re2 = await _ids(uow, tenant.id)
        contact_id = (await store.contacts.get("c-1")).id
    ledger = StoredLedger(database.unit_of_work, tenant.id)
    bundle = await ledger.claim([_claim(re0), _claim(re1)])
    [alone] = await ledger.claim([_claim(re2)])

    await ledger.withdraw_if_stopped(bundle, at=NOW, stated={})
    await set_invoice_pause(database.unit_of_work, tenant.id, re1, STOP, NOW)
    await ledger.withdraw_if_stopped([alone], at=NOW, stated={})
    with pytest.raises(PausedMeanwhile) as paused:
        await ledger.withdraw_if_stopped(bundle, at=NOW, stated={})
    assert (paused.value.invoice_ids, paused.value.tenant_wide) == (frozenset({re1}), False)
    assert set(await _states(database, tenant.id)) == {(re2, Level.R1)}

    [again] = await ledger.claim([_claim(re0)])
    await set_contact_pause(database.unit_of_work, tenant.id, contact_id, STOP, NOW)
    with pytest.raises(PausedMeanwhile) as paused:
        await ledger.withdraw_if_stopped([again], at=NOW, stated={})
    assert (paused.value.invoice_ids, paused.value.tenant_wide) == (frozenset({re0}), False)
    assert {k: m.state for k, m in (await _states(database, tenant.id)).items()} == {
        (re2, Level.R1): MessageState.SENDING
    }


async def test_the_last_look_fails_again_a_failed_record_the_claim_took_over(
    database: Database,
) -> None:
    """Yesterday's refused R1, taken over by today's claim, cannot be put back as it was: it is
    failed again with the pause as its reason, without counting today's attempt. The tenant's
    pause is tenant-wide; a message no longer `sending` is left as it is."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).invoices.upsert([invoice(f"RE-{n}") for n in range(3)], NOW)
        re0, re1, _ = await _ids(uow, tenant.id)
    ledger = StoredLedger(database.unit_of_work, tenant.id)
    yesterday = replace(_claim(re0), day=TODAY - timedelta(days=1))
    [first] = await ledger.claim([yesterday])
    await ledger.mark_failed([first], reason=refused("421 try later"), at=NOW)
    [retaken] = await ledger.claim([_claim(re0)])
    [sent] = await ledger.claim([_claim(re1)])
    await ledger.mark_sent(
        [sent], at=NOW, recipient_domain="x", transport_message_id=None, content_sha256="0" * 64
    )

    await pause_tenant(database.unit_of_work, tenant.id, None, None, NOW)
    with pytest.raises(PausedMeanwhile) as paused:
        await ledger.withdraw_if_stopped([retaken], at=NOW, stated={})
    assert paused.value.tenant_wide
    await ledger.withdraw_if_stopped([sent], at=NOW, stated={})

    states = await _states(database, tenant.id)
    failed = states[(re0, Level.R1)]
    assert (failed.id, failed.state, failed.attempts) == (first, MessageState.FAILED, 1)
    assert failed.failure_reason == Reason(ReasonCode.PAUSED)
    assert states[(re1, Level.R1)].state is MessageState.SENT


async def test_the_last_look_takes_back_the_claims_of_a_tenant_deactivated_since_its_claim(
    database: Database,
) -> None:
    """The owner switches sending off after RE-0 was claimed and before its hand-over: the claim
    is taken back, and yesterday's failed RE-1, taken over by today's claim, is failed again
    with the deactivation as its reason."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).invoices.upsert([invoice(f"RE-{n}") for n in range(3)], NOW)
        re0, re1, _ = await _ids(uow, tenant.id)
    ledger = StoredLedger(database.unit_of_work, tenant.id)
    [first] = await ledger.claim([replace(_claim(re1), day=TODAY - timedelta(days=1))])
    await ledger.mark_failed([first], reason=refused("421 try later"), at=NOW)
    claimed = await ledger.claim([_claim(re0)]) + await ledger.claim([_claim(re1)])

    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).account.set_activated(None)
    with pytest.raises(TenantNotActivated):
        await ledger.withdraw_if_stopped(claimed, at=NOW, stated={})

    states = await _states(database, tenant.id)
    assert set(states) == {(re1, Level.R1)}
    failed = states[(re1, Level.R1)]
    assert (failed.id, failed.state, failed.attempts) == (first, MessageState.FAILED, 1)
    assert failed.failure_reason == Reason(ReasonCode.DEACTIVATED)


async def test_the_last_look_takes_back_a_message_whose_invoice_was_stored_paid_since_its_claim(
    database: Database,
) -> None:
    """RE-0 and RE-1 in one message asking for 119 EUR each, RE-2 alone: lexoffice's callback
    stores RE-1 paid and RE-2 part paid after the claims. Both messages are taken back (the
    paid invoices named); yesterday's failed RE-0, taken over by today's claim, is failed again
    with the payment as its reason; RE-3, in payment (a direct debit), goes nowhere either."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).invoices.upsert([invoice(f"RE-{n}") for n in range(4)], NOW)
        re0, re1, re2, re3 = await _ids(uow, tenant.id, 4)
    ledger = StoredLedger(database.unit_of_work, tenant.id)
    [first] = await ledger.claim([replace(_claim(re0), day=TODAY - timedelta(days=1))])
    await ledger.mark_failed([first], reason=refused("421 try later"), at=NOW)
    bundle = await ledger.claim([_claim(re0), _claim(re1)])
    [alone] = await ledger.claim([_claim(re2)])
    [debited] = await ledger.claim([_claim(re3)])
    asked = {re0: 119_00, re1: 119_00, re2: 119_00, re3: 119_00}

    async with database.unit_of_work() as uow:
        paid = [
            invoice("RE-1", open_cents=0, status=InvoiceStatus.PAID),
            invoice("RE-2", open_cents=100_00),
            invoice("RE-3", status=InvoiceStatus.SEPADEBIT),
        ]
        await uow.tenant(tenant.id).invoices.upsert(paid, NOW)
    with pytest.raises(PaidMeanwhile) as told:
        await ledger.withdraw_if_stopped(bundle, at=NOW, stated=asked)
    assert told.value.invoice_ids == frozenset({re1})
    with pytest.raises(PaidMeanwhile) as told:
        await ledger.withdraw_if_stopped([alone], at=NOW, stated=asked)
    assert told.value.invoice_ids == frozenset({re2})
    with pytest.raises(PaidMeanwhile):
        await ledger.withdraw_if_stopped([debited], at=NOW, stated=asked)

    states = await _states(database, tenant.id)
    assert set(states) == {(re0, Level.R1)}
    failed = states[(re0, Level.R1)]
    assert (failed.id, failed.state, failed.attempts) == (first, MessageState.FAILED, 1)
    assert failed.failure_reason == Reason(ReasonCode.PAID_MEANWHILE)

    [again] = await ledger.claim([_claim(re2)])
    await ledger.withdraw_if_stopped([again], at=NOW, stated={re2: 100_00})
    assert (await _states(database, tenant.id))[(re2, Level.R1)].going_out_at == NOW
