"""Use cases: lexoffice's event callbacks — taken in at once, worked off in a job."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from automahntion.app.clock import Clock
from automahntion.app.errors import NotFound
from automahntion.app.invoices.admission import refresh_admission
from automahntion.app.jobs import Jobs
from automahntion.app.lexoffice.connect import mark_disconnected
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason
from automahntion.app.lexoffice.ports import LexofficeEvent, LexofficeGateways, LexofficeNotFound
from automahntion.app.lexoffice.sync import store_vouchers
from automahntion.app.storage import UnitOfWork

PAYMENT_EVENTS = frozenset(
    {
        "payment.changed",
        "invoice.status.changed",
        "down-payment-invoice.status.changed",
        "voucher.status.changed",
    }
)
SOURCE = "lexoffice"
LEXOFFICE_EVENT_JOB = "lexoffice_event"
"""The job that works off an accepted lexoffice event."""


async def accept(
    units: Callable[[], UnitOfWork], jobs: Jobs, event: LexofficeEvent, payload: str, now: datetime
) -> bool:
    """Queue the job that works the event off (it reads the event again from `payload`);
    False for an unknown organization or a repeat.

    The event is recorded as seen in the same transaction as the job is queued: when queueing
    fails nothing is recorded, so lexoffice's retry of the delivery is taken. When the commit
    fails after the job was queued, the retry finds the job id taken and queues nothing twice."""
    async with units() as uow:
        tenant_id = await uow.tenants.tenant_of_organization(event.organization_id)
        if tenant_id is None:
            return False
        if not await uow.tenants.record_inbound_event(SOURCE, event.dedupe_key, now):
            return False
        await jobs.enqueue(
            LEXOFFICE_EVENT_JOB, str(tenant_id), payload, job_id=f"lexoffice:{event.dedupe_key}"
        )
    return True


async def process(
    units: Callable[[], UnitOfWork],
    gateways: LexofficeGateways,
    tenant_id: UUID,
    event: LexofficeEvent,
    clock: Clock,
) -> str:
    """Re-read what the event names and apply it; returns what was done."""
    if event.event_type == "token.revoked":
        return await _revoked(units, tenant_id, event.resource_id, clock)
    if event.event_type in PAYMENT_EVENTS:
        return await _payment(units, gateways, tenant_id, event.resource_id, clock)
    if event.event_type == "contact.changed":
        return await _contact(units, gateways, tenant_id, event.resource_id, clock)
    return "ignored"


async def _revoked(
    units: Callable[[], UnitOfWork], tenant_id: UUID, connection_id: str, clock: Clock
) -> str:
    """`resourceId` names the connection whose tokens were revoked: one the tenant no longer
    uses (it connected again since; events come late and out of order) leaves it connected."""
    async with units() as uow:
        connection = await uow.tenant(tenant_id).connection.get()
    if connection is not None and connection.connection_id not in (None, "", connection_id):
        return "ignored: another connection's tokens"
    revoked = DisconnectReason(DisconnectCode.REVOKED)
    await mark_disconnected(units, tenant_id, revoked, clock.now())
    return "disconnected"


async def _payment(
    units: Callable[[], UnitOfWork],
    gateways: LexofficeGateways,
    tenant_id: UUID,
    voucher_id: str,
    clock: Clock,
) -> str:
    """The payment is applied to the invoice as stored when it is written, read again under the
    tenant's lock: a sync that stored the voucher while lexoffice was asked is not undone."""
    async with units() as uow:
        try:
            await uow.tenant(tenant_id).invoices.by_lexoffice_id(voucher_id)
        except NotFound:
            return "not ours"
    api = await gateways.for_tenant(tenant_id)
    state = await api.payment_state(voucher_id)
    now = clock.now()
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await store.account.lock()
        try:
            held = await store.invoices.by_lexoffice_id(voucher_id)
        except NotFound:
            return "not ours"
        tenant = await store.account.get()
        updated = replace(held.invoice, status=state.status, open_cents=state.open_cents)
        await store_vouchers(store, tenant, [updated], now)
        await refresh_admission(store, tenant, now)
    return f"invoice {state.status.value}"


async def _contact(
    units: Callable[[], UnitOfWork],
    gateways: LexofficeGateways,
    tenant_id: UUID,
    contact_id: str,
    clock: Clock,
) -> str:
    async with units() as uow:
        known = await uow.tenant(tenant_id).contacts.get_many([contact_id])
    if not known:
        return "not ours"
    api = await gateways.for_tenant(tenant_id)
    held = known[contact_id]
    try:
        fetched = (await api.contact(contact_id)).keeping(held.contact, held.postal_address)
    except LexofficeNotFound:
        return "contact gone"
    now = clock.now()
    async with units() as uow:
        store = uow.tenant(tenant_id)
        postal = {contact_id: fetched.postal_address} if fetched.postal_address else None
        await store.contacts.upsert([fetched.contact], postal)
        await refresh_admission(store, await store.account.get(), now)
    return "contact updated"
