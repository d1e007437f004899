"""Thank-you e-mails against the lexoffice sandbox and a real SMTP server: the month's quota,
first paid first, the carry-over to the next month's first sending day, and never two
thank-yous for one invoice — whether sync, a payment event or a rerun sees the payment; and none
for an invoice cleared without money (credit note, write-off)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.daily import DailyPorts, run_day
from automahntion.app.lexoffice.connect import connect_api_key
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.loyalty.thank_yous import ThankYouReport, send_thank_yous
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.domain.calendar import BERLIN
from automahntion.domain.quota import Plan
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.smtp_sink import Sink

PUBLIC_URL = "http://127.0.0.1:9"


@dataclass
class World:
    sandbox: Sandbox
    sink: Sink
    container: Container
    clock: TestClock

    def at(self, day: date, hour: int = 7, minute: int = 0) -> None:
        self.sandbox.control("PUT", "/today", json={"date": day.isoformat()})
        moment = datetime.combine(day, time(hour, minute), BERLIN)
        self.clock.current = moment.astimezone(UTC)

    async def sync(self, tenant_id: UUID) -> None:
        units = self.container.database.unit_of_work
        await sync_tenant(units, self.container.gateways, tenant_id, self.clock)

    async def thank(self, tenant_id: UUID) -> ThankYouReport:
        return await send_thank_yous(self.container.thank_yous, tenant_id)

    def pay(
        self, org: str, voucher_id: str, amount: float, item_type: str = "manualPayment"
    ) -> None:
        self.sandbox.control(
            "POST",
            f"/organizations/{org}/vouchers/{voucher_id}/payments",
            json={"amount": amount, "type": item_type},
        )

    def cancel_credit_note(self, org: str, voucher_id: str) -> None:
        """The invoice is open again, for what the credit note had cleared."""
        self.sandbox.control(
            "POST",
            f"/organizations/{org}/vouchers/{voucher_id}/payments:cancel",
            json={"type": "partPaymentCreditNote"},
        )


@pytest.fixture
async def world(sandbox: Sandbox, tmp_path: Any) -> AsyncIterator[World]:
    url = migrated_sqlite_at(tmp_path / "thanks.sqlite3")
    settings = replace(
        settings_for(sandbox, url, PUBLIC_URL),
        mail_from="noreply@automahntion.example",
        documents_dir=str(tmp_path / "documents"),
    )
    clock = TestClock()
    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host, sink.port, settings.mail_from, tls="none", allow_private_hosts=True
        )
        container = await Container.start(settings, clock, mail=mail)
        try:
            yield World(sandbox, sink, container, clock)
        finally:
            await container.stop()


async def _tenant(
    world: World, org: dict[str, Any], plan: Plan | None = Plan.STARTER, *, activated: bool = True
) -> UUID:
    units = world.container.database.unit_of_work
    created = await create_tenant(
        units,
        NewTenant(org["companyName"], "chef@baeckerei.example"),
        world.clock.now(),
        "amk_" + org["organizationId"].replace("-", "") * 2,
    )
    tenant_id = created.tenant.id
    if activated:
        await activate(units, tenant_id, world.clock.now())
    await connect_api_key(
        units,
        world.container.gateways,
        tenant_id,
        org["apiKey"],
        now=world.clock.now(),
        webhook_url=PUBLIC_URL + "/v1/webhooks/lexoffice",
    )
    async with units() as uow:
        store = uow.tenant(tenant_id)
        settings = (await store.account.get()).settings
        await store.account.save_settings(
            replace(settings, thank_you_enabled=True, reply_to="buchhaltung@baeckerei.example")
        )
        await store.thank_yous.set_loyalty_plan(plan)
    return tenant_id


def _invoices(world: World, org: str, count: int) -> dict[str, str]:
    """`count` invoices due next month, spread over five customers: number → lexoffice id."""
    box = world.sandbox
    customers = [
        box.contact(org, f"Kunde {n}", business=[f"buchhaltung@kunde{n}.example"]) for n in range(5)
    ]
    return {
        f"RE-{n:03d}": box.voucher(
            org,
            voucherNumber=f"RE-{n:03d}",
            voucherDate="2026-12-15",
            dueDate="2027-01-29",
            totalAmount=100.0 + n,
            contactId=customers[n % 5],
        )
        for n in range(count)
    }


def _number(subject: str) -> str:
    found = re.search(r"RE-\d{3}", subject)
    assert found is not None, subject
    return found.group(0)


def _sent(report: ThankYouReport) -> list[str]:
    return sorted(line.invoice_number for line in report.sent)


def _with_thanks(world: World) -> DailyPorts:
    return DailyPorts(world.container.dunning, world.container.thank_yous)


async def _states_and_count(
    world: World, tenant_id: UUID, numbers: Iterable[str]
) -> tuple[dict[str, str], int]:
    """Each named invoice's thank-you state, and the thank-yous sent in December 2026."""
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        ids = {s.invoice.voucher_number: s.id for s in await store.invoices.all()}
        states = await store.thank_yous.states()
        return (
            {number: states[ids[number]] for number in numbers},
            await store.thank_yous.sent_in_month("2026-12"),
        )


