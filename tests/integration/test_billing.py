"""Billing our own customers against the payments sandbox over HTTP: the monthly letter invoice
(once, however often the job runs), trial, upgrade at once and downgrade at the period's end,
the SMTP add-on, the loyalty extension, mandate and billing e-mail, failed debits and their
retry, and signed payment webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from automahntion.app.billing.plan_choice import choose_plan
from automahntion.app.billing.records import BillingStatus
from automahntion.app.billing.subscription import BillingPorts, PaymentsNotConfigured
from automahntion.app.billing.usage import run_billing
from automahntion.app.invoices.admission import refresh_admission
from automahntion.app.invoices.records import AdmissionState
from automahntion.app.lexoffice import connect
from automahntion.app.post.letters import apply_letter_event
from automahntion.app.post.provider import LetterEvent, LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.app.tenants.records import NewTenant, Tenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.domain.levels import Level
from automahntion.domain.prices import BillingCycle, LetterKind
from automahntion.domain.quota import Plan
from automahntion_sandboxes.payments import create_app as payments_app
from tests.integration.conftest import migrated_sqlite_at, run_cli
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import (
    Sandbox,
    TestClock,
    eventually,
    serving_api,
    settings_for,
)
from tests.sandbox_server import free_port, running

API_KEY = "sk_test_billing_tests"
SECRET = "whsec_billing_tests"
GOOD_IBAN = "DE89 3704 0044 0532 0130 00"
FAILING_IBAN = "DE62370400440532013001"
PAST_TRIAL = date(2026, 11, 1)


@dataclass
class Payments:
    url: str
    http: httpx.Client

    def control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, "/_sandbox" + path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def follow(self, clock: TestClock) -> None:
        """The provider's objects and events are stamped with the time of our clock."""
        self.control("PUT", "/clock", json={"now": clock.now().isoformat()})

    def objects(self, kind: str, **match: Any) -> list[dict[str, Any]]:
        items = self.control("GET", f"/objects/{kind}")
        return [i for i in items if all(i.get(k) == v for k, v in match.items())]

    def customer_of(self, tenant: Tenant) -> dict[str, Any] | None:
        found = [
            c
            for c in self.objects("customer")
            if c.get("metadata", {}).get("tenant_id") == str(tenant.id)
        ]
        return found[0] if found else None

    def invoices_of(self, tenant: Tenant) -> list[dict[str, Any]]:
        customer = self.customer_of(tenant)
        return self.objects("invoice", customer=customer["id"]) if customer else []

    def subscriptions_of(self, tenant: Tenant) -> list[dict[str, Any]]:
        customer = self.customer_of(tenant)
        return self.objects("subscription", customer=customer["id"]) if customer else []


@pytest.fixture(scope="module")
def payments() -> Iterator[Payments]:
    app = payments_app(api_key=API_KEY, webhook_secret=SECRET, retry_delays=(0.05, 0.5, 2.0))
    with running(app) as url:
        http = httpx.Client(base_url=url, trust_env=False, timeout=30)
        yield Payments(url, http)
        http.close()


@pytest.fixture(scope="module")
def billing_server(
    sandbox_url: str, payments: Payments, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Settings]]:
    url = migrated_sqlite_at(tmp_path_factory.mktemp("billing") / "billing.sqlite3")
    settings = replace(
        settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
        payments_api_url=payments.url,
        payments_api_key=API_KEY,
        payments_webhook_secret=SECRET,
    )
    with serving_api(settings) as api_url:
        payments.control("POST", "/reset")
        payments.control("POST", "/webhooks", json={"url": api_url + "/v1/webhooks/payments"})
        yield api_url, settings


@dataclass
class World:
    api_url: str
    container: Container
    clock: TestClock
    payments: Payments

    async def tenant(self, trial_ends_on: date | None = None) -> tuple[Tenant, httpx.Client]:
        key = "amk_" + uuid.uuid4().hex * 2
        created = await create_tenant(
            self.container.database.unit_of_work,
            NewTenant(
                f"Bäckerei {uuid.uuid4().hex[:6]}",
                "chef@baeckerei.example",
                trial_ends_on=trial_ends_on,
            ),
            self.clock.now(),
            key,
        )
        api = httpx.Client(
            base_url=self.api_url,
            headers={"Authorization": f"Bearer {key}"},
            trust_env=False,
            timeout=30,
        )
        return created.tenant, api

    def at(self, day: date, hour_utc: int = 8) -> None:
        """Our clock and the payment provider's move together."""
        self.clock.current = datetime(day.year, day.month, day.day, hour_utc, tzinfo=UTC)
        self.payments.follow(self.clock)

    @property
    def ports(self) -> BillingPorts:
        return self.container.billing


@pytest.fixture
async def world(billing_server: tuple[str, Settings], payments: Payments) -> AsyncIterator[World]:
    """The sandbox is not reset between tests: the server keeps the price ids it looked up.
    Each test reads only its own tenant's objects."""
    api_url, settings = billing_server
    clock = TestClock()
    payments.follow(clock)
    container = await Container.start(settings, clock)
    try:
        yield World(api_url, container, clock, payments)
    finally:
        await container.stop()
        payments.control("PUT", "/clock", json={"now": None})


