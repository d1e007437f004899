"""A claim reads, in its own transaction, whether a pause (Mahnstopp) of the invoice, its contact
or the tenant holds on the claim's day (domain rule 3: "pausing is immediate"), on both engines:
a pause the owner sets while a cycle runs refuses the claims still to come, and a message with
a paused invoice takes none of its claims."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from automahntion.app.dunning.ledger import StoredLedger
from automahntion.app.errors import PausedMeanwhile
from automahntion.app.invoices.contacts import set_contact_pause
from automahntion.app.invoices.overview import set_invoice_pause
from automahntion.app.messages.records import Claim
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.account import pause_tenant
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause
from tests.integration.helpers import NOW, TODAY, contact, invoice, new_tenant

STOP = Pause("Kunde hat angerufen")


def _claim(invoice_id: UUID, level: Level = Level.R1) -> Claim:
    return Claim(invoice_id, level, Channel.EMAIL, f"<{level.value}.{invoice_id}@x>", TODAY, NOW)


async def _ids(uow: UnitOfWork, tenant_id: UUID) -> list[UUID]:
    invoices = uow.tenant(tenant_id).invoices
    return [(await invoices.by_lexoffice_id(f"lx-RE-{n}")).id for n in range(3)]


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