async def test_quota_of_30_sends_30_this_month_and_5_on_the_next_months_first_sending_day(
    world: World,
) -> None:
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Bäckerei Sonnenschein GmbH")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 35)
    tenant_id = await _tenant(world, org)
    first = (await run_day(_with_thanks(world), tenant_id)).cycle
    assert first.lines == []
    world.at(date(2026, 12, 28), 6, 0)
    early = sorted(numbers)[:10]
    late = sorted(numbers)[10:]
    for number in early:
        world.pay(oid, numbers[number], 100.0 + int(number[3:]))
    await world.sync(tenant_id)
    world.at(date(2026, 12, 28), 6, 30)
    for number in late:
        world.pay(oid, numbers[number], 100.0 + int(number[3:]))
    await world.sync(tenant_id)

    world.at(date(2026, 12, 28), 9, 0)
    december = await world.thank(tenant_id)
    assert len(december.sent) == 30
    assert set(early) <= set(_sent(december)), "the first paid go first"
    assert december.waiting == 5
    assert (await world.thank(tenant_id)).sent == []

    by_day: dict[date, list[str]] = {}
    day = date(2026, 12, 29)
    while day <= date(2027, 1, 6):
        world.at(day, 9, 0)
        before = len(world.sink.messages)
        report = (await run_day(_with_thanks(world), tenant_id)).cycle
        assert report.lines == [], "no dunning: nothing is overdue"
        rerun = await world.thank(tenant_id)
        assert rerun.sent == [], "a rerun the same day sends nothing twice"
        by_day[day] = sorted(_number(m.message["Subject"]) for m in world.sink.messages[before:])
        if day.month == 12:
            assert rerun.held == "not a sending day" or rerun.waiting == 5
        day += timedelta(days=1)
    assert {d: n for d, n in by_day.items() if n} == {
        date(2027, 1, 4): sorted(set(late) - set(_sent(december)))
    }, "1 January is a holiday, then a weekend: 4 January is the first sending day"

    mails = world.sink.messages
    assert len(mails) == 35
    assert sorted(_number(m.message["Subject"]) for m in mails) == sorted(numbers)
    assert len({m.message["Message-ID"] for m in mails}) == 35
    sample = mails[0].message
    assert sample["Reply-To"] == "buchhaltung@baeckerei.example"
    assert "Bäckerei Sonnenschein GmbH" in sample["From"]
    body = sample.get_content()
    assert "Vielen Dank" in sample["Subject"]
    assert re.search(PUBLIC_URL + r"/feedback/[A-Za-z0-9_-]{43}\b", body), body
    async with world.container.database.unit_of_work() as uow:
        queue = uow.tenant(tenant_id).thank_yous
        assert await queue.sent_in_month("2026-12") == 30
        assert await queue.sent_in_month("2027-01") == 5
        assert set((await queue.states()).values()) == {"sent"}


async def test_no_plan_sends_nothing_and_loses_nothing(world: World) -> None:
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Metzgerei Huber")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 2)
    tenant_id = await _tenant(world, org, plan=None)
    await world.sync(tenant_id)
    for number, voucher in numbers.items():
        world.pay(oid, voucher, 100.0 + int(number[3:]))
    await world.sync(tenant_id)
    held = await world.thank(tenant_id)
    assert held.held == "no loyalty plan: no thank-you e-mails"
    assert world.sink.messages == []
    async with world.container.database.unit_of_work() as uow:
        await uow.tenant(tenant_id).thank_yous.set_loyalty_plan(Plan.BUSINESS)
    assert len((await world.thank(tenant_id)).sent) == 2