def _mandate(api: httpx.Client, iban: str = GOOD_IBAN) -> dict[str, Any]:
    response = api.post("/v1/billing/mandate", json={"iban": iban, "accountHolder": "Anna Sonne"})
    assert response.status_code == 201, response.text
    assert iban.replace(" ", "") not in response.text
    assert iban.replace(" ", "")[4:-4] not in response.text
    body: dict[str, Any] = response.json()
    return body


async def _letters(
    world: World,
    tenant: Tenant,
    sent: list[tuple[LetterKind, date]],
    state: LetterState = LetterState.SENT,
    first: int = 0,
) -> list[str]:
    """The letters' provider ids; invoice numbers from `first` on."""
    ids = []
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        numbers = [f"RE-{n}" for n in range(first, first + len(sent))]
        await store.invoices.upsert([invoice(n) for n in numbers], world.clock.now())
        for number, (kind, day) in zip(numbers, sent, strict=True):
            stored = await store.invoices.by_lexoffice_id(f"lx-{number}")
            ids.append(f"letter-{uuid.uuid4().hex}")
            await store.letters.add(LetterRecord(stored.id, Level.M2, kind, ids[-1], state, day))
    return ids


async def _refused(world: World, letter_id: str, state: LetterState) -> None:
    """The print provider's report that it refused (or cancelled) the letter."""
    event = LetterEvent(
        f"evt-{uuid.uuid4().hex}", letter_id, state, state.value, None, "refused", world.clock.now()
    )
    assert await apply_letter_event(world.container.database.unit_of_work, event, world.clock.now())


