"""The thank-you queue in storage: a repeat enqueue never breaks the caller's transaction, and
runs at the same moment never pass the month's quota nor send one invoice twice."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.adapters.thank_you_templates import SandboxedThankYouRenderer
from automahntion.app.lexoffice.sync import store_vouchers
from automahntion.app.loyalty.ports import ThankYouPorts
from automahntion.app.loyalty.thank_yous import send_thank_yous
from automahntion.bootstrap.database import Database
from automahntion.domain.errors import ThankYouAlreadyQueued
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.quota import Plan
from tests.fakes.lexoffice import PaidByBank
from tests.integration.helpers import NOW, activate, contact, invoice, new_tenant
from tests.integration.lexoffice_env import TestClock
from tests.smtp_sink import Sink


def _paid(number: str, status: InvoiceStatus = InvoiceStatus.PAID) -> Invoice:
    open_cents = 0 if status is InvoiceStatus.PAID else 119_00
    return invoice(number, due_ago=-20, status=status, open_cents=open_cents)


def _ports(database: Database, sink: Sink) -> ThankYouPorts:
    return ThankYouPorts(
        units=database.unit_of_work,
        mail=SmtpMailTransports(
            sink.host, sink.port, "noreply@x.example", tls="none", allow_private_hosts=True
        ),
        renderer=SandboxedThankYouRenderer(),
        clock=TestClock(),
        message_domain="x.example",
        public_url="https://app.example",
        gateways=PaidByBank(),
    )


async def _shop(database: Database, invoices: int) -> tuple[UUID, list[UUID]]:
    tenant = await new_tenant(database)
    await activate(database.unit_of_work, tenant.id, NOW)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.account.save_settings(replace(tenant.settings, thank_you_enabled=True))
        await store.thank_yous.set_loyalty_plan(Plan.STARTER)
        await store.contacts.upsert([contact("c-1", "buchhaltung@cafe.example")])
        await store.invoices.upsert([_paid(f"RE-{n:03d}") for n in range(invoices)], NOW)
        ids = [
            s.id for s in sorted(await store.invoices.all(), key=lambda s: s.invoice.voucher_number)
        ]
    return tenant.id, ids


async def test_a_repeat_enqueue_is_refused_and_the_transaction_goes_on(database: Database) -> None:
    tenant_id, (first, second) = await _shop(database, 2)
    async with database.unit_of_work() as uow:
        queue = uow.tenant(tenant_id).thank_yous
        await queue.enqueue(first, NOW)
        with pytest.raises(ThankYouAlreadyQueued):
            await queue.enqueue(first, NOW)
        await queue.enqueue(second, NOW + timedelta(minutes=1))
    async with database.unit_of_work() as uow:
        assert [d.invoice_id for d in await uow.tenant(tenant_id).thank_yous.due()] == [
            str(first),
            str(second),
        ]


async def test_claimed_counts_in_the_month_and_release_gives_it_back(database: Database) -> None:
    tenant_id, (first, second) = await _shop(database, 2)
    async with database.unit_of_work() as uow:
        queue = uow.tenant(tenant_id).thank_yous
        await queue.enqueue(first, NOW)
        await queue.enqueue(second, NOW)
        assert await queue.claim(first, "2026-11", NOW)
        assert not await queue.claim(first, "2026-11", NOW), "claimed once only"
        assert await queue.claim(second, "2026-11", NOW)
        assert await queue.sent_in_month("2026-11") == 2
        await queue.release(first)
        await queue.mark_failed(second)
        assert await queue.sent_in_month("2026-11") == 0
        assert await queue.states() == {first: "due", second: "failed"}
        assert [d.invoice_id for d in await queue.due()] == [str(first)]
        assert await queue.loyalty_plan() is Plan.STARTER
        await queue.set_loyalty_plan(None)
        assert await queue.loyalty_plan() is None


async def test_three_runs_at_once_send_the_quota_and_no_invoice_twice(
    database: Database,
) -> None:
    tenant_id, ids = await _shop(database, 35)
    async with database.unit_of_work() as uow:
        queue = uow.tenant(tenant_id).thank_yous
        for n, invoice_id in enumerate(ids):
            await queue.enqueue(invoice_id, NOW - timedelta(minutes=100 - n))
    with Sink() as sink:
        ports = _ports(database, sink)
        reports = await asyncio.gather(*(send_thank_yous(ports, tenant_id) for _ in range(3)))
        mails = list(sink.messages)
    sent = [line.invoice_number for r in reports for line in r.sent]
    assert len(sent) == 30
    assert len(set(sent)) == 30
    assert sorted(sent) == [f"RE-{n:03d}" for n in range(30)], "first paid first"
    assert len(mails) == 30
    assert len({m.message["Message-ID"] for m in mails}) == 30
    async with database.unit_of_work() as uow:
        queue = uow.tenant(tenant_id).thank_yous
        assert await queue.sent_in_month("2026-11") == 30
        assert len(await queue.due()) == 5


@pytest.mark.parametrize(
    "status", [InvoiceStatus.OPEN, InvoiceStatus.PAIDOFF, InvoiceStatus.VOIDED]
)
async def test_a_queued_thank_you_waits_while_its_invoice_is_no_longer_paid(
    database: Database, status: InvoiceStatus
) -> None:
    """A payment taken back (a returned debit), a credit note or a void after the thank-you was
    queued: no "thank you for your payment" goes out while the invoice is not paid."""
    tenant_id, (reversed_one, paid_one) = await _shop(database, 2)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store.thank_yous.enqueue(reversed_one, NOW)
        await store.thank_yous.enqueue(paid_one, NOW)
        await store.invoices.upsert([_paid("RE-000", status)], NOW)
    with Sink() as sink:
        report = await send_thank_yous(_ports(database, sink), tenant_id)
        subjects = [m.message["Subject"] for m in sink.messages]
    assert [line.invoice_number for line in report.sent] == ["RE-001"]
    assert subjects == ["Vielen Dank für Ihre Zahlung: Rechnung RE-001"]
    waiting = [line for line in report.lines if line.invoice_number == "RE-000"]
    assert [line.outcome for line in waiting] == [f"waits: the invoice is {status.value}"]
    async with database.unit_of_work() as uow:
        assert [d.invoice_id for d in await uow.tenant(tenant_id).thank_yous.due()] == [
            str(reversed_one)
        ]


async def _synced(database: Database, tenant_id: UUID, *invoices: Invoice) -> None:
    """As the sync (or a lexoffice event) stores what it read."""
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store_vouchers(store, await store.account.get(), list(invoices), NOW)


async def _states(database: Database, tenant_id: UUID, ids: list[UUID]) -> list[str]:
    async with database.unit_of_work() as uow:
        states = await uow.tenant(tenant_id).thank_yous.states()
    return [states[i] for i in ids]


async def test_a_withdrawn_thank_you_is_due_again_once_its_reopened_invoice_is_paid_again(
    database: Database,
) -> None:
    """Both cleared by a credit note: no thank-you (`not_due`). RE-000's credit note cancelled,
    the invoice open again and paid by bank: its thank-you is due again and goes out once,
    also with two syncs seeing that payment and two runs at once. RE-001, still cleared by its
    credit note and listed again as paid, stays without one; and a thanked invoice reopened and
    paid again is not thanked twice."""
    tenant_id, ids = await _shop(database, 2)
    await _synced(database, tenant_id, *(_paid(f"RE-{n:03d}", InvoiceStatus.OPEN) for n in (0, 1)))
    await _synced(database, tenant_id, _paid("RE-000"), _paid("RE-001"))
    lexoffice = PaidByBank()
    lexoffice.item_type = "partPaymentCreditNote"
    with Sink() as sink:
        ports = replace(_ports(database, sink), gateways=lexoffice)
        withdrawn = await send_thank_yous(ports, tenant_id)
        assert await _states(database, tenant_id, ids) == ["not_due", "not_due"]
        await _synced(database, tenant_id, _paid("RE-000"), _paid("RE-001"))
        assert await _states(database, tenant_id, ids) == ["not_due", "not_due"], (
            "listed paid again without having been reopened: no new payment"
        )

        await _synced(database, tenant_id, _paid("RE-000", InvoiceStatus.OPEN))
        await asyncio.gather(*(_synced(database, tenant_id, _paid("RE-000")) for _ in range(2)))
        assert await _states(database, tenant_id, ids) == ["due", "not_due"]
        lexoffice.item_type = "partPaymentFinancialTransaction"
        reports = await asyncio.gather(*(send_thank_yous(ports, tenant_id) for _ in range(2)))

        await _synced(database, tenant_id, _paid("RE-000", InvoiceStatus.OPEN))
        await _synced(database, tenant_id, _paid("RE-000"))
        after_thanks = await send_thank_yous(ports, tenant_id)
        subjects = [m.message["Subject"] for m in sink.messages]

    assert withdrawn.sent == []
    assert [line.invoice_number for r in reports for line in r.sent] == ["RE-000"]
    assert after_thanks.lines == []
    assert subjects == ["Vielen Dank für Ihre Zahlung: Rechnung RE-000"]
    assert await _states(database, tenant_id, ids) == ["sent", "not_due"]
    async with database.unit_of_work() as uow:
        assert await uow.tenant(tenant_id).thank_yous.sent_in_month("2026-11") == 1


def _changed(number: str, minutes: int) -> Invoice:
    """Paid, with lexoffice's change marker `minutes` after NOW."""
    return replace(_paid(number), changed_at=NOW + timedelta(minutes=minutes))