async def test_a_tenant_not_yet_activated_thanks_nobody_and_loses_nothing(world: World) -> None:
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Bäckerei Neuanfang")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 2)
    tenant_id = await _tenant(world, org, activated=False)
    await world.sync(tenant_id)
    for number, voucher in numbers.items():
        world.pay(oid, voucher, 100.0 + int(number[3:]))
    await world.sync(tenant_id)
    held = await world.thank(tenant_id)
    assert held.held == "not activated: nothing is sent before the owner activates it"
    assert world.sink.messages == []
    await activate(world.container.database.unit_of_work, tenant_id, world.clock.now())
    assert _sent(await world.thank(tenant_id)) == sorted(numbers)
    assert len(world.sink.messages) == 2


def _event(org: str, event_type: str, voucher_id: str) -> str:
    return json.dumps(
        {
            "organizationId": org,
            "eventType": event_type,
            "resourceId": voucher_id,
            "eventDate": "2026-12-22T09:00:00.000+01:00",
        }
    )


async def test_a_payment_seen_by_event_sync_and_reruns_is_thanked_once(world: World) -> None:
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Blumen Krause")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 2)
    tenant_id = await _tenant(world, org)
    await world.sync(tenant_id)
    world.at(date(2026, 12, 22))
    world.pay(oid, numbers["RE-000"], 100.0)
    for event_type in ("payment.changed", "invoice.status.changed"):
        outcome = await world.container.process_lexoffice_event(
            str(tenant_id), _event(oid, event_type, numbers["RE-000"])
        )
        assert outcome == "invoice paid"
    await world.sync(tenant_id)
    world.pay(oid, numbers["RE-001"], 101.0)
    await world.sync(tenant_id)
    await world.container.process_lexoffice_event(
        str(tenant_id), _event(oid, "payment.changed", numbers["RE-001"])
    )
    reports = [
        (await run_day(_with_thanks(world), tenant_id)).cycle,
        (await run_day(_with_thanks(world), tenant_id)).cycle,
    ]
    again = await world.thank(tenant_id)
    world.at(date(2026, 12, 23))
    await world.sync(tenant_id)
    next_day = await world.thank(tenant_id)
    assert all(r.lines == [] for r in reports)
    assert again.sent == []
    assert next_day.sent == []
    subjects = sorted(m.message["Subject"] for m in world.sink.messages)
    assert subjects == [
        "Vielen Dank für Ihre Zahlung: Rechnung RE-000",
        "Vielen Dank für Ihre Zahlung: Rechnung RE-001",
    ]


async def test_switched_off_queues_nothing(world: World) -> None:
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Friseur Schnittig")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 1)
    tenant_id = await _tenant(world, org)
    async with world.container.database.unit_of_work() as uow:
        account = uow.tenant(tenant_id).account
        settings = (await account.get()).settings
        await account.save_settings(replace(settings, thank_you_enabled=False))
    await world.sync(tenant_id)
    world.pay(oid, numbers["RE-000"], 100.0)
    await world.sync(tenant_id)
    async with world.container.database.unit_of_work() as uow:
        assert await uow.tenant(tenant_id).thank_yous.due() == []
    assert (await world.thank(tenant_id)).held == "thank-you e-mails are switched off"


