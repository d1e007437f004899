"""Domain rule 3, "the tenant hears of trouble", for invoices blocked from dunning: an overdue
invoice whose lexoffice record cannot be read, or whose contact has no usable e-mail address, was
never dunned and shown only in the invoice overview — not on the attention list, not in the
digest, so the owner never learned of it. Now it is an attention item (`invoice_blocked`),
named by the digest once, told once by an `invoice.needs_attention` event as the block comes
(never again by a sync that finds it unchanged), and gone once a sync reads the record readable
again."""

from __future__ import annotations

import asyncio
import contextvars
from datetime import timedelta

from automahntion.app.events.records import EventType
from automahntion.app.invoices.admission import refresh_admission
from automahntion.app.mail.ports import MailTransports
from automahntion.app.review.attention import (
    AttentionItem,
    DigestPorts,
    attention_items,
    send_digest,
)
from automahntion.app.tenants.records import Tenant
from automahntion.bootstrap.database import Database
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason, Contact, EmailAddresses
from tests.fakes.dunning import FakeSender
from tests.integration.helpers import NOW, invoice, new_tenant, until_a_session_waits_for_a_lock
from tests.integration.lexoffice_env import Service


class _NoReply:
    """The service's transports, of which the digest uses the no-reply one."""

    def __init__(self) -> None:
        self.outbox = FakeSender()

    def default(self) -> FakeSender:
        return self.outbox


async def _attention(service: Service, tenant: Tenant) -> list[AttentionItem]:
    units = service.container.database.unit_of_work
    return await attention_items(units, tenant.id, service.container.clock.now())


async def _told(service: Service, tenant: Tenant) -> list[tuple[str, str, str]]:
    """The `invoice.needs_attention` events: invoice number, reason, reason code."""
    async with service.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        events = await store.events.after(0, 100, {EventType.INVOICE_NEEDS_ATTENTION})
        numbers = {str(i.id): i.invoice.voucher_number for i in await store.invoices.all()}
    return [(numbers[e.data["invoiceId"]], e.data["reason"], e.data["reasonCode"]) for e in events]


async def test_an_overdue_invoice_lexoffice_cannot_be_read_for_needs_attention_until_mended(
    postgres_service: Service,
) -> None:
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    cafe = box.contact(org, "Café", business=["a@cafe.example"])
    silent = box.contact(org, "Ohne Adresse")
    ids = {
        number: box.voucher(
            org, voucherNumber=number, dueDate=due, totalAmount=10.0, contactId=contact
        )
        for number, due, contact in (
            ("RE-1", "2026-11-01", cafe),  # overdue, unreadable: needs attention
            ("RE-2", "2026-12-20", cafe),  # unreadable, but not due yet
            ("RE-3", "2026-11-01", silent),  # overdue, its contact has no e-mail address
            ("RE-4", "2026-11-01", silent),  # the same, but paused by the owner
            ("RE-5", "2026-11-01", cafe),  # overdue and readable
        )
    }
    tenant = await service.connected_tenant(organization)
    await service.sync(tenant)
    assert sorted(await _told(service, tenant)) == [
        ("RE-3", "invoice_blocked", "missing_email"),
        ("RE-4", "invoice_blocked", "missing_email"),
    ]
    for number in ("RE-1", "RE-2"):
        path = f"/organizations/{org}/records/{ids[number]}/malformed"
        box.control(
            "PUT", path, json={"set": {"openAmount": "1e999999999"}, "views": ["voucherlist"]}
        )
    await service.sync(tenant)
    assert (await _told(service, tenant))[2:] == [("RE-1", "invoice_blocked", "unusable_record")]
    async with service.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        paused = await store.invoices.by_lexoffice_id(ids["RE-4"])
        await store.invoices.set_pause(paused.id, Pause("Ratenzahlung vereinbart"))

    items = await _attention(service, tenant)
    assert {item.invoice_number: item.kind for item in items} == {
        "RE-1": "invoice_blocked",
        "RE-3": "invoice_blocked",
    }, [item.detail for item in items]
    unreadable = next(item for item in items if item.invoice_number == "RE-1")
    assert "Rechnung RE-1" in unreadable.detail
    assert "Betrag nicht lesbar" in unreadable.detail
    no_address = next(item for item in items if item.invoice_number == "RE-3")
    assert "keine verwendbare E-Mail-Adresse" in no_address.detail

    mail = _NoReply()
    transports: MailTransports = mail  # type: ignore[assignment]
    ports = DigestPorts(
        service.container.database.unit_of_work, transports, service.container.clock, "x.example"
    )
    assert await send_digest(ports, tenant.id) == 2
    [digest] = mail.outbox.taken
    assert digest.text.count("Rechnung RE-1 ") == 1
    assert "Betrag nicht lesbar" in digest.text
    await service.sync(tenant)
    assert await send_digest(ports, tenant.id) == 0, "unchanged: not news again"
    assert len(mail.outbox.taken) == 1
    assert len(await _told(service, tenant)) == 3, "a sync finding it unchanged tells nothing"

    box.control("DELETE", f"/organizations/{org}/records/{ids['RE-1']}/malformed")
    await service.sync(tenant)
    items = await _attention(service, tenant)
    assert [item.invoice_number for item in items] == ["RE-3"]
    assert len(await _told(service, tenant)) == 3