async def test_a_month_of_letters_is_one_usage_invoice_also_when_the_job_runs_twice(
    world: World,
) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    standard, registered = LetterKind.STANDARD, LetterKind.REGISTERED
    await _letters(
        world,
        tenant,
        [
            (standard, date(2026, 11, 27)),
            (standard, date(2026, 11, 28)),
            (registered, date(2026, 11, 28)),
            (standard, date(2026, 11, 30)),
            (registered, date(2026, 11, 30)),
            (standard, date(2026, 12, 1)),
        ],
    )
    world.at(date(2026, 11, 30))
    assert (await run_billing(world.ports, tenant.id)).letter_invoices == []

    world.at(date(2026, 12, 3))
    first = await run_billing(world.ports, tenant.id)
    second = await run_billing(world.ports, tenant.id)
    world.at(date(2026, 12, 4))
    third = await run_billing(world.ports, tenant.id)

    assert [c.amount_cents for c in first.letter_invoices] == [3 * 385 + 2 * 620] == [2395]
    assert second.letter_invoices == []
    assert third.letter_invoices == []
    invoices = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    assert len(invoices) == 1
    assert (invoices[0]["total"], invoices[0]["status"]) == (2395, "paid")
    quantities = {
        line["price"]["lookup_key"]: line["quantity"] for line in invoices[0]["lines"]["data"]
    }
    assert quantities == {"letter_standard": 3, "letter_registered": 2}
    assert invoices[0]["metadata"]["idempotency_key"] == f"letters:{tenant.id}:2026-11"

    listed = api.get("/v1/billing/invoices").json()["items"]
    assert [c["kind"] for c in listed] == ["subscription", "letters"]
    charge = listed[1]
    assert charge["status"] == "paid"
    assert charge["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert charge["amountCents"] == 2395
    assert sorted((line["quantity"], line["unitCents"]) for line in charge["lines"]) == [
        (2, 620),
        (3, 385),
    ]


async def test_the_letter_invoice_names_the_month_in_berlin_time(world: World) -> None:
    """The provider shows a line's period in the account's time zone (Europe/Berlin): bounds
    at UTC midnight read "01.11.2026 – 01.12.2026" there, a day into the next month."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    await _letters(world, tenant, [(LetterKind.STANDARD, date(2026, 11, 30))])
    world.at(date(2026, 12, 1))

    await run_billing(world.ports, tenant.id)

    [bill] = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    berlin = ZoneInfo("Europe/Berlin")
    [line] = bill["lines"]["data"]
    start = datetime.fromtimestamp(line["period"]["start"], berlin)
    end = datetime.fromtimestamp(line["period"]["end"], berlin)
    assert (start.isoformat(), end.isoformat()) == (
        "2026-11-01T00:00:00+01:00",
        "2026-11-30T23:59:59+01:00",
    )
    assert bill["description"] == "Briefe November 2026"


async def test_a_letter_refused_after_its_month_was_billed_is_credited_once(
    world: World,
) -> None:
    """Billed on the 1st while still with the print provider, refused or cancelled after: the
    tenant gets the letter's price back once, as a credit note on that month's invoice; the
    invoice was paid, so the credit goes on the balance and the next invoice is that much
    lower. A letter refused before the bill was never on it and gets nothing."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    standard, registered = LetterKind.STANDARD, LetterKind.REGISTERED
    await _letters(world, tenant, [(standard, date(2026, 11, 20))])
    waiting = await _letters(
        world,
        tenant,
        [(standard, date(2026, 11, 30)), (registered, date(2026, 11, 30))],
        LetterState.PRINTING,
        first=1,
    )
    [early] = await _letters(
        world, tenant, [(standard, date(2026, 11, 30))], LetterState.SUBMITTED, first=3
    )
    await _refused(world, early, LetterState.FAILED)
    world.at(date(2026, 12, 1))
    billed = await run_billing(world.ports, tenant.id)
    assert [c.amount_cents for c in billed.letter_invoices] == [2 * 385 + 620]
    assert billed.letter_credits == []

    world.at(date(2026, 12, 2))
    await _refused(world, waiting[0], LetterState.FAILED)
    await _refused(world, waiting[1], LetterState.CANCELLED)
    first = await run_billing(world.ports, tenant.id)
    again = await run_billing(world.ports, tenant.id)

    assert sorted(c.amount_cents for c in first.letter_credits) == [-620, -385]
    assert {c.status for c in first.letter_credits} == {BillingStatus.CREDITED}
    assert again.letter_credits == []
    [letters_invoice] = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    notes = world.payments.objects("credit_note", invoice=letters_invoice["id"])
    assert sorted((n["total"], n["credit_amount"]) for n in notes) == [(385, 385), (620, 620)]
    assert world.payments.customer_of(tenant)["balance"] == -(385 + 620)
    listed = api.get("/v1/billing/invoices").json()["items"]
    credits = [c for c in listed if c["kind"] == "letter_credit"]
    assert sorted((c["amountCents"], c["status"]) for c in credits) == [
        (-620, "credited"),
        (-385, "credited"),
    ]
    assert {c["period"]["start"] for c in credits} == {"2026-11-01"}

    await _letters(world, tenant, [(registered, date(2026, 12, 10))], first=4)
    world.at(date(2027, 1, 1))
    december = await run_billing(world.ports, tenant.id)
    assert [c.amount_cents for c in december.letter_invoices] == [620]
    latest = max(
        (i for i in world.payments.invoices_of(tenant) if i["subscription"] is None),
        key=lambda i: i["created"],
    )
    assert (latest["total"], latest["amount_due"], latest["status"]) == (620, 0, "paid")
    assert world.payments.customer_of(tenant)["balance"] == -385


async def test_a_credit_whose_answer_was_lost_is_made_once(world: World) -> None:
    """The provider made the credit note but its answer was lost, and it forgot the key by the
    next run: the credit is found again by the key it carries, not made a second time. The
    letters invoice's debit had failed: the credit lowers what is still due, and the retry
    debits the rest."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    letters = [(LetterKind.STANDARD, date(2026, 11, 30)), (LetterKind.STANDARD, date(2026, 11, 30))]
    [refused, _] = await _letters(world, tenant, letters, LetterState.PRINTING)
    world.at(date(2026, 11, 30))
    assert (await run_billing(world.ports, tenant.id)).subscription_started
    world.payments.control("POST", "/fail-debits", json={"times": 1})
    world.at(date(2026, 12, 1))
    billed = await run_billing(world.ports, tenant.id)
    assert [(c.status, c.amount_cents) for c in billed.letter_invoices] == [
        (BillingStatus.FAILED, 2 * 385)
    ]

    await _refused(world, refused, LetterState.FAILED)
    world.payments.control(
        "POST",
        "/faults",
        json={
            "status": 500,
            "times": 6,
            "path": "/v1/credit_notes",
            "method": "POST",
            "dropResponse": True,
        },
    )
    lost = await run_billing(world.ports, tenant.id)
    assert lost.letter_credits == []
    assert [p for p in lost.problems if p.startswith("letter credits")]
    assert (
        len(
            world.payments.objects("credit_note", customer=world.payments.customer_of(tenant)["id"])
        )
        == 1
    )
    world.payments.control("DELETE", "/idempotency-keys")
    world.at(date(2026, 12, 2))
    found = await run_billing(world.ports, tenant.id)

    assert [(c.amount_cents, c.status) for c in found.letter_credits] == [
        (-385, BillingStatus.CREDITED)
    ]
    assert [c.status for c in found.retried] == [BillingStatus.PAID]
    [letters_invoice] = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    notes = world.payments.objects("credit_note", invoice=letters_invoice["id"])
    assert [(n["total"], n["credit_amount"]) for n in notes] == [(385, 0)]
    assert (letters_invoice["status"], letters_invoice["amount_paid"]) == ("paid", 385)
    assert world.payments.customer_of(tenant)["balance"] == 0


async def test_the_daily_job_of_a_connected_tenant_bills_last_month_once(
    world: World, sandbox: Sandbox
) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    org = sandbox.organization()
    await connect.connect_api_key(
        world.container.database.unit_of_work,
        world.container.gateways,
        tenant.id,
        org["apiKey"],
        now=world.clock.now(),
        webhook_url=world.container.webhook_url,
    )
    _mandate(api)
    await _letters(
        world,
        tenant,
        [(LetterKind.STANDARD, date(2026, 11, 28)), (LetterKind.REGISTERED, date(2026, 11, 29))],
    )
    world.at(date(2026, 12, 1), hour_utc=9)
    for _ in range(2):
        await world.container.daily_run(str(tenant.id))

    letters = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    assert [(i["total"], i["status"]) for i in letters] == [(385 + 620, "paid")]
    kinds = [c["kind"] for c in api.get("/v1/billing/invoices").json()["items"]]
    assert sorted(kinds) == ["letters", "subscription"]


async def test_a_forged_payment_webhook_is_refused(world: World) -> None:
    body = json.dumps(
        {
            "id": "evt_forged",
            "type": "invoice.paid",
            "created": int(time.time()),
            "data": {"object": {"id": "in_x", "object": "invoice", "customer": "cus_x"}},
        }
    ).encode()
    stamp = int(time.time())
    forged = hmac.new(b"whsec_guessed", f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    stale = hmac.new(SECRET.encode(), f"{stamp - 3600}.".encode() + body, hashlib.sha256)
    url = world.api_url + "/v1/webhooks/payments"
    for headers in (
        {"Stripe-Signature": f"t={stamp},v1={forged}"},
        {"Stripe-Signature": f"t={stamp - 3600},v1={stale.hexdigest()}"},
        {},
    ):
        response = httpx.post(url, content=body, headers=headers, trust_env=False)
        assert response.status_code == 401, response.text
        assert response.headers["content-type"].startswith("application/problem+json")


def _signed_event(
    world: World, event_type: str, obj: dict[str, Any], created: int, event_id: str | None = None
) -> int:
    body = json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex}",
            "object": "event",
            "type": event_type,
            "created": created,
            "data": {"object": obj},
        }
    ).encode()
    stamp = int(time.time())
    signature = hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    response = httpx.post(
        world.api_url + "/v1/webhooks/payments",
        content=body,
        headers={"Stripe-Signature": f"t={stamp},v1={signature.hexdigest()}"},
        trust_env=False,
    )
    return response.status_code


async def test_a_canceled_subscription_is_not_revived_by_an_older_event_delivered_late(
    world: World,
) -> None:
    """The provider does not deliver its events in order: news of the subscription while it
    was active, arriving after its cancellation, must not make it look active again (a plan
    change would then be sent to a subscription that no longer exists)."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    assert api.put("/v1/subscription", json={"plan": "business"}).json()["status"] == "active"
    [subscription] = world.payments.subscriptions_of(tenant)
    created = int(world.clock.now().timestamp())

    canceled = {**subscription, "status": "canceled", "canceled_at": created + 60}
    assert _signed_event(world, "customer.subscription.deleted", canceled, created + 60) == 200
    assert api.get("/v1/subscription").json()["status"] == "canceled"
    active = {**subscription, "status": "active"}
    assert _signed_event(world, "customer.subscription.updated", active, created + 1) == 200

    assert api.get("/v1/subscription").json()["status"] == "canceled"


async def test_an_older_subscription_event_delivered_late_does_not_end_the_period_early(
    world: World,
) -> None:
    """News of the subscription before its renewal, arriving after the renewal's, must not
    move the paid period's end back: a waiting downgrade would be applied within the period
    the tenant paid for at the higher price."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    assert api.put("/v1/subscription", json={"plan": "business"}).json()["status"] == "active"
    [subscription] = world.payments.subscriptions_of(tenant)
    created = int(world.clock.now().timestamp())
    renewed_end = subscription["current_period_end"] + 30 * 86400
    renewed = {
        **subscription,
        "current_period_start": subscription["current_period_end"],
        "current_period_end": renewed_end,
    }
    assert _signed_event(world, "customer.subscription.updated", renewed, created + 60) == 200
    later = api.get("/v1/subscription").json()["currentPeriodEnd"]
    assert (
        later > datetime.fromtimestamp(subscription["current_period_end"], UTC).date().isoformat()
    )

    assert _signed_event(world, "customer.subscription.updated", subscription, created + 1) == 200

    assert api.get("/v1/subscription").json()["currentPeriodEnd"] == later


async def test_a_past_due_event_delivered_after_the_later_active_one_is_old_news(
    world: World,
) -> None:
    """Within one period too: the debit failed (`past_due`), the retry paid (`active`), and
    the provider delivers the older `past_due` last; the subscription stays active. The same
    event delivered twice is taken once, also when it is of the same second as the last."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    assert api.put("/v1/subscription", json={"plan": "business"}).json()["status"] == "active"
    [subscription] = world.payments.subscriptions_of(tenant)
    created = int(world.clock.now().timestamp())
    past_due = {**subscription, "status": "past_due"}
    active = {**subscription, "status": "active"}

    assert _signed_event(world, "customer.subscription.updated", active, created + 120) == 200
    assert _signed_event(world, "customer.subscription.updated", past_due, created + 60) == 200
    assert api.get("/v1/subscription").json()["status"] == "active"

    repeated = f"evt_{uuid.uuid4().hex}"
    assert (
        _signed_event(world, "customer.subscription.updated", past_due, created + 180, repeated)
        == 200
    )
    assert api.get("/v1/subscription").json()["status"] == "past_due"
    assert _signed_event(world, "customer.subscription.updated", active, created + 180) == 200
    assert (
        _signed_event(world, "customer.subscription.updated", past_due, created + 180, repeated)
        == 200
    )
    assert api.get("/v1/subscription").json()["status"] == "active"


async def test_a_mandate_revoked_is_not_made_active_again_by_older_news(world: World) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    async with world.container.database.unit_of_work() as uow:
        stored = await uow.tenant(tenant.id).subscription.get()
    assert stored is not None
    assert stored.mandate is not None
    [mandate] = world.payments.objects("mandate", id=stored.mandate.mandate_id)
    stamp = int(world.clock.now().timestamp())

    revoked = {**mandate, "status": "inactive"}
    assert _signed_event(world, "mandate.updated", revoked, stamp + 60) == 200
    assert _signed_event(world, "mandate.updated", {**mandate, "status": "active"}, stamp) == 200

    assert api.get("/v1/subscription").json()["mandate"]["state"] == "inactive"


def _charge_status(api: httpx.Client, charge_id: str) -> str:
    items = api.get("/v1/billing/invoices").json()["items"]
    return str(next(c["status"] for c in items if c["id"] == charge_id))


async def test_a_void_charge_is_not_made_failed_again_by_an_older_event(world: World) -> None:
    """A failed debit's news (`invoice.payment_failed`) delivered after the invoice was voided
    must not make the charge failed again: the daily job would retry a void invoice."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api, FAILING_IBAN)
    bought = api.post("/v1/subscription/smtp-addon").json()
    assert bought["status"] == "failed"
    [failed] = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    created = int(world.clock.now().timestamp())

    void = {**failed, "status": "void", "payment_intent": None}
    assert _signed_event(world, "invoice.voided", void, created + 60) == 200
    assert _charge_status(api, bought["id"]) == "void"
    assert _signed_event(world, "invoice.payment_failed", failed, created + 30) == 200

    assert _charge_status(api, bought["id"]) == "void"
    world.clock.current += timedelta(days=1)
    assert (await run_billing(world.ports, tenant.id)).retried == []


async def test_a_revoked_mandate_is_shown_as_inactive(world: World) -> None:
    """The provider's mandate object names no customer: its `mandate.updated` event is the
    tenant's by the mandate's id, so that a mandate revoked at the bank is not shown active
    while every debit will fail."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    assert api.get("/v1/subscription").json()["mandate"]["state"] == "active"
    async with world.container.database.unit_of_work() as uow:
        stored = await uow.tenant(tenant.id).subscription.get()
    assert stored is not None
    assert stored.mandate is not None
    [mandate] = world.payments.objects("mandate", id=stored.mandate.mandate_id)
    assert "customer" not in mandate

    revoked = {**mandate, "status": "inactive"}
    stamp = int(world.clock.now().timestamp())
    assert _signed_event(world, "mandate.updated", revoked, stamp) == 200

    assert api.get("/v1/subscription").json()["mandate"]["state"] == "inactive"


async def test_an_upgrade_from_starter_to_business_admits_waiting_invoices_at_once(
    world: World,
) -> None:
    tenant, api = await world.tenant()
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact()])
        await store.invoices.upsert(
            [invoice(f"RE-{n:03d}", due_ago=5 + n) for n in range(60)], world.clock.now()
        )
        before = await refresh_admission(store, tenant, world.clock.now())
    assert (before.admitted, before.waiting) == (10, 50)

    response = api.put("/v1/subscription", json={"plan": "business", "cycle": "monthly"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["plan"], body["limits"]["invoices"]) == ("business", 50)
    assert body["admission"] == {"admitted": 50, "waiting": 10}
    async with world.container.database.unit_of_work() as uow:
        stored = await uow.tenant(tenant.id).invoices.all()
    assert sum(i.admission is AdmissionState.ADMITTED for i in stored) == 50
    subscriptions = world.payments.subscriptions_of(tenant)
    assert [s["items"]["data"][0]["price"]["lookup_key"] for s in subscriptions] == [
        "business_monthly"
    ]
    assert subscriptions[0]["status"] == "trialing"
    assert world.payments.invoices_of(tenant) == []


async def test_no_invoice_before_the_trial_ends(world: World) -> None:
    chooser, api = await world.tenant()
    undecided, other_api = await world.tenant()
    for client in (api, other_api):
        _mandate(client)
    trial = api.get("/v1/subscription").json()
    assert (trial["inTrial"], trial["trialEndsOn"]) == (True, "2026-12-11")
    chosen = api.put("/v1/subscription", json={"plan": "pro", "cycle": "yearly"}).json()
    assert (chosen["plan"], chosen["cycle"], chosen["status"]) == ("pro", "yearly", "trialing")

    world.at(date(2026, 12, 10))
    for tenant in (chooser, undecided):
        await run_billing(world.ports, tenant.id)
    assert world.payments.invoices_of(chooser) == []
    assert world.payments.invoices_of(undecided) == []
    assert world.payments.subscriptions_of(undecided) == []

    world.at(date(2026, 12, 11))
    assert (await run_billing(world.ports, undecided.id)).subscription_started
    started = world.payments.invoices_of(undecided)
    assert [(i["total"], i["status"]) for i in started] == [(1900, "paid")]

    subscription = world.payments.subscriptions_of(chooser)[0]
    world.payments.control("POST", f"/subscriptions/{subscription['id']}/renew")
    yearly_pro = 12 * 14900 * 85 // 100
    assert [i["total"] for i in world.payments.invoices_of(chooser)] == [yearly_pro]

    def charged() -> Any:
        items = api.get("/v1/billing/invoices").json()["items"]
        return items if items and items[0]["status"] == "paid" else None

    items = await eventually(charged)
    assert [(c["kind"], c["amountCents"]) for c in items] == [("subscription", yearly_pro)]
    await eventually(lambda: api.get("/v1/subscription").json()["status"] == "active", 30)


async def test_a_downgrade_applies_at_the_end_of_the_period(world: World) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    upgraded_response = api.put("/v1/subscription", json={"plan": "business"})
    assert upgraded_response.status_code == 200, upgraded_response.text
    upgraded = upgraded_response.json()
    assert (upgraded["plan"], upgraded["status"], upgraded["inTrial"]) == (
        "business",
        "active",
        False,
    )
    period_end = date.fromisoformat(upgraded["currentPeriodEnd"])

    down = api.put("/v1/subscription", json={"plan": "starter"}).json()
    assert (down["plan"], down["pendingPlan"], down["limits"]["invoices"]) == (
        "business",
        "starter",
        50,
    )
    world.at(period_end - timedelta(days=2))
    assert not (await run_billing(world.ports, tenant.id)).plan_changed
    assert api.get("/v1/subscription").json()["pendingPlan"] == "starter"

    world.at(period_end - timedelta(days=1))
    assert (await run_billing(world.ports, tenant.id)).plan_changed
    after = api.get("/v1/subscription").json()
    assert (after["plan"], after["pendingPlan"], after["limits"]["invoices"]) == (
        "starter",
        None,
        10,
    )
    subscription = world.payments.subscriptions_of(tenant)[0]
    assert subscription["items"]["data"][0]["price"]["lookup_key"] == "starter_monthly"
    assert [i["total"] for i in world.payments.invoices_of(tenant)] == [4900]
    async with world.container.database.unit_of_work() as uow:
        audit = await uow.tenant(tenant.id).audit.entries()
    changes = [(a.actor, a.subject) for a in audit if a.action == "plan.changed"]
    assert sorted(changes) == [("billing", "business"), ("billing", "starter")]


async def test_the_period_after_a_downgrade_is_charged_at_the_lower_price(world: World) -> None:
    """The provider renews at the very moment the paid period ends, which may be before our
    daily job runs that day: the lower price must be in place by then, or the tenant pays one
    more period (a whole year for a yearly plan) at the price it left."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    upgraded = api.put("/v1/subscription", json={"plan": "business"}).json()
    period_end = date.fromisoformat(upgraded["currentPeriodEnd"])
    assert api.put("/v1/subscription", json={"plan": "starter"}).json()["pendingPlan"] == "starter"

    for day in range(3, 0, -1):
        world.at(period_end - timedelta(days=day))
        await run_billing(world.ports, tenant.id)
    world.at(period_end, hour_utc=0)
    [subscription] = world.payments.subscriptions_of(tenant)
    world.payments.control("POST", f"/subscriptions/{subscription['id']}/renew")
    world.at(period_end)
    await run_billing(world.ports, tenant.id)

    assert [i["total"] for i in world.payments.invoices_of(tenant)] == [4900, 1900]
    after = api.get("/v1/subscription").json()
    assert (after["plan"], after["pendingPlan"], after["limits"]["invoices"]) == (
        "starter",
        None,
        10,
    )


async def test_a_downgrade_chosen_on_the_periods_last_day_is_in_place_for_the_renewal(
    world: World,
) -> None:
    """The daily job makes a waiting downgrade on the period's last day; one chosen after that
    day's job would wait for the next one, which may come after the provider renewed at the
    price being left (a whole year of it for a yearly plan)."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    upgraded = api.put("/v1/subscription", json={"plan": "business"}).json()
    period_end = date.fromisoformat(upgraded["currentPeriodEnd"])
    world.at(period_end - timedelta(days=1))
    await run_billing(world.ports, tenant.id)

    down = await choose_plan(world.ports, tenant.id, Plan.STARTER, BillingCycle.MONTHLY)

    assert (down.subscription.plan, down.subscription.pending_plan) == (Plan.STARTER, None)
    assert down.tenant.limit == 10
    world.at(period_end, hour_utc=0)
    [subscription] = world.payments.subscriptions_of(tenant)
    world.payments.control("POST", f"/subscriptions/{subscription['id']}/renew")
    assert [i["total"] for i in world.payments.invoices_of(tenant)] == [4900, 1900]


async def test_the_smtp_addon_is_charged_once(world: World) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    first = api.post("/v1/subscription/smtp-addon")
    second = api.post("/v1/subscription/smtp-addon")

    assert first.status_code == 201, first.text
    assert (first.json()["amountCents"], first.json()["status"]) == (3995, "paid")
    assert second.status_code == 409
    assert second.json()["type"] == "/problems/smtp-addon-already-bought"
    assert [i["total"] for i in world.payments.invoices_of(tenant)] == [3995]
    assert api.get("/v1/subscription").json()["smtpAddon"] is True


async def test_a_failed_payment_is_visible_and_a_retry_succeeds(world: World) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api, FAILING_IBAN)
    bought = api.post("/v1/subscription/smtp-addon").json()
    assert bought["status"] == "failed"
    assert "insufficient funds" in bought["failure"]
    listed = api.get("/v1/billing/invoices").json()["items"]
    assert [(c["id"], c["status"]) for c in listed] == [(bought["id"], "failed")]

    _mandate(api, GOOD_IBAN)
    retried = api.post(f"/v1/billing/invoices/{bought['id']}/retry")
    assert retried.status_code == 200, retried.text
    assert (retried.json()["status"], retried.json()["failure"]) == ("paid", None)
    again = api.post(f"/v1/billing/invoices/{bought['id']}/retry")
    assert again.status_code == 409
    invoices = world.payments.invoices_of(tenant)
    assert [(i["status"], i["attempt_count"]) for i in invoices] == [("paid", 2)]


