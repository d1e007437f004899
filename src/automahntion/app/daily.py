"""Use case: each tenant's daily work — sync, the dunning cycle, then the thank-you e-mails —
at its sending hour."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from automahntion.app.attention import DigestPorts, send_digest
from automahntion.app.dunning import CycleReport, DunningPorts, run_cycle
from automahntion.app.lexoffice import LexofficeUnavailable
from automahntion.app.records import ConnectionStatus
from automahntion.app.storage import UnitOfWork
from automahntion.app.sync import sync_tenant
from automahntion.app.thank_yous import ThankYouPorts, send_thank_yous
from automahntion.domain.calendar import BERLIN, berlin_today

log = logging.getLogger(__name__)


def daily_job_id(tenant_id: UUID, now: datetime) -> str:
    """One daily run per tenant and Berlin day, however often it is asked for."""
    return f"daily:{tenant_id}:{berlin_today(now).isoformat()}"


async def tenants_at_sending_hour(
    units: Callable[[], UnitOfWork], now: datetime
) -> tuple[list[UUID], list[UUID]]:
    """(connected tenants, tenants whose lexoffice connection was lost) whose sending hour has
    come today. The lost ones get no daily run, but still their digest (telling of the loss)."""
    hour = now.astimezone(BERLIN).hour
    connected, lost = [], []
    async with units() as uow:
        for tenant in await uow.tenants.all():
            if hour < tenant.settings.sending_hour:
                continue
            connection = await uow.tenant(tenant.id).connection.get()
            if connection is None:
                continue
            if connection.status is ConnectionStatus.CONNECTED:
                connected.append(tenant.id)
            else:
                lost.append(tenant.id)
    return connected, lost


def digest_job_id(tenant_id: UUID, now: datetime) -> str:
    return f"digest:{tenant_id}:{berlin_today(now).isoformat()}"


async def daily_run(
    ports: DunningPorts,
    tenant_id: UUID,
    thanks: ThankYouPorts | None = None,
    digest: DigestPorts | None = None,
) -> CycleReport:
    """A failed sync is not fatal: the cycle then holds by itself if the data is too old.
    Thank-yous go after dunning (they need no fresh sync: the payment was seen already); the
    owner's digest last, telling of what today left for them."""
    with contextlib.suppress(LexofficeUnavailable):
        await sync_tenant(ports.units, ports.gateways, tenant_id, ports.clock)
    report = await run_cycle(ports, tenant_id)
    if thanks is not None:
        await send_thank_yous(thanks, tenant_id)
    if digest is not None:
        await _digest(digest, tenant_id)
    return report


async def digest_only(ports: DigestPorts, tenant_id: UUID) -> None:
    """The digest of a tenant that gets no daily run (its lexoffice connection is lost)."""
    await _digest(ports, tenant_id)


async def _digest(ports: DigestPorts, tenant_id: UUID) -> None:
    """A digest that cannot go out is logged and tried again with tomorrow's run (nothing is
    remembered as reported); it never fails the day."""
    try:
        told = await send_digest(ports, tenant_id)
    except Exception:
        log.exception("the attention digest failed", extra={"event": "digest_failed"})
        return
    if told:
        log.info("attention digest sent: %d new items", told, extra={"event": "digest_sent"})