async def test_only_an_invoice_paid_with_money_is_thanked_not_one_cleared_by_a_credit_note(
    world: World,
) -> None:
    """lexoffice says `paid` for all three: the goods came back or the debt was written off,
    and "Vielen Dank für Ihre Zahlung" with a survey would embarrass the shop."""
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Schuhhaus Lauf")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 3)
    tenant_id = await _tenant(world, org)
    await world.sync(tenant_id)
    world.at(date(2026, 12, 22))
    world.pay(oid, numbers["RE-000"], 100.0, "partPaymentFinancialTransaction")
    world.pay(oid, numbers["RE-001"], 101.0, "partPaymentCreditNote")
    world.pay(oid, numbers["RE-002"], 102.0, "irrecoverableReceivable")
    await world.sync(tenant_id)

    report = await world.thank(tenant_id)
    again = await world.thank(tenant_id)

    assert _sent(report) == ["RE-000"]
    withdrawn = {
        line.invoice_number: line.outcome for line in report.lines if line.outcome != "sent"
    }
    assert sorted(withdrawn) == ["RE-001", "RE-002"]
    assert all(outcome.startswith("no thank-you") for outcome in withdrawn.values())
    assert [_number(m.message["Subject"]) for m in world.sink.messages] == ["RE-000"]
    assert again.lines == []
    async with world.container.database.unit_of_work() as uow:
        queue = uow.tenant(tenant_id).thank_yous
        assert sorted((await queue.states()).values()) == ["not_due", "not_due", "sent"]
        assert await queue.sent_in_month("2026-12") == 1, "the withdrawn use none of the quota"


async def test_a_payment_lexoffice_cannot_tell_waits_and_is_thanked_when_it_can(
    world: World,
) -> None:
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Optik Scharf")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 1)
    tenant_id = await _tenant(world, org)
    await world.sync(tenant_id)
    world.at(date(2026, 12, 22))
    world.pay(oid, numbers["RE-000"], 100.0, "partPaymentFinancialTransaction")
    await world.sync(tenant_id)
    world.sandbox.control(
        "POST", "/faults", json={"count": 1000, "status": 400, "pathPrefix": "/v1/payments"}
    )

    broken = await world.thank(tenant_id)

    assert broken.sent == []
    assert [line.outcome[:6] for line in broken.lines] == ["waits:"]
    assert world.sink.messages == []
    world.sandbox.http.delete("/_sandbox/faults").raise_for_status()
    world.at(date(2026, 12, 23))
    assert _sent(await world.thank(tenant_id)) == ["RE-000"]


async def test_a_credit_note_cancelled_and_the_invoice_then_paid_by_bank_is_thanked_once(
    world: World,
) -> None:
    """Cleared by a credit note, no thank-you is due (`not_due`). The credit note cancelled, the
    invoice is open again in lexoffice; paid by bank after that, the customer paid money and is
    thanked once — whether the sync or lexoffice's events see the reopening and the payment.
    The invoice whose credit note stands is never thanked."""
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Möbel Wohnlich")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 3)
    tenant_id = await _tenant(world, org)
    await world.sync(tenant_id)
    world.at(date(2026, 12, 22))
    for n, number in enumerate(numbers):
        world.pay(oid, numbers[number], 100.0 + n, "partPaymentCreditNote")
    await world.sync(tenant_id)
    withdrawn = await world.thank(tenant_id)

    world.cancel_credit_note(oid, numbers["RE-002"])
    await world.container.process_lexoffice_event(
        str(tenant_id), _event(oid, "invoice.status.changed", numbers["RE-002"])
    )
    world.cancel_credit_note(oid, numbers["RE-000"])
    await world.sync(tenant_id)
    world.at(date(2026, 12, 23))
    world.pay(oid, numbers["RE-000"], 100.0, "partPaymentFinancialTransaction")
    world.pay(oid, numbers["RE-002"], 102.0, "partPaymentFinancialTransaction")
    await world.container.process_lexoffice_event(
        str(tenant_id), _event(oid, "payment.changed", numbers["RE-002"])
    )
    await world.sync(tenant_id)
    await world.container.process_lexoffice_event(
        str(tenant_id), _event(oid, "payment.changed", numbers["RE-002"])
    )
    thanked = await world.thank(tenant_id)
    again = await world.thank(tenant_id)
    world.at(date(2026, 12, 28))
    await world.sync(tenant_id)
    next_week = await run_day(_with_thanks(world), tenant_id)

    assert withdrawn.sent == []
    assert all(line.outcome.startswith("no thank-you") for line in withdrawn.lines)
    assert _sent(thanked) == ["RE-000", "RE-002"]
    assert again.lines == []
    assert next_week.thank_yous is not None
    assert next_week.thank_yous.lines == []
    assert sorted(_number(m.message["Subject"]) for m in world.sink.messages) == [
        "RE-000",
        "RE-002",
    ]
    assert await _states_and_count(world, tenant_id, numbers) == (
        {
            "RE-000": "sent",
            "RE-001": "not_due",
            "RE-002": "sent",
        },
        2,
    )


