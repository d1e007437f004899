"""Use cases: one-off charges — the SMTP add-on, what was bought during the trial — and retrying a
failed charge (rule 7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from automahntion.app.billing.payments import SMTP_ADDON_PRICE
from automahntion.app.billing.records import (
    BillingKind,
    BillingLine,
    BillingRecord,
    BillingStatus,
    NewBillingRecord,
    SubscriptionRecord,
)
from automahntion.app.billing.subscription import (
    BillingPorts,
    NotRetryable,
    SmtpAddonAlreadyBought,
    current_subscription,
    ensure_customer,
    in_trial,
    load_subscription,
    outcome_of,
)
from automahntion.app.pages import MomentPosition, Page
from automahntion.app.storage import TenantStore
from automahntion.app.tenants.records import Tenant
from automahntion.domain.calendar import berlin_today
from automahntion.domain.prices import SMTP_ADDON_CENTS

SMTP_ADDON_LINE = BillingLine(
    "SMTP-Zusatzmodul (Versand über den eigenen Mailserver)", 1, SMTP_ADDON_CENTS, SMTP_ADDON_CENTS
)


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
    tenant, record = await load_subscription(ports, tenant_id)
    if in_trial(tenant, ports.clock.now()):
        return []
    async with ports.units() as uow:
        pending = await uow.tenant(tenant_id).billing.in_status(
            BillingStatus.PENDING, kind=BillingKind.SMTP_ADDON
        )
    return [await _charge_addon(ports, tenant, record, charge) for charge in pending]


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


async def charges(
    ports: BillingPorts, tenant_id: UUID, after: MomentPosition | None, limit: int
) -> Page[BillingRecord]:
    """A page of the tenant's charges, oldest first."""
    async with ports.units() as uow:
        return await uow.tenant(tenant_id).billing.page(after, limit)