async def test_an_unreadable_contact_is_named_and_a_handed_over_invoice_is_left_out(
    database: Database,
) -> None:
    """On both databases: the contact's own problem is the detail of its invoice's item; an
    invoice handed over (to a collection agency) is no longer the owner's to mend here."""
    tenant = await new_tenant(database)
    broken = Contact("c-1", "Café Morgenrot", unusable="Kontaktart unbekannt")
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([broken])
        await store.invoices.upsert([invoice("RE-1"), invoice("RE-2")], NOW)
        await refresh_admission(store, await store.account.get(), NOW)
        handed = await store.invoices.by_lexoffice_id("lx-RE-2")
        await store.invoices.hand_over(handed.id, NOW)
    async with database.unit_of_work() as uow:
        told = await uow.tenant(tenant.id).events.after(0, 10, {EventType.INVOICE_NEEDS_ATTENTION})
    assert sorted(e.data["reasonCode"] for e in told) == ["unusable_record"] * 2

    [item] = await attention_items(database.unit_of_work, tenant.id, NOW)
    assert item.kind == "invoice_blocked"
    assert item.invoice_number == "RE-1"
    assert "Kontaktart unbekannt" in item.detail


async def test_two_admissions_at_once_tell_of_a_new_block_once(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """Two admissions of the same tenant (a sync and a `contact.changed` event) both read the
    invoice unblocked, and both find its contact without an e-mail address: the one that waits
    for the other's invoice lock finds the block stored when it gets it, and tells nothing."""
    tenant = await new_tenant(postgres)
    async with postgres.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([Contact("c-1", "Café Morgenrot")])
        await store.invoices.upsert([invoice("RE-1")], NOW)
    admitted, commit = asyncio.Event(), asyncio.Event()

    async def admission(hold: bool) -> None:
        async with postgres.unit_of_work() as uow:
            store = uow.tenant(tenant.id)
            await refresh_admission(store, await store.account.get(), NOW)
            if hold:
                admitted.set()
                await commit.wait()

    first = asyncio.create_task(admission(hold=True), context=contextvars.Context())
    await admitted.wait()
    second = asyncio.create_task(admission(hold=False), context=contextvars.Context())
    try:
        await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
        assert not second.done()
    finally:
        commit.set()
        await first
    await second
    async with postgres.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        told = await store.events.after(0, 10, {EventType.INVOICE_NEEDS_ATTENTION})
        [stored] = await store.invoices.all()
    assert [e.data["reasonCode"] for e in told] == ["missing_email"]
    assert stored.blocked is BlockReason.MISSING_EMAIL


async def test_an_invoice_blocked_before_it_falls_due_is_told_of_once_when_it_falls_due(
    database: Database,
) -> None:
    """Its customer has no e-mail address from the start: nothing to tell while it is not due;
    the first admission after its due date tells once, later ones nothing. A block lifted and
    come again is a new block, told again."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([Contact("c-1", "Café Morgenrot")])
        await store.invoices.upsert([invoice("RE-1", due_ago=-3)], NOW)

    async def admitted(days: int) -> list[str]:
        async with database.unit_of_work() as uow:
            store = uow.tenant(tenant.id)
            at = NOW + timedelta(days=days)
            await refresh_admission(store, await store.account.get(), at)
        async with database.unit_of_work() as uow:
            told = await uow.tenant(tenant.id).events.after(
                0, 10, {EventType.INVOICE_NEEDS_ATTENTION}
            )
        return [e.data["reasonCode"] for e in told]

    assert await admitted(0) == []
    assert await admitted(3) == [], "due today, not overdue yet"
    assert await admitted(4) == ["missing_email"]
    assert await admitted(5) == ["missing_email"]
    async with database.unit_of_work() as uow:
        address = EmailAddresses(business=("a@cafe.example",))
        await uow.tenant(tenant.id).contacts.upsert([Contact("c-1", "Café", address)])
    assert await admitted(6) == ["missing_email"]
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).contacts.upsert([Contact("c-1", "Café Morgenrot")])
    assert await admitted(7) == ["missing_email", "missing_email"]