async def test_a_debit_under_way_is_not_retried_again(world: World) -> None:
    """A SEPA debit takes days: while the retry's debit is under way the invoice is open and
    our charge still failed, and the next day's job must not debit the account a second time."""
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api, FAILING_IBAN)
    bought = api.post("/v1/subscription/smtp-addon").json()
    assert bought["status"] == "failed"
    _mandate(api, GOOD_IBAN)
    world.payments.control("POST", "/hold-debits", json={"times": 1})
    retried = api.post(f"/v1/billing/invoices/{bought['id']}/retry")
    assert retried.status_code == 200, retried.text

    world.clock.current += timedelta(days=1)
    await run_billing(world.ports, tenant.id)
    assert api.post(f"/v1/billing/invoices/{bought['id']}/retry").status_code == 200

    invoices = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    assert [(i["status"], i["attempt_count"]) for i in invoices] == [("open", 2)]


async def test_the_daily_job_retries_a_failed_debit_once_a_day(world: World) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api)
    await _letters(world, tenant, [(LetterKind.REGISTERED, date(2026, 11, 28))])
    world.at(date(2026, 11, 30))
    assert (await run_billing(world.ports, tenant.id)).subscription_started
    world.payments.control("POST", "/fail-debits", json={"times": 2})
    world.at(date(2026, 12, 1))
    billed = await run_billing(world.ports, tenant.id)
    assert [(c.status, c.amount_cents) for c in billed.letter_invoices] == [
        (BillingStatus.FAILED, 620)
    ]
    assert (await run_billing(world.ports, tenant.id)).retried == []

    world.at(date(2026, 12, 2))
    assert [c.status for c in (await run_billing(world.ports, tenant.id)).retried] == [
        BillingStatus.FAILED
    ]
    assert (await run_billing(world.ports, tenant.id)).retried == []
    world.at(date(2026, 12, 3))
    assert [c.status for c in (await run_billing(world.ports, tenant.id)).retried] == [
        BillingStatus.PAID
    ]
    invoices = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    assert [(i["status"], i["attempt_count"]) for i in invoices] == [("paid", 3)]
    assert datetime.fromtimestamp(invoices[0]["created"], UTC).date() == date(2026, 12, 1)


