"""Use cases: the tenant's own subscription — the trial, what the tenant sees of it, its
customer and invoices at the provider (choosing a plan: `plan_choice`; one-off charges and the
retry of a failed one: `charges`; the SEPA mandate: `mandate`).

The provider is called outside any transaction; what it answered is stored afterwards. Every
creating call carries an idempotency key, and a charge is recorded (by its key, unique per
tenant) before the provider is asked for it, so that a rerun charges nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from automahntion.app.billing.payments import (
    Invoice,
    InvoiceState,
    NewCustomer,
    PaymentGateway,
    Subscription,
    SubscriptionRequest,
    SubscriptionState,
    plan_price,
)
from automahntion.app.billing.records import (
    BillingKind,
    BillingLine,
    BillingOutcome,
    BillingRecord,
    BillingStatus,
    NewBillingRecord,
    SubscriptionRecord,
)
from automahntion.app.clock import Clock
from automahntion.app.invoices.admission import AdmissionCounts
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.records import Tenant
from automahntion.domain.calendar import berlin_today
from automahntion.domain.errors import DomainError
from automahntion.domain.prices import BillingCycle, subscription_invoice_allowed
from automahntion.domain.quota import Plan
from automahntion.domain.subscriptions import trial_days_left

DEBIT_FAILED = "the direct debit failed"
ENDED = (SubscriptionState.CANCELED, SubscriptionState.INCOMPLETE_EXPIRED)
"""A subscription in one of these states never becomes active again."""


class BillingConflict(DomainError):
    """The request conflicts with the billing state (answered 409)."""

    code = "billing-conflict"


class PaymentsNotConfigured(BillingConflict):
    code = "payments-not-configured"

    def __init__(self) -> None:
        super().__init__("no payment provider is configured (AUTOMAHNTION_PAYMENTS_API_URL/KEY)")


class SmtpAddonAlreadyBought(BillingConflict):
    code = "smtp-addon-already-bought"

    def __init__(self) -> None:
        super().__init__("the SMTP add-on was bought already; it is bought once")


class NotRetryable(BillingConflict):
    code = "charge-not-failed"

    def __init__(self, status: BillingStatus) -> None:
        super().__init__(f"only a failed charge can be retried; this one is {status.value}")


@dataclass(frozen=True)
class BillingPorts:
    units: Callable[[], UnitOfWork]
    payments: PaymentGateway | None
    clock: Clock

    @property
    def gateway(self) -> PaymentGateway:
        if self.payments is None:
            raise PaymentsNotConfigured
        return self.payments


@dataclass(frozen=True)
class SubscriptionView:
    tenant: Tenant
    subscription: SubscriptionRecord
    admission: AdmissionCounts | None = None
    """After a change that took effect at once: the quota as admission left it."""


def in_trial(tenant: Tenant, now: datetime) -> bool:
    return not subscription_invoice_allowed(tenant.trial_ends_on, berlin_today(now))


async def current_subscription(store: TenantStore, tenant: Tenant) -> SubscriptionRecord:
    """The stored one; for a tenant from before billing, its plan without anything at the
    provider yet."""
    found = await store.subscription.get()
    return found if found is not None else SubscriptionRecord(plan=tenant.plan)


async def start_trial(store: TenantStore, tenant: Tenant, now: datetime) -> None:
    """At sign-up: the trial runs, nothing is invoiced before it ends, no provider call yet."""
    await store.subscription.save(
        SubscriptionRecord(plan=tenant.plan, status=SubscriptionState.TRIALING), now
    )


async def load_subscription(
    ports: BillingPorts, tenant_id: UUID
) -> tuple[Tenant, SubscriptionRecord]:
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        return tenant, await current_subscription(store, tenant)


async def subscription_view(ports: BillingPorts, tenant_id: UUID) -> SubscriptionView:
    tenant, subscription = await load_subscription(ports, tenant_id)
    return SubscriptionView(tenant, subscription)


async def ensure_customer(ports: BillingPorts, tenant: Tenant, record: SubscriptionRecord) -> str:
    """The provider's customer for the tenant, created (once, by key) when first needed."""
    if record.provider_customer_id is not None:
        return record.provider_customer_id
    customer = await ports.gateway.create_customer(
        NewCustomer(tenant.id, tenant.name, tenant.billing_email),
        idempotency_key=f"customer:{tenant.id}",
    )
    async with ports.units() as uow:
        store = uow.tenant(tenant.id)
        stored = await current_subscription(store, tenant)
        await store.subscription.save(
            replace(stored, provider_customer_id=customer), ports.clock.now()
        )
    return customer


