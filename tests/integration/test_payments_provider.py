"""The Stripe adapter against the payments sandbox over HTTP: customer, SEPA mandate, monthly and
yearly subscriptions, one-time charge, the usage invoice, idempotency, failures, webhooks."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
import pytest

from automahntion.adapters.clock import AsOfClock, SystemClock
from automahntion.adapters.payments.client import StripeClient
from automahntion.adapters.payments.webhooks import StripeWebhookVerifier, signature_header
from automahntion.adapters.retrying import RetryPolicy
from automahntion.app.billing.payments import (
    LETTER_PRICES,
    SMTP_ADDON_PRICE,
    InvoiceLine,
    InvoiceState,
    MandateRequest,
    MandateState,
    NewCustomer,
    PaymentRefused,
    PaymentsUnavailable,
    SubscriptionRequest,
    SubscriptionState,
    UsageBill,
    plan_price,
)
from automahntion.app.webhooks import WebhookRefused
from automahntion.domain.prices import (
    DEFAULT_MONTHLY_PLAN_CENTS,
    BillingCycle,
    LetterKind,
    subscription_cents,
)
from automahntion.domain.quota import Plan
from automahntion_sandboxes.payments import create_app
from tests.sandbox_server import running
from tests.webhook_sink import Callback, WebhookSink

API_KEY = "sk_test_payments_tests"
SECRET = "whsec_payments_tests"
GOOD_IBAN = "DE89370400440532013000"
FAILING_IBAN = "DE62370400440532013001"
FAST = RetryPolicy(attempts=4, base_delay_s=0.01, max_delay_s=0.05)
CLOCK = SystemClock()
"""Provider signatures are stamped with the real time, as Stripe does."""


@dataclass
class Payments:
    url: str
    controls: httpx.Client
    sink: WebhookSink
    sink_url: str

    def control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.controls.request(method, "/_sandbox" + path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def objects(self, kind: str, **match: Any) -> list[dict[str, Any]]:
        items = self.control("GET", f"/objects/{kind}")
        return [i for i in items if all(i.get(k) == v for k, v in match.items())]


@pytest.fixture(scope="module")
def payments() -> Iterator[Payments]:
    sink = WebhookSink()
    app = create_app(api_key=API_KEY, webhook_secret=SECRET, retry_delays=(0.05,))
    with running(app) as url, running(sink) as sink_url:
        controls = httpx.Client(base_url=url, trust_env=False, timeout=30)
        yield Payments(url, controls, sink, sink_url)
        controls.close()


@pytest.fixture
async def stripe(payments: Payments) -> AsyncIterator[StripeClient]:
    payments.control("POST", "/reset")
    payments.sink.received.clear()
    payments.control("POST", "/webhooks", json={"url": payments.sink_url + "/stripe"})
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        yield StripeClient(http, payments.url, API_KEY, retry=FAST)


async def _customer(stripe: StripeClient, iban: str = GOOD_IBAN) -> tuple[str, str]:
    """A customer with an active SEPA mandate as default payment method."""
    tenant = uuid4()
    customer = await stripe.create_customer(
        NewCustomer(tenant, "Bäckerei Sonnenschein", "billing@baeckerei.example"),
        idempotency_key=f"customer:{tenant}",
    )
    mandate = await stripe.create_mandate(
        MandateRequest(
            customer, iban, "Anna Sonnenschein", "billing@baeckerei.example", "192.0.2.7", "pytest"
        ),
        idempotency_key=f"mandate:{tenant}:1",
    )
    assert mandate.state is MandateState.ACTIVE
    assert mandate.iban_last4 == iban[-4:]
    await stripe.update_customer(
        customer, payment_method_id=mandate.payment_method_id, idempotency_key=f"pm:{tenant}:1"
    )
    return customer, mandate.payment_method_id


def _of_type(event_type: str, object_id: str | None = None) -> Any:
    def matches(callback: Callback) -> bool:
        event = json.loads(callback.body)
        return bool(
            event["type"] == event_type and object_id in (None, event["data"]["object"]["id"])
        )

    return matches


def _posts(payments: Payments) -> int:
    return sum(r["method"] == "POST" for r in payments.control("GET", "/requests"))


async def test_monthly_and_yearly_subscriptions_with_a_sepa_mandate(
    payments: Payments, stripe: StripeClient
) -> None:
    customer, method = await _customer(stripe)
    monthly = await stripe.start_subscription(
        SubscriptionRequest(customer, plan_price(Plan.BUSINESS, BillingCycle.MONTHLY)),
        idempotency_key="sub:monthly",
    )
    assert monthly.state is SubscriptionState.ACTIVE
    assert monthly.price == "business_monthly"
    assert monthly.latest_invoice_id is not None
    first = await stripe.invoice(monthly.latest_invoice_id)
    assert (first.state, first.total_cents) == (InvoiceState.PAID, 4900)

    yearly = await stripe.start_subscription(
        SubscriptionRequest(
            customer,
            plan_price(Plan.STARTER, BillingCycle.YEARLY),
            trial_days=14,
            payment_method_id=method,
        ),
        idempotency_key="sub:yearly",
    )
    assert yearly.state is SubscriptionState.TRIALING
    assert yearly.trial_end is not None
    assert yearly.trial_end - yearly.current_period_start == timedelta(days=14)
    assert yearly.latest_invoice_id is None

    payments.control("POST", f"/subscriptions/{yearly.subscription_id}/renew")
    renewed = await stripe.subscription(yearly.subscription_id)
    assert renewed.state is SubscriptionState.ACTIVE
    assert renewed.latest_invoice_id is not None
    invoice = await stripe.invoice(renewed.latest_invoice_id)
    expected = subscription_cents(DEFAULT_MONTHLY_PLAN_CENTS[Plan.STARTER], BillingCycle.YEARLY)
    assert (invoice.state, invoice.total_cents) == (InvoiceState.PAID, expected)
    assert expected == 19380

    upgraded = await stripe.change_subscription(
        monthly.subscription_id, "pro_monthly", idempotency_key="sub:monthly:pro"
    )
    assert upgraded.price == "pro_monthly"
    cancelled = await stripe.cancel_subscription(monthly.subscription_id)
    assert cancelled.state is SubscriptionState.CANCELED

    verifier = StripeWebhookVerifier([SECRET], CLOCK)
    [created] = await payments.sink.wait_for(
        _of_type("customer.subscription.created", yearly.subscription_id)
    )
    event = verifier.verify(created.body, created.headers)
    assert event.subscription is not None
    assert event.subscription.state is SubscriptionState.TRIALING
    [mandate] = await payments.sink.wait_for(_of_type("mandate.updated"))
    assert verifier.verify(mandate.body, mandate.headers).mandate is not None


async def test_one_time_charge_and_the_usage_invoice_charge_once(
    payments: Payments, stripe: StripeClient
) -> None:
    customer, _ = await _customer(stripe)
    addon = await stripe.charge_once(customer, SMTP_ADDON_PRICE, idempotency_key="addon:smtp:t1")
    assert (addon.state, addon.total_cents, len(addon.lines)) == (InvoiceState.PAID, 3995, 1)
    again = await stripe.charge_once(customer, SMTP_ADDON_PRICE, idempotency_key="addon:smtp:t1")
    assert again.invoice_id == addon.invoice_id

    bill = UsageBill(
        customer,
        (
            InvoiceLine(LETTER_PRICES[LetterKind.STANDARD], 3),
            InvoiceLine(LETTER_PRICES[LetterKind.REGISTERED], 2),
        ),
        date(2026, 11, 1),
        date(2026, 11, 30),
        "Briefe November 2026",
    )
    key = "letters:t1:2026-11"
    invoice = await stripe.bill_usage(bill, idempotency_key=key)
    assert invoice is not None
    assert (invoice.state, invoice.total_cents, invoice.amount_paid_cents) == (
        InvoiceState.PAID,
        2395,
        2395,
    )
    assert sorted(
        (line.price, line.quantity, line.unit_cents, line.amount_cents) for line in invoice.lines
    ) == [
        ("letter_registered", 2, 620, 1240),
        ("letter_standard", 3, 385, 1155),
    ]
    posts_before = _posts(payments)
    rerun = await stripe.bill_usage(bill, idempotency_key=key)
    assert rerun is not None
    assert rerun.invoice_id == invoice.invoice_id

    payments.control("DELETE", "/idempotency-keys")
    after_window = await stripe.bill_usage(bill, idempotency_key=key)
    assert after_window is not None
    assert after_window.invoice_id == invoice.invoice_id
    assert len(payments.objects("invoice", customer=customer)) == 2
    debits = payments.objects("payment_intent", invoice=invoice.invoice_id)
    assert [(d["amount"], d["status"]) for d in debits] == [(2395, "succeeded")]
    assert _posts(payments) == posts_before

    empty = UsageBill(
        customer, (InvoiceLine("letter_standard", 0),), date(2026, 12, 1), date(2026, 12, 31)
    )
    assert await stripe.bill_usage(empty, idempotency_key="letters:t1:2026-12") is None


async def test_a_lost_answer_is_retried_with_the_same_key_and_debits_once(
    payments: Payments, stripe: StripeClient
) -> None:
    customer, _ = await _customer(stripe)
    payments.control(
        "POST", "/faults", json={"status": 500, "path": "/v1/invoices/", "dropResponse": True}
    )
    invoice = await stripe.charge_once(customer, SMTP_ADDON_PRICE, idempotency_key="addon:smtp:t2")
    assert invoice.state is InvoiceState.PAID
    assert len(payments.objects("payment_intent", customer=customer)) == 1
    finalizes = [r for r in payments.control("GET", "/requests") if r["path"].endswith("/finalize")]
    assert [(r["status"], r["replayed"]) for r in finalizes] == [(500, False), (200, True)]


async def test_server_errors_and_429_are_retried(payments: Payments, stripe: StripeClient) -> None:
    payments.control("POST", "/faults", json={"status": 503, "times": 2, "path": "/v1/customers"})
    payments.control("POST", "/faults", json={"status": 429, "times": 1, "path": "/v1/customers"})
    customer = await stripe.create_customer(
        NewCustomer(uuid4(), "Kiosk", "k@kiosk.example"), idempotency_key="customer:kiosk"
    )
    assert [c["id"] for c in payments.objects("customer")] == [customer]
    statuses = [
        r["status"] for r in payments.control("GET", "/requests") if r["path"] == "/v1/customers"
    ]
    assert statuses == [503, 503, 429, 200]

    payments.control("POST", "/faults", json={"status": 502, "times": 10})
    with pytest.raises(PaymentsUnavailable):
        await stripe.subscription("sub_whatever")


async def test_a_failed_debit_is_reported_signed_and_can_be_retried(
    payments: Payments, stripe: StripeClient
) -> None:
    customer, _ = await _customer(stripe)
    payments.control("POST", "/fail-debits", json={"times": 1})
    invoice = await stripe.charge_once(customer, SMTP_ADDON_PRICE, idempotency_key="addon:smtp:t3")
    assert invoice.state is InvoiceState.OPEN
    assert invoice.attempt_count == 1
    assert invoice.failure_message == "The account has insufficient funds."

    verifier = StripeWebhookVerifier([SECRET], CLOCK)
    [failed] = await payments.sink.wait_for(_of_type("invoice.payment_failed", invoice.invoice_id))
    event = verifier.verify(failed.body, failed.headers)
    assert event.invoice_id == invoice.invoice_id
    assert event.invoice is not None
    assert event.invoice.state is InvoiceState.OPEN
    [intent] = await payments.sink.wait_for(_of_type("payment_intent.payment_failed"))
    intent_event = verifier.verify(intent.body, intent.headers)
    assert (intent_event.invoice_id, intent_event.failure_message) == (
        invoice.invoice_id,
        "The account has insufficient funds.",
    )

    paid = await stripe.retry_invoice(invoice.invoice_id, idempotency_key="retry:1")
    assert (paid.state, paid.attempt_count) == (InvoiceState.PAID, 2)
    [ok] = await payments.sink.wait_for(_of_type("invoice.paid", invoice.invoice_id))
    assert verifier.verify(ok.body, ok.headers).event_type == "invoice.paid"


async def test_a_failing_account_and_a_bad_iban(payments: Payments, stripe: StripeClient) -> None:
    customer, _ = await _customer(stripe, FAILING_IBAN)
    invoice = await stripe.charge_once(customer, SMTP_ADDON_PRICE, idempotency_key="addon:smtp:t4")
    assert invoice.state is InvoiceState.OPEN
    with pytest.raises(PaymentRefused) as refused:
        await stripe.create_mandate(
            MandateRequest(
                customer, "DE00370400440532013000", "A", "a@b.example", "192.0.2.1", "x"
            ),
            idempotency_key="mandate:bad",
        )
    assert (refused.value.status, refused.value.code) == (400, "invalid_bank_account_iban")
    assert len(payments.objects("mandate")) == 1


async def test_the_same_key_with_other_parameters_is_refused(stripe: StripeClient) -> None:
    await stripe.create_customer(NewCustomer(uuid4(), "A", "a@a.example"), idempotency_key="c:1")
    with pytest.raises(PaymentRefused) as refused:
        await stripe.create_customer(
            NewCustomer(uuid4(), "B", "b@b.example"), idempotency_key="c:1"
        )
    assert (refused.value.status, refused.value.code) == (400, "idempotency_error")


async def test_forged_tampered_expired_and_rotated_signatures(
    payments: Payments, stripe: StripeClient
) -> None:
    customer = await stripe.create_customer(
        NewCustomer(uuid4(), "Café", "c@cafe.example"), idempotency_key="customer:cafe"
    )
    payments.control("POST", "/trigger", json={"type": "customer.updated", "objectId": customer})
    [callback] = await payments.sink.wait_for(_of_type("customer.updated", customer))
    verifier = StripeWebhookVerifier([SECRET], CLOCK)
    assert verifier.verify(callback.body, callback.headers).customer_id == customer

    with pytest.raises(WebhookRefused):
        StripeWebhookVerifier(["whsec_forged"], CLOCK).verify(callback.body, callback.headers)
    with pytest.raises(WebhookRefused):
        verifier.verify(callback.body.replace(b"Caf", b"Cof"), callback.headers)
    with pytest.raises(WebhookRefused):
        verifier.verify(callback.body, {})
    old = int(CLOCK.now().timestamp()) - 301
    with pytest.raises(WebhookRefused, match="too old"):
        verifier.verify(
            callback.body, {"Stripe-Signature": signature_header(SECRET, callback.body, old)}
        )
    late = StripeWebhookVerifier([SECRET], AsOfClock(CLOCK.now() + timedelta(seconds=301)))
    with pytest.raises(WebhookRefused, match="too old"):
        late.verify(callback.body, callback.headers)

    webhook = payments.control(
        "POST",
        "/webhooks",
        json={"url": payments.sink_url + "/rotating"},
    )
    rolled = payments.control(
        "POST", f"/webhooks/{webhook['id']}/roll-secret", json={"secret": "whsec_new"}
    )
    assert rolled["secrets"] == [SECRET, "whsec_new"]
    payments.control("POST", "/trigger", json={"type": "customer.updated", "objectId": customer})
    [rotating] = await payments.sink.wait_for(lambda c: c.path == "/rotating")
    assert rotating.headers["stripe-signature"].count("v1=") == 2
    assert StripeWebhookVerifier(["whsec_new"], CLOCK).verify(rotating.body, rotating.headers)
    assert verifier.verify(rotating.body, rotating.headers)


async def test_the_providers_clock_is_set_for_its_objects_and_events_not_its_signatures(
    payments: Payments, stripe: StripeClient
) -> None:
    simulated = datetime(2028, 2, 29, 23, 30, tzinfo=UTC)
    clock = payments.control("PUT", "/clock", json={"now": simulated.isoformat()})
    assert (clock["date"], clock["follows"]) == ("2028-02-29", "instant")
    customer = await stripe.create_customer(
        NewCustomer(uuid4(), "Café", "c@cafe.example"), idempotency_key="customer:clock"
    )
    payments.control("POST", "/trigger", json={"type": "customer.updated", "objectId": customer})
    [callback] = await payments.sink.wait_for(_of_type("customer.updated", customer))
    event = StripeWebhookVerifier([SECRET], CLOCK).verify(callback.body, callback.headers)
    assert simulated <= event.created_at < simulated + timedelta(minutes=1)
    [stored] = payments.objects("customer", id=customer)
    assert simulated.timestamp() <= stored["created"] < simulated.timestamp() + 60

    bad = payments.controls.put("/_sandbox/clock", json={"now": "2028-02-29T23:30"})
    assert bad.status_code == 400
    payments.control("POST", "/reset")
    assert payments.control("GET", "/clock")["follows"] == "real time"