async def test_the_loyalty_extension_is_its_own_subscription_and_sets_the_thank_you_quota(
    world: World,
) -> None:
    tenant, api = await world.tenant()
    chosen = api.put("/v1/subscription/loyalty", json={"plan": "business"})
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["limits"]["thankYousPerMonth"] == 120
    async with world.container.database.unit_of_work() as uow:
        assert await uow.tenant(tenant.id).thank_yous.loyalty_plan() is Plan.BUSINESS
    loyalty = world.payments.subscriptions_of(tenant)
    assert [s["items"]["data"][0]["price"]["lookup_key"] for s in loyalty] == [
        "loyalty_business_monthly"
    ]

    assert api.put("/v1/subscription/loyalty", json={"plan": "pro"}).json()["loyaltyPlan"] == "pro"
    ended = api.put("/v1/subscription/loyalty", json={"plan": None}).json()
    assert (ended["loyaltyPlan"], ended["limits"]["thankYousPerMonth"]) == (None, 0)
    assert world.payments.subscriptions_of(tenant)[0]["status"] == "canceled"
    async with world.container.database.unit_of_work() as uow:
        assert await uow.tenant(tenant.id).thank_yous.loyalty_plan() is None


async def test_the_loyalty_extension_asked_for_again_after_a_lost_answer_is_one_subscription(
    world: World,
) -> None:
    """The provider started the extension but its answer was lost: the owner asking again a
    minute later gets that subscription, not a second one billed every month beside it. Ended
    and chosen again the same day, it is a new subscription, not the ended one."""
    tenant, api = await world.tenant()
    world.payments.control(
        "POST",
        "/faults",
        json={"status": 500, "times": 6, "path": "/v1/subscriptions", "dropResponse": True},
    )
    assert api.put("/v1/subscription/loyalty", json={"plan": "business"}).status_code == 502
    world.clock.current += timedelta(minutes=1)
    again = api.put("/v1/subscription/loyalty", json={"plan": "business"})
    assert again.status_code == 200, again.text
    assert [s["status"] for s in world.payments.subscriptions_of(tenant)] == ["trialing"]

    world.clock.current += timedelta(minutes=1)
    assert api.put("/v1/subscription/loyalty", json={"plan": None}).status_code == 200
    world.clock.current += timedelta(minutes=1)
    chosen = api.put("/v1/subscription/loyalty", json={"plan": "business"})
    assert (chosen.status_code, chosen.json()["loyaltyPlan"]) == (200, "business")
    states = sorted(s["status"] for s in world.payments.subscriptions_of(tenant))
    assert states == ["canceled", "trialing"]
    async with world.container.database.unit_of_work() as uow:
        stored = await uow.tenant(tenant.id).subscription.get()
    assert stored is not None
    [live] = [s for s in world.payments.subscriptions_of(tenant) if s["status"] == "trialing"]
    assert stored.loyalty_subscription_id == live["id"]


