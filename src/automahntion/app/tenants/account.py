"""Use cases: the tenant-wide Mahnstopp, and what a tenant uses of its plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from automahntion.app.invoices.records import AdmissionState
from automahntion.app.messages.going_out import going_out
from automahntion.app.messages.records import SentMessage
from automahntion.app.storage import UnitOfWork
from automahntion.domain.calendar import berlin_month, berlin_today
from automahntion.domain.errors import FieldProblem, ValidationFailed
from automahntion.domain.pauses import Pause, check_pause_end
from automahntion.domain.quota import Plan
from automahntion.domain.thanks import month_key, thank_you_quota

DEFAULT_PAUSE_REASON = "Mahnstopp"
MAX_REASON_LENGTH = 500


def _pause(reason: str | None, until: date | None, today: date) -> Pause:
    reason = DEFAULT_PAUSE_REASON if reason is None else reason.strip()
    problems = []
    if not reason:
        problems.append(FieldProblem("reason", "must not be empty (leave it out for the default)"))
    elif len(reason) > MAX_REASON_LENGTH or len(reason.splitlines()) > 1:
        problems.append(FieldProblem("reason", f"must be one line of at most {MAX_REASON_LENGTH}"))
    if problems:
        raise ValidationFailed(problems)
    pause = Pause(reason, until)
    check_pause_end(pause, today)
    return pause


@dataclass(frozen=True)
class TenantPaused:
    pause: Pause
    going_out: tuple[SentMessage, ...]
    """The messages already being handed over, which the pause no longer stops."""


async def pause_tenant(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    reason: str | None,
    until: date | None,
    now: datetime,
) -> TenantPaused:
    """Nothing goes out for the tenant from now on, until the day after `until` (or until it
    is lifted), but the messages named going out: their last look right before the hand-over
    committed before the pause. Setting it again replaces the pause."""
    pause = _pause(reason, until, berlin_today(now))
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await store.messages.stopping()
        await store.account.set_pause(pause)
        on_their_way = await going_out(store.messages)
    return TenantPaused(pause, on_their_way)


async def resume_tenant(units: Callable[[], UnitOfWork], tenant_id: UUID) -> None:
    async with units() as uow:
        await uow.tenant(tenant_id).account.set_pause(None)


@dataclass(frozen=True)
class Usage:
    plan: Plan
    limit: int
    admitted: int
    waiting: int
    blocked: int
    thank_yous_sent: int
    """In the current Berlin month."""
    thank_you_quota: int
    """Per month; 0 without the loyalty extension."""
    month: str


async def usage(units: Callable[[], UnitOfWork], tenant_id: UUID, now: datetime) -> Usage:
    """Counts as admission last stored them (after the latest sync or settings change)."""
    month = month_key(*berlin_month(now))
    async with units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        invoices = await store.invoices.all()
        sent = await store.thank_yous.sent_in_month(month)
        loyalty = await store.thank_yous.loyalty_plan()
    return Usage(
        plan=tenant.plan,
        limit=tenant.limit,
        admitted=sum(1 for i in invoices if i.admission is AdmissionState.ADMITTED),
        waiting=sum(1 for i in invoices if i.admission is AdmissionState.WAITING),
        blocked=sum(1 for i in invoices if i.blocked is not None and not i.invoice.is_closed),
        thank_yous_sent=sent,
        thank_you_quota=thank_you_quota(loyalty),
        month=month,
    )
