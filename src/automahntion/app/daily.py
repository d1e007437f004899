"""Use case: each tenant's daily work — sync, the dunning cycle, then the thank-you e-mails —
at its sending hour."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from automahntion.app.dunning import CycleReport, DunningPorts, run_cycle
from automahntion.app.lexoffice import LexofficeUnavailable
from automahntion.app.records import ConnectionStatus
from automahntion.app.storage import UnitOfWork
from automahntion.app.sync import sync_tenant
from automahntion.app.thank_yous import ThankYouPorts, send_thank_yous
from automahntion.domain.calendar import BERLIN, berlin_today


def daily_job_id(tenant_id: UUID, now: datetime) -> str:
    """One daily run per tenant and Berlin day, however often it is asked for."""
    return f"daily:{tenant_id}:{berlin_today(now).isoformat()}"


async def tenants_due(units: Callable[[], UnitOfWork], now: datetime) -> list[UUID]:
    """Connected tenants whose sending hour has come today (Berlin time)."""
    hour = now.astimezone(BERLIN).hour
    due = []
    async with units() as uow:
        for tenant in await uow.tenants.all():
            connection = await uow.tenant(tenant.id).connection.get()
            connected = connection is not None and connection.status is ConnectionStatus.CONNECTED
            if connected and hour >= tenant.settings.sending_hour:
                due.append(tenant.id)
    return due


async def daily_run(
    ports: DunningPorts, tenant_id: UUID, thanks: ThankYouPorts | None = None
) -> CycleReport:
    """A failed sync is not fatal: the cycle then holds by itself if the data is too old.
    Thank-yous go after dunning (they need no fresh sync: the payment was seen already)."""
    with contextlib.suppress(LexofficeUnavailable):
        await sync_tenant(ports.units, ports.gateways, tenant_id, ports.clock)
    report = await run_cycle(ports, tenant_id)
    if thanks is not None:
        await send_thank_yous(thanks, tenant_id)
    return report