async def test_a_mandate_given_again_after_a_lost_answer_is_one_mandate(world: World) -> None:
    """The provider set the mandate up but its answer was lost: the owner accepting it again a
    minute later gets that mandate, not a second one for the same account."""
    tenant, api = await world.tenant()
    world.payments.control(
        "POST",
        "/faults",
        json={"status": 500, "times": 6, "path": "/v1/setup_intents", "dropResponse": True},
    )
    lost = api.post("/v1/billing/mandate", json={"iban": GOOD_IBAN, "accountHolder": "Anna Sonne"})
    assert lost.status_code == 502, lost.text
    world.clock.current += timedelta(minutes=1)
    assert _mandate(api)["state"] == "active"

    customer = world.payments.customer_of(tenant)
    assert customer is not None
    assert len(world.payments.objects("setup_intent", customer=customer["id"])) == 1


async def test_billing_email_and_mandate_are_validated_and_reach_the_provider(
    world: World,
) -> None:
    tenant, api = await world.tenant()
    refused = api.post(
        "/v1/billing/mandate", json={"iban": "DE00370400440532013000", "accountHolder": "A"}
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["iban"]
    mandate = _mandate(api)
    assert mandate == {"ibanLast4": "3000", "state": "active"}
    assert api.get("/v1/subscription").json()["mandate"] == mandate

    bad = api.put("/v1/billing/email", json={"email": "kein-name"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"].endswith("email")
    changed = api.put("/v1/billing/email", json={"email": "rechnung@baeckerei.example"})
    assert changed.json() == {"email": "rechnung@baeckerei.example"}
    customer = world.payments.customer_of(tenant)
    assert customer is not None
    assert customer["email"] == "rechnung@baeckerei.example"
    assert api.get("/v1/subscription").json()["billingEmail"] == "rechnung@baeckerei.example"


async def test_a_billing_email_changed_with_the_account_reaches_the_provider_too(
    world: World,
) -> None:
    tenant, api = await world.tenant()
    _mandate(api)
    changed = api.patch("/v1/account", json={"billingEmail": "buchhaltung@baeckerei.example"})
    assert changed.status_code == 200, changed.text
    customer = world.payments.customer_of(tenant)
    assert customer is not None
    assert customer["email"] == "buchhaltung@baeckerei.example"


async def test_a_billing_email_configured_by_the_cli_reaches_the_provider_too(
    world: World, billing_server: tuple[str, Settings], tmp_path: Any
) -> None:
    tenant, api = await world.tenant()
    _mandate(api)
    document = tmp_path / "account.json"
    document.write_text(json.dumps({"account": {"billingEmail": "kasse@baeckerei.example"}}))
    settings = billing_server[1]
    done = run_cli(
        "tenants",
        "configure",
        str(tenant.id),
        "--json",
        str(document),
        database_url=settings.database_url,
        AUTOMAHNTION_PAYMENTS_API_URL=settings.payments_api_url or "",
        AUTOMAHNTION_PAYMENTS_API_KEY=settings.payments_api_key or "",
    )
    assert done.returncode == 0, done.stderr
    customer = world.payments.customer_of(tenant)
    assert customer is not None
    assert customer["email"] == "kasse@baeckerei.example"


async def test_without_a_payment_provider_the_plan_cannot_change(world: World) -> None:
    tenant, _ = await world.tenant()
    ports = BillingPorts(world.container.database.unit_of_work, None, world.clock)
    with pytest.raises(PaymentsNotConfigured):
        await choose_plan(ports, tenant.id, Plan.PRO, BillingCycle.MONTHLY)