async def test_a_payment_state_that_is_no_json_object_holds_only_its_own_thank_you(
    world: World,
) -> None:
    """lexoffice answered one invoice's payments with a JSON list: reading it raised a
    `TypeError` out of the payment check, and none of the tenant's thank-yous went out."""
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Optik Scharf")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 2)
    tenant_id = await _tenant(world, org)
    await world.sync(tenant_id)
    world.at(date(2026, 12, 22))
    for amount, number in enumerate(numbers.values(), start=100):
        world.pay(oid, number, float(amount), "partPaymentFinancialTransaction")
    await world.sync(tenant_id)
    garbled = {"count": 1000, "status": 200, "body": "[]"}
    path = f"/v1/payments/{numbers['RE-000']}"
    world.sandbox.control("POST", "/faults", json={**garbled, "pathPrefix": path})

    report = await world.thank(tenant_id)

    assert _sent(report) == ["RE-001"]
    waiting = [line for line in report.lines if line.invoice_number == "RE-000"]
    assert [line.outcome[:40] for line in waiting] == ["waits: its payment could not be read (no"]


async def test_a_credit_note_cancelled_and_the_invoice_paid_by_bank_between_two_syncs_is_thanked(
    world: World,
) -> None:
    """No lexoffice event processed: the credit note cancelled and the invoice paid by bank
    between two syncs, the sync sees it paid and paid, but lexoffice's change marker moved, so
    the thank-you withdrawn as `not_due` is read again and goes out, once. One whose credit note
    was cancelled and replaced by another (changed, no money) is withdrawn again without a mail;
    one that did not change is not read again; one thanked already is never thanked twice."""
    world.at(date(2026, 12, 21))
    org = world.sandbox.organization("Möbel Wohnlich")
    oid = org["organizationId"]
    numbers = _invoices(world, oid, 4)
    tenant_id = await _tenant(world, org)
    await world.sync(tenant_id)
    world.at(date(2026, 12, 22))
    for n, number in enumerate(numbers):
        kind = "partPaymentFinancialTransaction" if number == "RE-003" else "partPaymentCreditNote"
        world.pay(oid, numbers[number], 100.0 + n, kind)
    await world.sync(tenant_id)
    first = await world.thank(tenant_id)

    world.at(date(2026, 12, 23))
    world.cancel_credit_note(oid, numbers["RE-000"])
    world.pay(oid, numbers["RE-000"], 100.0, "partPaymentFinancialTransaction")
    world.cancel_credit_note(oid, numbers["RE-001"])
    world.pay(oid, numbers["RE-001"], 101.0, "partPaymentCreditNote")
    world.sandbox.control(
        "POST",
        f"/organizations/{oid}/vouchers/{numbers['RE-003']}/payments:cancel",
        json={"type": "partPaymentFinancialTransaction"},
    )
    world.pay(oid, numbers["RE-003"], 103.0, "partPaymentFinancialTransaction")
    await world.sync(tenant_id)
    thanked = await world.thank(tenant_id)
    again = await world.thank(tenant_id)
    world.at(date(2026, 12, 28))
    await world.sync(tenant_id)
    next_week = await run_day(_with_thanks(world), tenant_id)

    assert _sent(first) == ["RE-003"]
    assert _sent(thanked) == ["RE-000"]
    outcomes = {line.invoice_number: line.outcome for line in thanked.lines}
    assert sorted(outcomes) == ["RE-000", "RE-001"]
    assert outcomes["RE-001"].startswith("no thank-you")
    assert again.lines == []
    assert next_week.thank_yous is not None
    assert next_week.thank_yous.lines == []
    assert sorted(_number(m.message["Subject"]) for m in world.sink.messages) == [
        "RE-000",
        "RE-003",
    ]
    assert await _states_and_count(world, tenant_id, numbers) == (
        {
            "RE-000": "sent",
            "RE-001": "not_due",
            "RE-002": "not_due",
            "RE-003": "sent",
        },
        2,
    )
