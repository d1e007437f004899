"""Use cases: the tenant's own subscription — trial, plan and cycle, the SMTP add-on, the
loyalty extension, billing e-mail, SEPA mandate — and retrying a failed charge (rule 7).

The provider is called outside any transaction; what it answered is stored afterwards. Every
creating call carries an idempotency key, and a charge is recorded (by its key, unique per
tenant) before the provider is asked for it, so that a rerun charges nothing twice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from automahntion.app.addresses import address_problem
from automahntion.app.admission import AdmissionCounts
from automahntion.app.billing_records import (
    BillingKind,
    BillingLine,
    BillingOutcome,
    BillingRecord,
    BillingStatus,
    MandateInfo,
    NewBillingRecord,
    SubscriptionRecord,
)
from automahntion.app.clock import Clock
from automahntion.app.payments import (
    SMTP_ADDON_PRICE,
    Invoice,
    InvoiceState,
    MandateRequest,
    NewCustomer,
    PaymentGateway,
    PaymentRefused,
    Subscription,
    SubscriptionRequest,
    SubscriptionState,
    loyalty_price,
    plan_price,
)
from automahntion.app.plans import apply_plan
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenant_records import Tenant
from automahntion.domain.calendar import berlin_today
from automahntion.domain.errors import DomainError, FieldProblem, ValidationFailed
from automahntion.domain.prices import SMTP_ADDON_CENTS, BillingCycle, subscription_invoice_allowed
from automahntion.domain.quota import Plan
from automahntion.domain.subscriptions import (
    ChangeTiming,
    change_timing,
    check_iban,
    trial_days_left,
)

DEBIT_FAILED = "the direct debit failed"
MAX_HOLDER_LENGTH = 200


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


async def _load(ports: BillingPorts, tenant_id: UUID) -> tuple[Tenant, SubscriptionRecord]:
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        return tenant, await current_subscription(store, tenant)


async def subscription_view(ports: BillingPorts, tenant_id: UUID) -> SubscriptionView:
    tenant, subscription = await _load(ports, tenant_id)
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


def _with_provider(record: SubscriptionRecord, subscription: Subscription) -> SubscriptionRecord:
    return replace(
        record,
        provider_subscription_id=subscription.subscription_id,
        status=subscription.state,
        current_period_end=berlin_today(subscription.current_period_end),
    )


def outcome_of(invoice: Invoice, now: datetime) -> BillingOutcome:
    """Paid, or open after a failed debit (failed), or still open, as the provider says."""
    lines = tuple(
        BillingLine(line.description, line.quantity, line.unit_cents, line.amount_cents)
        for line in invoice.lines
    )
    message = None
    if invoice.state is InvoiceState.PAID:
        status = BillingStatus.PAID
    elif invoice.state is InvoiceState.UNCOLLECTIBLE or (
        invoice.state is InvoiceState.OPEN and invoice.attempt_count > 0
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
    store: TenantStore, invoice: Invoice, now: datetime
) -> BillingRecord:
    """An invoice the provider made by itself (a subscription's period), as a record."""
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
    return await store.billing.record_outcome(found.id, outcome_of(invoice, now))


async def _record_latest_invoice(
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
    await _record_latest_invoice(ports, tenant.id, started)
    return started


async def _apply_plan(
    ports: BillingPorts,
    tenant_id: UUID,
    plan: Plan,
    cycle: BillingCycle,
    subscription: Subscription,
) -> SubscriptionView:
    """The paid plan becomes the quota's plan at once; admission runs again, so that waiting
    invoices are admitted on an upgrade (and the last ones wait again on a downgrade)."""
    now = ports.clock.now()
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        stored = await current_subscription(store, tenant)
        record = replace(
            _with_provider(stored, subscription),
            plan=plan,
            cycle=cycle,
            pending_plan=None,
            pending_cycle=None,
        )
        await store.subscription.save(record, now)
        tenant, counts = await apply_plan(store, plan, tenant.custom_limit, "billing", now)
    return SubscriptionView(tenant, record, counts)


def _active(record: SubscriptionRecord) -> bool:
    return record.provider_subscription_id is not None and record.status not in (
        SubscriptionState.CANCELED,
        SubscriptionState.INCOMPLETE_EXPIRED,
    )


async def choose_plan(
    ports: BillingPorts, tenant_id: UUID, plan: Plan, cycle: BillingCycle
) -> SubscriptionView:
    """An upgrade takes effect at once (prorated); a lower plan or another cycle waits for
    the end of the paid period. Within the trial every change is at once and costs nothing.
    Choosing the current plan again cancels a change that waits."""
    gateway = ports.gateway
    now = ports.clock.now()
    tenant, record = await _load(ports, tenant_id)
    trial = in_trial(tenant, now)
    timing = change_timing((record.plan, record.cycle), (plan, cycle), trial)
    if timing is ChangeTiming.PERIOD_END and not _active(record):
        timing = ChangeTiming.NOW
    if timing is not ChangeTiming.NOW:
        pending = (plan, cycle) if timing is ChangeTiming.PERIOD_END else (None, None)
        async with ports.units() as uow:
            store = uow.tenant(tenant_id)
            stored = await current_subscription(store, tenant)
            record = replace(stored, pending_plan=pending[0], pending_cycle=pending[1])
            await store.subscription.save(record, now)
        return SubscriptionView(tenant, record)
    price = plan_price(plan, cycle)
    if _active(record):
        assert record.provider_subscription_id is not None
        changed = await gateway.change_subscription(
            record.provider_subscription_id,
            price,
            idempotency_key=f"plan:{tenant_id}:{price}:{now.isoformat()}",
            prorate=not trial,
        )
        await _record_latest_invoice(ports, tenant_id, changed)
    else:
        changed = await start_subscription(ports, tenant, record, plan, cycle)
    return await _apply_plan(ports, tenant_id, plan, cycle, changed)


async def apply_pending_change(ports: BillingPorts, tenant_id: UUID) -> SubscriptionView | None:
    """The lower plan (or other cycle) chosen before, once the paid period has ended; without
    proration, as the period was paid at the old price."""
    now = ports.clock.now()
    _, record = await _load(ports, tenant_id)
    due = (
        record.pending_plan is not None
        and record.current_period_end is not None
        and berlin_today(now) >= record.current_period_end
        and _active(record)
    )
    if not due:
        return None
    assert record.pending_plan is not None
    assert record.provider_subscription_id is not None
    cycle = record.pending_cycle or record.cycle
    price = plan_price(record.pending_plan, cycle)
    changed = await ports.gateway.change_subscription(
        record.provider_subscription_id,
        price,
        idempotency_key=f"plan:{tenant_id}:{price}:period-end:{record.current_period_end}",
        prorate=False,
    )
    return await _apply_plan(ports, tenant_id, record.pending_plan, cycle, changed)


async def start_after_trial(ports: BillingPorts, tenant_id: UUID) -> Subscription | None:
    """A tenant who let the trial end without choosing: its plan, monthly, from now on."""
    tenant, record = await _load(ports, tenant_id)
    if in_trial(tenant, ports.clock.now()) or record.provider_subscription_id is not None:
        return None
    started = await start_subscription(ports, tenant, record, record.plan, record.cycle)
    await _apply_plan(ports, tenant_id, record.plan, record.cycle, started)
    return started


async def choose_loyalty(
    ports: BillingPorts, tenant_id: UUID, plan: Plan | None
) -> SubscriptionView:
    """The customer-loyalty extension is a subscription of its own, changed at once; its plan
    is the thank-you quota (Starter 30, Business 120, Pro 480 a month). None ends it."""
    gateway = ports.gateway
    now = ports.clock.now()
    tenant, record = await _load(ports, tenant_id)
    if plan == record.loyalty_plan:
        return SubscriptionView(tenant, record)
    subscription_id = record.loyalty_subscription_id
    if plan is None:
        if subscription_id is not None:
            await gateway.cancel_subscription(subscription_id)
        subscription_id = None
    elif subscription_id is not None:
        await gateway.change_subscription(
            subscription_id,
            loyalty_price(plan),
            idempotency_key=f"loyalty:{tenant_id}:{plan.value}:{now.isoformat()}",
            prorate=not in_trial(tenant, now),
        )
    else:
        customer = await ensure_customer(ports, tenant, record)
        started = await gateway.start_subscription(
            SubscriptionRequest(
                customer,
                loyalty_price(plan),
                trial_days_left(tenant.trial_ends_on, berlin_today(now)),
            ),
            idempotency_key=f"loyalty:{tenant_id}:{plan.value}:{now.isoformat()}",
        )
        subscription_id = started.subscription_id
        await _record_latest_invoice(ports, tenant_id, started)
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        stored = await current_subscription(store, tenant)
        record = replace(stored, loyalty_plan=plan, loyalty_subscription_id=subscription_id)
        await store.subscription.save(record, now)
    return SubscriptionView(tenant, record)


SMTP_ADDON_LINE = BillingLine("SMTP add-on", 1, SMTP_ADDON_CENTS, SMTP_ADDON_CENTS)


async def buy_smtp_addon(ports: BillingPorts, tenant_id: UUID) -> BillingRecord:
    """Bought once for 39.95: a second purchase is refused. The charge is recorded under the
    key `addon:smtp:{tenant}` before the provider is asked, so two requests charge once.
    Within the trial it stays pending: the daily job charges it when the trial has ended.
    The add-on unlocks once the charge is paid, not before."""
    now = ports.clock.now()
    key = f"addon:smtp:{tenant_id}"
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        record = await current_subscription(store, tenant)
        if record.smtp_addon_bought_at is not None:
            raise SmtpAddonAlreadyBought
        charge, created = await store.billing.claim(
            NewBillingRecord(BillingKind.SMTP_ADDON, key, (SMTP_ADDON_LINE,), SMTP_ADDON_CENTS),
            now,
        )
    trial = in_trial(tenant, now)
    if not created and (charge.status is not BillingStatus.PENDING or trial):
        raise SmtpAddonAlreadyBought
    if trial:
        return charge
    return await _charge_addon(ports, tenant, record, charge)


async def _charge_addon(
    ports: BillingPorts, tenant: Tenant, record: SubscriptionRecord, charge: BillingRecord
) -> BillingRecord:
    customer = await ensure_customer(ports, tenant, record)
    invoice = await ports.gateway.charge_once(
        customer, SMTP_ADDON_PRICE, idempotency_key=charge.idempotency_key
    )
    now = ports.clock.now()
    async with ports.units() as uow:
        store = uow.tenant(tenant.id)
        charge = await store.billing.record_outcome(charge.id, outcome_of(invoice, now))
        await unlock_paid_addon(store, charge, now)
    return charge


async def unlock_paid_addon(store: TenantStore, charge: BillingRecord, now: datetime) -> None:
    """The SMTP add-on is the tenant's from the moment its charge is paid (by our call, a
    retry or the provider's event); a failed or pending charge unlocks nothing."""
    if charge.kind is not BillingKind.SMTP_ADDON or charge.status is not BillingStatus.PAID:
        return
    stored = await current_subscription(store, await store.account.get())
    if stored.smtp_addon_bought_at is None:
        await store.subscription.save(replace(stored, smtp_addon_bought_at=now), now)


async def charge_trial_purchases(ports: BillingPorts, tenant_id: UUID) -> list[BillingRecord]:
    """Once the trial has ended: the add-on bought within it (still pending) is charged."""
    tenant, record = await _load(ports, tenant_id)
    if in_trial(tenant, ports.clock.now()):
        return []
    async with ports.units() as uow:
        pending = [
            charge
            for charge in await uow.tenant(tenant_id).billing.all()
            if charge.kind is BillingKind.SMTP_ADDON and charge.status is BillingStatus.PENDING
        ]
    return [await _charge_addon(ports, tenant, record, charge) for charge in pending]


async def change_billing_email(ports: BillingPorts, tenant_id: UUID, email: str) -> Tenant:
    """Where invoices go: stored, and at the provider when it knows the tenant already."""
    problem = address_problem("email", email)
    if problem is not None:
        raise ValidationFailed([problem])
    now = ports.clock.now()
    tenant, record = await _load(ports, tenant_id)
    if record.provider_customer_id is not None:
        await ports.gateway.update_customer(
            record.provider_customer_id,
            email=email,
            idempotency_key=f"billing-email:{tenant_id}:{now.isoformat()}",
        )
    async with ports.units() as uow:
        account = uow.tenant(tenant_id).account
        await account.set_profile(tenant.name, tenant.account_email, email)
        return await account.get()


@dataclass(frozen=True)
class MandateAcceptance:
    """The account holder's online acceptance of the SEPA mandate."""

    iban: str
    account_holder: str
    ip_address: str
    user_agent: str


async def create_mandate(
    ports: BillingPorts, tenant_id: UUID, acceptance: MandateAcceptance
) -> MandateInfo:
    """A new SEPA direct-debit mandate, made the default payment method: every later debit
    (and a retry of a failed one) uses it. Only the IBAN's last four digits are kept."""
    gateway = ports.gateway
    holder = acceptance.account_holder.strip()
    problems: list[FieldProblem] = []
    try:
        iban = check_iban(acceptance.iban)
    except ValidationFailed as invalid:
        problems += invalid.problems
        iban = ""
    if not holder or len(holder) > MAX_HOLDER_LENGTH:
        problems.append(
            FieldProblem("account_holder", f"must be 1 to {MAX_HOLDER_LENGTH} characters")
        )
    if problems:
        raise ValidationFailed(problems)
    now = ports.clock.now()
    tenant, record = await _load(ports, tenant_id)
    customer = await ensure_customer(ports, tenant, record)
    digest = hashlib.sha256(f"{iban}|{holder}".encode()).hexdigest()[:16]
    try:
        mandate = await gateway.create_mandate(
            MandateRequest(
                customer,
                iban,
                holder,
                tenant.billing_email,
                acceptance.ip_address,
                acceptance.user_agent,
            ),
            idempotency_key=f"mandate:{tenant_id}:{digest}:{now.isoformat()}",
        )
    except PaymentRefused as refused:
        raise ValidationFailed([FieldProblem("iban", f"refused by the bank: {refused}")]) from None
    await gateway.update_customer(
        customer,
        payment_method_id=mandate.payment_method_id,
        idempotency_key=f"mandate-default:{tenant_id}:{mandate.mandate_id}",
    )
    info = MandateInfo(
        mandate.mandate_id,
        mandate.payment_method_id,
        mandate.state,
        mandate.iban_last4 or iban[-4:],
    )
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        stored = await current_subscription(store, tenant)
        await store.subscription.save(replace(stored, mandate=info), now)
    return info


async def retry_charge(
    ports: BillingPorts, tenant_id: UUID, record_id: UUID, *, key: str | None = None
) -> BillingRecord:
    """Debit a failed charge again (with the current default mandate)."""
    now = ports.clock.now()
    async with ports.units() as uow:
        record = await uow.tenant(tenant_id).billing.get(record_id)
    if record.status is not BillingStatus.FAILED or record.provider_invoice_id is None:
        raise NotRetryable(record.status)
    invoice = await ports.gateway.retry_invoice(
        record.provider_invoice_id, idempotency_key=key or f"retry:{record.id}:{now.isoformat()}"
    )
    outcome = outcome_of(invoice, now)
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        retried = await store.billing.record_outcome(
            record.id, replace(outcome, attempted_on=berlin_today(now))
        )
        await unlock_paid_addon(store, retried, now)
    return retried


async def charges(ports: BillingPorts, tenant_id: UUID) -> list[BillingRecord]:
    async with ports.units() as uow:
        return await uow.tenant(tenant_id).billing.all()
