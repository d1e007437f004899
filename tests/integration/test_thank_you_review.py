"""Thank-you e-mails whose outcome is unknown, on both engines with a real SMTP server: they are
listed for review and on the attention list (after the grace a running cycle may hold them) and
resolve as sent (counts in the month, never sent again) or not sent (due again within the
month's quota); a stop before the hand-over leaves no claim `sending`."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.adapters.thank_you_templates import SandboxedThankYouRenderer
from automahntion.api.review import review_item_out
from automahntion.app.errors import NotFound
from automahntion.app.loyalty.ports import ThankYouPorts
from automahntion.app.loyalty.thank_yous import send_thank_yous
from automahntion.app.review.attention import AttentionKind, attention_items
from automahntion.app.review.decide import GRACE, resolve, review_items
from automahntion.app.review.items import NotOpenForReview, Outcome, ReviewItem, ReviewKind
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.quota import Plan
from tests.fakes.lexoffice import PaidByBank
from tests.integration.helpers import NOW, activate, contact, invoice, new_tenant
from tests.integration.lexoffice_env import TestClock
from tests.smtp_sink import Sink

MONTH = "2026-11"
LATER = NOW + GRACE + timedelta(seconds=1)


def _paid(number: str) -> Invoice:
    return invoice(number, due_ago=-20, status=InvoiceStatus.PAID, open_cents=0)


def _ports(database: Database, sink: Sink, clock: TestClock) -> ThankYouPorts:
    return ThankYouPorts(
        units=database.unit_of_work,
        mail=SmtpMailTransports(
            sink.host, sink.port, "noreply@x.example", tls="none", allow_private_hosts=True
        ),
        renderer=SandboxedThankYouRenderer(),
        clock=clock,
        message_domain="x.example",
        public_url="https://app.example",
        gateways=PaidByBank(),
    )


async def _queued(database: Database, count: int) -> tuple[UUID, dict[str, UUID]]:
    """A shop on the Starter plan (30 a month) with `count` paid invoices queued, RE-000 first."""
    tenant = await new_tenant(database)
    await activate(database.unit_of_work, tenant.id, NOW)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.account.save_settings(replace(tenant.settings, thank_you_enabled=True))
        await store.thank_yous.set_loyalty_plan(Plan.STARTER)
        await store.contacts.upsert([contact("c-1", "buchhaltung@cafe.example")])
        await store.invoices.upsert([_paid(f"RE-{n:03d}") for n in range(count)], NOW)
        ids = {s.invoice.voucher_number: s.id for s in await store.invoices.all()}
        for n in range(count):
            await store.thank_yous.enqueue(ids[f"RE-{n:03d}"], NOW - timedelta(minutes=100 - n))
    return tenant.id, ids


async def _states(database: Database, tenant: UUID) -> dict[UUID, str]:
    async with database.unit_of_work() as uow:
        return await uow.tenant(tenant).thank_yous.states()


async def _counted(database: Database, tenant: UUID) -> int:
    async with database.unit_of_work() as uow:
        return await uow.tenant(tenant).thank_yous.sent_in_month(MONTH)


async def _the_item(database: Database, tenant: UUID, invoice_id: UUID) -> ReviewItem:
    units = database.unit_of_work
    assert await review_items(units, tenant, LATER - timedelta(seconds=2)) == [], "grace"
    [item] = await review_items(units, tenant, LATER)
    assert (item.kind, item.invoice_id, item.invoice_number, item.level, item.channel) == (
        ReviewKind.THANK_YOU_SENDING,
        invoice_id,
        "RE-000",
        None,
        Channel.EMAIL,
    )
    assert item.since == NOW
    assert "Dankes-E-Mail" in item.reason.german
    out = review_item_out(item)
    assert (out.kind, out.level, out.channel) == (ReviewKind.THANK_YOU_SENDING, None, "email")
    return item


async def test_a_thank_you_whose_answer_was_lost_is_reviewed_and_sent_counts_for_good(
    database: Database,
) -> None:
    tenant, ids = await _queued(database, 2)
    clock = TestClock()
    with Sink() as sink:
        sink.lose_reply_next()
        report = await send_thank_yous(_ports(database, sink, clock), tenant)
        assert [line.invoice_number for line in report.sent] == ["RE-001"]
        assert await _states(database, tenant) == {ids["RE-000"]: "sending", ids["RE-001"]: "sent"}
        item = await _the_item(database, tenant, ids["RE-000"])
        units = database.unit_of_work
        [heard] = [
            i
            for i in await attention_items(units, tenant, LATER)
            if i.kind is AttentionKind.THANK_YOU_UNRESOLVED
        ]
        assert (heard.invoice_id, heard.invoice_number, heard.since) == (
            ids["RE-000"],
            "RE-000",
            NOW,
        )
        assert "Dankes-E-Mail zu Rechnung RE-000" in heard.detail
        with pytest.raises(NotOpenForReview, match="running cycle"):
            await resolve(units, tenant, item.id, Outcome.SENT, NOW, "test")
        with pytest.raises(NotFound):
            await resolve(units, tenant, uuid4(), Outcome.SENT, LATER, "test")
        await resolve(units, tenant, item.id, Outcome.SENT, LATER, "test")
        with pytest.raises(NotOpenForReview, match="is sent"):
            await resolve(units, tenant, item.id, Outcome.NOT_SENT, LATER, "test")
        assert await review_items(units, tenant, LATER) == []
        assert AttentionKind.THANK_YOU_UNRESOLVED not in {
            i.kind for i in await attention_items(units, tenant, LATER)
        }
        clock.current = LATER
        again = await send_thank_yous(_ports(database, sink, clock), tenant)
        assert again.lines == []
        assert len(sink.messages) == 2, "the one resolved as sent is never sent again"
    assert await _states(database, tenant) == {ids["RE-000"]: "sent", ids["RE-001"]: "sent"}
    assert await _counted(database, tenant) == 2


async def test_not_sent_is_due_again_within_the_months_quota(database: Database) -> None:
    """31 paid, 30 a month: the lost one, once resolved as not sent, takes its place again
    first (paid first) and the 31st still waits for next month."""
    tenant, ids = await _queued(database, 31)
    clock = TestClock()
    with Sink() as sink:
        sink.lose_reply_next(take=False)
        report = await send_thank_yous(_ports(database, sink, clock), tenant)
        assert len(report.sent) == 29
        assert report.waiting == 1
        assert await _counted(database, tenant) == 30, "the one left sending holds its place"
        item = await _the_item(database, tenant, ids["RE-000"])
        await resolve(database.unit_of_work, tenant, item.id, Outcome.NOT_SENT, LATER, "test")
        assert await _counted(database, tenant) == 29
        clock.current = LATER
        again = await send_thank_yous(_ports(database, sink, clock), tenant)
        assert [line.invoice_number for line in again.sent] == ["RE-000"]
        assert again.waiting == 1
        numbers = sorted(m.message["Subject"][-6:] for m in sink.messages)
    assert numbers == [f"RE-{n:03d}" for n in range(30)]
    states = await _states(database, tenant)
    assert states[ids["RE-030"]] == "due"
    assert sorted(states.values()).count("sent") == 30
    assert await _counted(database, tenant) == 30


async def test_a_stop_during_a_hand_over_releases_the_claims_not_handed_over(
    database: Database,
) -> None:
    tenant, ids = await _queued(database, 3)
    with Sink() as sink:
        sink.delay_replies(5)
        run = asyncio.create_task(send_thank_yous(_ports(database, sink, TestClock()), tenant))
        deadline = time.monotonic() + 30
        while not (sink.messages and sink.replies_held):
            assert not run.done(), "the run ended before it could be stopped"
            assert time.monotonic() < deadline, "the first thank-you was never handed over"
            await asyncio.sleep(0.005)
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
        sink.delay_replies(0)
    assert await _states(database, tenant) == {
        ids["RE-000"]: "sending",
        ids["RE-001"]: "due",
        ids["RE-002"]: "due",
    }
    assert await _counted(database, tenant) == 1
    item = await _the_item(database, tenant, ids["RE-000"])
    assert item.thank_you is not None
