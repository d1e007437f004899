"""Use case: a verified payment-provider event updates the charges and the subscription.

Each event is taken in once (by its id, in the same transaction as its effect); an event for
a customer we do not know is acknowledged and ignored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from automahntion.app.billing.charges import unlock_paid_addon
from automahntion.app.billing.payments import Mandate, PaymentEvent, Subscription
from automahntion.app.billing.records import BillingOutcome, BillingStatus, SubscriptionRecord
from automahntion.app.billing.subscription import (
    DEBIT_FAILED,
    ENDED,
    current_subscription,
    record_provider_invoice,
)
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.domain.calendar import berlin_today

SOURCE = "payments"


def _ends_before(period_end: date, stored: date | None) -> bool:
    return stored is not None and period_end < stored


def _older(event_at: datetime, last: datetime | None) -> bool:
    """Created before the event that last set the state. The provider stamps whole seconds
    and sends several events of one moment: one of the same second is not older."""
    return last is not None and event_at < last


def _subscription_changed(
    record: SubscriptionRecord, sub: Subscription, event_at: datetime
) -> SubscriptionRecord:
    """The provider delivers events in no particular order; an ended subscription never comes
    back, and its period never ends earlier, so news of it as it was before is old news (a new
    plan gets a new subscription): a paid period ending early would apply a waiting downgrade
    within it. Within one period, an event created before the one that last set the state is
    old news too (e.g. `past_due` arriving after the `active` that followed it)."""
    if sub.subscription_id == record.provider_subscription_id:
        period_end = berlin_today(sub.current_period_end)
        if (
            record.status in ENDED
            or _ends_before(period_end, record.current_period_end)
            or _older(event_at, record.status_event_at)
        ):
            return record
        return replace(
            record, status=sub.state, current_period_end=period_end, status_event_at=event_at
        )
    if sub.subscription_id == record.loyalty_subscription_id and sub.state in ENDED:
        return replace(record, loyalty_plan=None, loyalty_subscription_id=None)
    return record


def _mandate_changed(
    record: SubscriptionRecord, event: Mandate, event_at: datetime
) -> SubscriptionRecord:
    """The mandate's state as the event says, unless an event created later set it already
    (e.g. a `setup_intent.succeeded` delivered after the mandate was revoked)."""
    mandate = record.mandate
    if mandate is None or event.mandate_id != mandate.mandate_id:
        return record
    if _older(event_at, mandate.state_event_at):
        return record
    return replace(record, mandate=replace(mandate, state=event.state, state_event_at=event_at))


async def _invoice_event(store: TenantStore, event: PaymentEvent, now: datetime) -> str:
    invoice = event.invoice
    assert invoice is not None
    known = await store.billing.by_provider_invoice(invoice.invoice_id)
    if known is None and invoice.subscription_id is None:
        return "not ours (yet): our own call records it"
    record = await record_provider_invoice(store, invoice, now, event.created_at)
    await unlock_paid_addon(store, record, now)
    if event.event_type == "invoice.payment_failed" and record.status is not BillingStatus.PAID:
        record = await store.billing.record_outcome(
            record.id,
            BillingOutcome(
                BillingStatus.FAILED,
                failure_message=invoice.failure_message or record.failure_message or DEBIT_FAILED,
                attempted_on=berlin_today(now),
                event_at=event.created_at,
            ),
        )
    return f"charge {record.id} {record.status.value}"


async def _intent_failed(store: TenantStore, event: PaymentEvent, now: datetime) -> str:
    known = await store.billing.by_provider_invoice(event.invoice_id or "")
    if known is None:
        return "no charge for that invoice"
    await store.billing.record_outcome(
        known.id,
        BillingOutcome(
            BillingStatus.FAILED,
            failure_message=event.failure_message or DEBIT_FAILED,
            attempted_on=berlin_today(now),
            event_at=event.created_at,
        ),
    )
    return f"charge {known.id} failed"


async def _tenant_of(uow: UnitOfWork, event: PaymentEvent) -> UUID | None:
    """By the customer the event's object names; a mandate names none, so by its id."""
    if event.customer_id:
        return await uow.tenants.tenant_of_payment_customer(event.customer_id)
    if event.mandate is not None:
        return await uow.tenants.tenant_of_payment_mandate(event.mandate.mandate_id)
    return None


async def process_payment_event(
    units: Callable[[], UnitOfWork], event: PaymentEvent, now: datetime
) -> str:
    async with units() as uow:
        if not await uow.tenants.record_inbound_event(SOURCE, event.event_id, now):
            return "repeat"
        tenant_id = await _tenant_of(uow, event)
        if tenant_id is None:
            return "unknown customer"
        store = uow.tenant(tenant_id)
        if event.invoice is not None:
            return await _invoice_event(store, event, now)
        if event.event_type == "payment_intent.payment_failed":
            return await _intent_failed(store, event, now)
        tenant = await store.account.get()
        record = await current_subscription(store, tenant)
        changed = record
        if event.subscription is not None:
            changed = _subscription_changed(record, event.subscription, event.created_at)
        elif event.mandate is not None:
            changed = _mandate_changed(record, event.mandate, event.created_at)
        if changed == record:
            return f"{event.event_type}: nothing to change"
        await store.subscription.save(changed, now)
        return f"{event.event_type}: subscription updated"
