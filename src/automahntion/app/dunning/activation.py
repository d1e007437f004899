"""Use case: the owner's explicit go (domain rules 3). A tenant sends nothing before it.

Activation answers with what the next sending day would send (the cycle's own dry run, see
`preview`), how many invoices are overdue for more than 90 days that day, and the sync start
date that would leave them out. Deactivating stops sending at once and touches nothing else:
admission, history and settings stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from automahntion.app.dunning import DunningPorts, plan_cycle
from automahntion.app.dunning.preview import CyclePreview, preview_moment, preview_of
from automahntion.app.messages.going_out import going_out
from automahntion.app.messages.records import SentMessage
from automahntion.app.tenants.records import AuditEntry
from automahntion.domain.activation import LongOverdue, long_overdue
from automahntion.domain.calendar import SendingCalendar, berlin_today


@dataclass(frozen=True)
class ActivationState:
    activated_at: datetime | None
    """None: not activated, nothing is sent."""
    preview: CyclePreview
    """The next sending day (today when it is one) and what it would send."""
    long_overdue: LongOverdue


async def _next_sending_day(ports: DunningPorts, tenant_id: UUID, today: date) -> date:
    async with ports.units() as uow:
        settings = (await uow.tenant(tenant_id).account.get()).settings
    return SendingCalendar(settings.bundesland, settings.send_on_weekends).next_sending_day(today)


async def activation_state(ports: DunningPorts, tenant_id: UUID) -> ActivationState:
    """Nothing is stored, lexoffice is not asked: the payment re-check right before each send
    may still hold an invoice back."""
    now = ports.clock.now()
    day = await _next_sending_day(ports, tenant_id, berlin_today(now))
    planned = await plan_cycle(
        ports, tenant_id, preview_moment(day, now), persist=False, texts=False
    )
    plan = planned.plan(now, sending=False)
    return ActivationState(
        planned.tenant.activated_at,
        preview_of(planned, plan),
        long_overdue(plan.outlooks, day),
    )


async def activate(ports: DunningPorts, tenant_id: UUID, actor: str) -> ActivationState:
    """Activating again keeps the first activation's time."""
    now = ports.clock.now()
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        if (await store.account.get()).activated_at is None:
            await store.account.set_activated(now)
            await store.audit.record(AuditEntry(actor, "tenant.activated", now))
    return await activation_state(ports, tenant_id)


async def deactivate(ports: DunningPorts, tenant_id: UUID, actor: str) -> tuple[SentMessage, ...]:
    """From now on the cycle sends nothing for the tenant; a deactivated tenant stays so. The
    messages already being handed over (their last look committed first) go out: returned."""
    now = ports.clock.now()
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        await store.messages.stopping()
        if (await store.account.get()).activated_at is not None:
            await store.account.set_activated(None)
            await store.audit.record(AuditEntry(actor, "tenant.deactivated", now))
        return await going_out(store.messages)
