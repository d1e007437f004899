"""`updatedSince` on both engines: the database stamps an invoice when anything it shows
changes (its own columns, its messages and documents, its customer), and a contact when it
changes or one of its invoices does; a sync that writes the same values again stamps nothing,
nor does a change that rolled back."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.app.invoices.criteria import InvoiceCriteria, position
from automahntion.app.messages.records import Claim
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import Contact, EmailAddresses
from tests.integration.helpers import NOW, TODAY, contact, invoice, new_tenant

HOTEL = Contact("c-2", "Hotel Lindenhof", EmailAddresses(business=("info@hotel.example",)))
INVOICES = [
    invoice("RE-1", contact_id="c-1"),
    invoice("RE-2", contact_id="c-2"),
    invoice("RE-3", due_ago=3, contact_id="c-2"),
]


async def _mark(database: Database) -> datetime:
    """A moment after every stamp so far and before any to come (SQLite stamps in ms), on the
    clock that stamps: PostgreSQL's own, SQLite's that of this process."""
    await asyncio.sleep(0.01)
    at = await _stamping_clock(database)
    await asyncio.sleep(0.01)
    return at


async def _stamping_clock(database: Database) -> datetime:
    if isinstance(database.engine, PostgresEngine):
        rows = await database.engine.run_ddl("SELECT clock_timestamp() AS now")
        now: datetime = rows[0]["now"]
        return now
    return datetime.now(UTC)


async def _changed(
    database: Database, tenant_id: UUID, since: datetime, limit: int = 50
) -> list[str]:
    """Every page of the list the API reads, walked with its cursor."""
    numbers: list[str] = []
    after = None
    while True:
        found = await database.invoice_list.page(
            tenant_id, InvoiceCriteria(updated_since=since), limit=limit, after=after
        )
        numbers += [v.stored.invoice.voucher_number for v in found.views]
        if not found.more:
            return numbers
        after = position(found.views[-1].stored)


async def _contacts_changed(database: Database, tenant_id: UUID, since: datetime) -> set[str]:
    async with database.unit_of_work() as uow:
        return await uow.tenant(tenant_id).contacts.changed_since(since)


async def test_what_an_invoice_shows_stamps_it_and_a_sync_of_the_same_values_does_not(
    database: Database,
) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact("c-1"), HOTEL])
        await store.invoices.upsert(INVOICES, NOW)
        ids = {s.invoice.voucher_number: s.id for s in await store.invoices.all()}
    before = await _mark(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact("c-1"), HOTEL])
        await store.invoices.upsert(INVOICES, NOW)
        await store.invoices.set_language("lx-RE-1", "en")
    resynced = await _changed(database, tenant.id, before)
    contacts_resynced = await _contacts_changed(database, tenant.id, before)

    claimed_at = await _mark(database)
    async with database.unit_of_work() as uow:
        claim = Claim(ids["RE-2"], Level.R1, Channel.EMAIL, f"<{uuid.uuid4()}@x>", TODAY, NOW)
        message = await uow.tenant(tenant.id).messages.claim(claim)
    claimed = await _changed(database, tenant.id, claimed_at)
    sent_at = await _mark(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).messages.mark_sent(
            message.id,
            at=NOW,
            recipient_domain="hotel.example",
            transport_message_id=None,
            content_sha256=None,
        )
    sent = await _changed(database, tenant.id, sent_at)

    begun_at = await _mark(database)
    async with database.unit_of_work() as uow:
        document = await uow.tenant(tenant.id).documents.begin(ids["RE-1"], Level.R1, "ours", NOW)
    begun = await _changed(database, tenant.id, begun_at)
    abandoned_at = await _mark(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).documents.abandon(document)
    abandoned = await _changed(database, tenant.id, abandoned_at)

    paid_at = await _mark(database)
    async with database.unit_of_work() as uow:
        settled = invoice(
            "RE-3", due_ago=3, contact_id="c-2", open_cents=0, status=InvoiceStatus.PAID
        )
        await uow.tenant(tenant.id).invoices.upsert([settled], NOW)
    paid = await _changed(database, tenant.id, paid_at)
    contacts_paid = await _contacts_changed(database, tenant.id, paid_at)

    renamed_at = await _mark(database)
    async with database.unit_of_work() as uow:
        abendrot = Contact("c-1", "Café Abendrot", contact("c-1").emails)
        await uow.tenant(tenant.id).contacts.upsert([abendrot, HOTEL])
    renamed = await _changed(database, tenant.id, renamed_at)
    contacts_renamed = await _contacts_changed(database, tenant.id, renamed_at)

    async def failing_change() -> None:
        async with database.unit_of_work() as uow:
            store = uow.tenant(tenant.id)
            claim = Claim(ids["RE-1"], Level.R1, Channel.EMAIL, f"<{uuid.uuid4()}@x>", TODAY, NOW)
            await store.messages.claim(claim)
            await store.contacts.set_pause("c-2", Pause("Klärung", None))
            raise RuntimeError("the change failed")

    failed_at = await _mark(database)
    with pytest.raises(RuntimeError):
        await failing_change()
    rolled_back = await _changed(database, tenant.id, failed_at)

    assert resynced == []
    assert contacts_resynced == set()
    assert claimed == ["RE-2"]
    assert sent == ["RE-2"]
    assert paid == ["RE-3"]
    assert contacts_paid == {"c-2"}, "its count of open invoices changed"
    assert renamed == ["RE-1"]
    assert contacts_renamed == {"c-1"}
    assert rolled_back == []
    assert await _contacts_changed(database, tenant.id, failed_at) == set()
    assert begun == ["RE-1"]
    assert abandoned == ["RE-1"], "a document gone is a change of what the invoice shows"
    walked = await _changed(database, tenant.id, before, limit=1)
    assert walked == await _changed(database, tenant.id, before)
    assert sorted(walked) == ["RE-1", "RE-2", "RE-3"]
    assert walked[-1] == "RE-3", "in the list's order: due date, then id"


async def test_a_moment_before_the_year_1000_takes_every_invoice_on_both_engines(
    database: Database,
) -> None:
    """`updatedSince=0300-01-01T00:00:00Z` is a moment before every change: SQLite compared
    the stored text with `300-01-01 …` (strftime does not pad the year), after every
    `2026-…`, and listed nothing where PostgreSQL listed every invoice."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).invoices.upsert(INVOICES, NOW)
    for year in (1, 300, 999):
        since = datetime(year, 1, 1, tzinfo=UTC)
        assert sorted(await _changed(database, tenant.id, since)) == ["RE-1", "RE-2", "RE-3"], year


async def test_an_invoice_stamped_by_the_backfill_at_the_very_moment_asked_is_listed(
    database: Database,
) -> None:
    """Rows from before the stamps got their last sync as `updated_at` (migration
    `updated_at_triggers`), on SQLite as Piccolo writes it: without a fraction when it has
    none. The moment asked was spelled with one (`… 08:00:00.000000+00:00`), after
    `… 08:00:00+00:00` as text, so on SQLite such an invoice was missing at exactly its own
    time, while PostgreSQL and the contacts' `updatedSince` (Piccolo's spelling) listed it."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).invoices.upsert(INVOICES[:1], NOW)
    async with database.unit_of_work():
        await InvoiceRow.update({InvoiceRow.updated_at: InvoiceRow.synced_at}).where(
            InvoiceRow.tenant == tenant.id
        )
    assert await _changed(database, tenant.id, NOW) == ["RE-1"]
    assert await _changed(database, tenant.id, NOW + timedelta(microseconds=1)) == []