def with_provider(record: SubscriptionRecord, subscription: Subscription) -> SubscriptionRecord:
    """The provider's answer to our call; the time of the last event applied stays with the
    subscription it was of (a new subscription starts without one)."""
    same = record.provider_subscription_id == subscription.subscription_id
    return replace(
        record,
        provider_subscription_id=subscription.subscription_id,
        status=subscription.state,
        current_period_end=berlin_today(subscription.current_period_end),
        status_event_at=record.status_event_at if same else None,
    )


def outcome_of(invoice: Invoice, now: datetime) -> BillingOutcome:
    """Paid, or failed (the last debit bounced, with the bank's reason), or still open, as the
    provider says. A SEPA debit takes days: while it is under way the invoice is open with an
    attempt and no error, which is no failure (and must not be debited again)."""
    lines = tuple(
        BillingLine(line.description, line.quantity, line.unit_cents, line.amount_cents)
        for line in invoice.lines
    )
    message = None
    if invoice.state is InvoiceState.PAID:
        status = BillingStatus.PAID
    elif invoice.state is InvoiceState.UNCOLLECTIBLE or (
        invoice.state is InvoiceState.OPEN
        and invoice.attempt_count > 0
        and invoice.failure_message is not None
    ):
        status, message = BillingStatus.FAILED, invoice.failure_message or DEBIT_FAILED
    elif invoice.state is InvoiceState.VOID:
        status = BillingStatus.VOID
    else:
        status = BillingStatus.OPEN
    return BillingOutcome(
        status,
        provider_invoice_id=invoice.invoice_id,
        failure_message=message,
        attempted_on=berlin_today(now) if invoice.attempt_count > 0 else None,
        lines=lines,
        amount_cents=invoice.total_cents,
    )


async def record_provider_invoice(
    store: TenantStore, invoice: Invoice, now: datetime, event_at: datetime | None = None
) -> BillingRecord:
    """An invoice the provider made by itself (a subscription's period), as a record;
    `event_at` is when the provider created the event that brought it (None: our own call)."""
    found = await store.billing.by_provider_invoice(invoice.invoice_id)
    if found is None:
        found, _ = await store.billing.claim(
            NewBillingRecord(
                BillingKind.SUBSCRIPTION,
                f"invoice:{invoice.invoice_id}",
                (),
                invoice.total_cents,
                provider_invoice_id=invoice.invoice_id,
            ),
            now,
        )
    outcome = replace(outcome_of(invoice, now), event_at=event_at)
    return await store.billing.record_outcome(found.id, outcome)


async def record_latest_invoice(
    ports: BillingPorts, tenant_id: UUID, subscription: Subscription
) -> None:
    if subscription.latest_invoice_id is None:
        return
    invoice = await ports.gateway.invoice(subscription.latest_invoice_id)
    async with ports.units() as uow:
        await record_provider_invoice(uow.tenant(tenant_id), invoice, ports.clock.now())


async def start_subscription(
    ports: BillingPorts, tenant: Tenant, record: SubscriptionRecord, plan: Plan, cycle: BillingCycle
) -> Subscription:
    """The plan's subscription at the provider, with what is left of the trial as its trial
    (so nothing is invoiced before the trial ends). The customer's default payment method —
    the latest mandate — pays it."""
    now = ports.clock.now()
    customer = await ensure_customer(ports, tenant, record)
    price = plan_price(plan, cycle)
    started = await ports.gateway.start_subscription(
        SubscriptionRequest(
            customer, price, trial_days_left(tenant.trial_ends_on, berlin_today(now))
        ),
        idempotency_key=f"subscription:{tenant.id}:{price}:{berlin_today(now).isoformat()}",
    )
    await record_latest_invoice(ports, tenant.id, started)
    return started
