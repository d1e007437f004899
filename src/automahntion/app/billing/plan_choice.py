"""Use cases: the tenant chooses its plan and cycle (applied now, or at the period's end for a
downgrade), the subscription after the trial, and the loyalty extension."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from automahntion.app.billing.payments import (
    PaymentGateway,
    Subscription,
    SubscriptionRequest,
    loyalty_price,
    plan_price,
)
from automahntion.app.billing.plan_change import apply_plan
from automahntion.app.billing.records import SubscriptionRecord
from automahntion.app.billing.subscription import (
    ENDED,
    BillingConflict,
    BillingPorts,
    SubscriptionView,
    current_subscription,
    ensure_customer,
    in_trial,
    load_subscription,
    record_latest_invoice,
    start_subscription,
    with_provider,
)
from automahntion.domain.calendar import berlin_today
from automahntion.domain.prices import BillingCycle
from automahntion.domain.quota import Plan
from automahntion.domain.subscriptions import (
    ChangeTiming,
    change_timing,
    pending_change_due,
    trial_days_left,
)

MAX_RESTARTS_A_DAY = 10


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
            with_provider(stored, subscription),
            plan=plan,
            cycle=cycle,
            pending_plan=None,
            pending_cycle=None,
        )
        await store.subscription.save(record, now)
        tenant, counts = await apply_plan(store, plan, tenant.custom_limit, "billing", now)
    return SubscriptionView(tenant, record, counts)


def _active(record: SubscriptionRecord) -> bool:
    return record.provider_subscription_id is not None and record.status not in ENDED


async def choose_plan(
    ports: BillingPorts, tenant_id: UUID, plan: Plan, cycle: BillingCycle
) -> SubscriptionView:
    """An upgrade takes effect at once (prorated); a lower plan or another cycle waits for
    the end of the paid period — made at once when chosen on the period's last day, when the
    daily job may not come again before the provider renews. Within the trial every change is
    at once and costs nothing. Choosing the current plan again cancels a change that waits."""
    gateway = ports.gateway
    now = ports.clock.now()
    tenant, record = await load_subscription(ports, tenant_id)
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
        if timing is ChangeTiming.PERIOD_END:
            made = await apply_pending_change(ports, tenant_id)
            if made is not None:
                return made
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
        await record_latest_invoice(ports, tenant_id, changed)
    else:
        changed = await start_subscription(ports, tenant, record, plan, cycle)
    return await _apply_plan(ports, tenant_id, plan, cycle, changed)


async def apply_pending_change(ports: BillingPorts, tenant_id: UUID) -> SubscriptionView | None:
    """The lower plan (or other cycle) chosen before, on the paid period's last day, so that
    the provider's renewal already charges the new price; without proration, as the period
    was paid at the old price."""
    now = ports.clock.now()
    _, record = await load_subscription(ports, tenant_id)
    due = (
        record.pending_plan is not None
        and record.current_period_end is not None
        and pending_change_due(record.current_period_end, berlin_today(now))
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
    tenant, record = await load_subscription(ports, tenant_id)
    if in_trial(tenant, ports.clock.now()) or record.provider_subscription_id is not None:
        return None
    started = await start_subscription(ports, tenant, record, record.plan, record.cycle)
    await _apply_plan(ports, tenant_id, record.plan, record.cycle, started)
    return started


async def _start_live(
    gateway: PaymentGateway, request: SubscriptionRequest, key: str
) -> Subscription:
    """Started under a key of the day, so that asking again after a lost answer gets the same
    subscription instead of a second one billed beside it. The provider replays a key's first
    answer also after that subscription ended (ended and chosen again the same day): then the
    next key, named after the ended one, starts a new one."""
    started = await gateway.start_subscription(request, idempotency_key=key)
    for _ in range(MAX_RESTARTS_A_DAY):
        current = await gateway.subscription(started.subscription_id)
        if current.state not in ENDED:
            return started
        started = await gateway.start_subscription(
            request, idempotency_key=f"{key}:after:{started.subscription_id}"
        )
    raise BillingConflict("the extension was ended and chosen again too often today")


async def choose_loyalty(
    ports: BillingPorts, tenant_id: UUID, plan: Plan | None
) -> SubscriptionView:
    """The customer-loyalty extension is a subscription of its own, changed at once; its plan
    is the thank-you quota (Starter 30, Business 120, Pro 480 a month). None ends it."""
    gateway = ports.gateway
    now = ports.clock.now()
    tenant, record = await load_subscription(ports, tenant_id)
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
        today = berlin_today(now)
        started = await _start_live(
            gateway,
            SubscriptionRequest(
                customer, loyalty_price(plan), trial_days_left(tenant.trial_ends_on, today)
            ),
            f"loyalty:{tenant_id}:{plan.value}:{today.isoformat()}",
        )
        subscription_id = started.subscription_id
        await record_latest_invoice(ports, tenant_id, started)
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        stored = await current_subscription(store, tenant)
        record = replace(stored, loyalty_plan=plan, loyalty_subscription_id=subscription_id)
        await store.subscription.save(record, now)
    return SubscriptionView(tenant, record)