async def test_a_withdrawn_thank_you_is_due_again_when_its_paid_invoice_changed_in_lexoffice(
    database: Database,
) -> None:
    """Paid and paid again at the next sync, but its change marker moved (the credit note may
    have been cancelled and the invoice paid by bank in between): RE-000's `not_due` thank-you
    is due again once, also with two syncs at once; RE-001, listed with the same marker, stays
    `not_due`; RE-002, paid when first seen, has no thank-you and gets none."""
    tenant_id, ids = await _shop(database, 3)
    await _synced(database, tenant_id, *(_paid(f"RE-{n:03d}", InvoiceStatus.OPEN) for n in (0, 1)))
    await _synced(database, tenant_id, _changed("RE-000", 1), _changed("RE-001", 1))
    await _synced(database, tenant_id, _changed("RE-002", 1))
    lexoffice = PaidByBank()
    lexoffice.item_type = "partPaymentCreditNote"
    with Sink() as sink:
        ports = replace(_ports(database, sink), gateways=lexoffice)
        await send_thank_yous(ports, tenant_id)
        assert await _states(database, tenant_id, ids[:2]) == ["not_due", "not_due"]

        moved = (_changed("RE-000", 2), _changed("RE-001", 1), _changed("RE-002", 2))
        await asyncio.gather(*(_synced(database, tenant_id, *moved) for _ in range(2)))
        assert await _states(database, tenant_id, ids[:2]) == ["due", "not_due"]
        lexoffice.item_type = "partPaymentFinancialTransaction"
        report = await send_thank_yous(ports, tenant_id)
        await _synced(database, tenant_id, _changed("RE-000", 3))
        again = await send_thank_yous(ports, tenant_id)
        subjects = [m.message["Subject"] for m in sink.messages]

    assert [line.invoice_number for line in report.sent] == ["RE-000"]
    assert again.lines == []
    assert subjects == ["Vielen Dank für Ihre Zahlung: Rechnung RE-000"]
    async with database.unit_of_work() as uow:
        states = await uow.tenant(tenant_id).thank_yous.states()
        stored = {s.id: s.invoice.changed_at for s in await uow.tenant(tenant_id).invoices.all()}
    assert ids[2] not in states
    assert stored[ids[0]] == NOW + timedelta(minutes=3)
