"""Use case: each tenant's day — sync, the dunning cycle, the thank-you e-mails, the owner's
digest and billing — at its sending hour, or when the operator runs it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from automahntion.app.billing.subscription import BillingPorts
from automahntion.app.billing.usage import BillingReport, run_billing
from automahntion.app.dunning import CycleReport, DunningPorts, run_cycle
from automahntion.app.lexoffice.languages import read_ahead
from automahntion.app.lexoffice.ports import LexofficeUnavailable
from automahntion.app.lexoffice.records import ConnectionStatus
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.log_context import log_context
from automahntion.app.loyalty.ports import ThankYouPorts
from automahntion.app.loyalty.thank_yous import ThankYouReport, send_thank_yous
from automahntion.app.progress import UNWATCHED, Progress
from automahntion.app.review.attention import DigestPorts, send_digest
from automahntion.app.storage import UnitOfWork
from automahntion.domain.calendar import BERLIN, berlin_today

log = logging.getLogger(__name__)

DAILY_JOB_TIMEOUT_S = 3600
"""A tenant's day is cut off after an hour (`run_day_within`), by the worker's daily job, by
`automahntion run` (each tenant's day) and by `serve`'s in-process daily job alike. arq's own
default (300 s) cut long days short: a big catch-up, letters at a few a second, or a slow
customer SMTP server. A day cut off is not run again (its job id is the tenant's day), so the
rest of that day is lost, and a message cut off mid-hand-over is left `sending` for review.
Not longer: arq lets another worker take over the jobs of a worker that died only after the
longest timeout (arq's timeout of the worker's daily job is only `ARQ_MARGIN_S` longer, in
`bootstrap/worker.py`, so that this cut-off comes first)."""


class DayCutOff(Exception):
    """A tenant's day did not end within its time limit and was stopped where it stood: what
    was handed over stays `sending` for review (never sent again by itself), claims not yet
    handed over are due again."""

    def __init__(self, limit_s: float) -> None:
        super().__init__(
            f"cut off after {limit_s:g} s, its day unfinished "
            "(a message being handed over stays 'sending' for review)"
        )
        self.limit_s = limit_s


def daily_job_id(tenant_id: UUID, now: datetime) -> str:
    """One daily run per tenant and Berlin day, however often it is asked for."""
    return f"daily:{tenant_id}:{berlin_today(now).isoformat()}"


async def tenants_at_sending_hour(
    units: Callable[[], UnitOfWork], now: datetime
) -> tuple[list[UUID], list[UUID]]:
    """(connected tenants, tenants whose lexoffice connection was lost) whose sending hour has
    come today. The lost ones get no daily run, but still their digest (telling of the loss).
    A tenant whose connection cannot be read is logged and left out: not everyone's day."""
    hour = now.astimezone(BERLIN).hour
    connected, lost = [], []
    async with units() as uow:
        for tenant in await uow.tenants.all():
            if hour < tenant.settings.sending_hour:
                continue
            try:
                connection = await uow.tenant(tenant.id).connection.get()
            except Exception:
                with log_context(tenant_id=tenant.id):
                    log.exception(
                        "its lexoffice connection cannot be read: no day for it",
                        extra={"event": "connection_unreadable"},
                    )
                continue
            if connection is None:
                continue
            if connection.status is ConnectionStatus.CONNECTED:
                connected.append(tenant.id)
            else:
                lost.append(tenant.id)
    return connected, lost


def digest_job_id(tenant_id: UUID, now: datetime) -> str:
    return f"digest:{tenant_id}:{berlin_today(now).isoformat()}"


@dataclass(frozen=True)
class DailyPorts:
    """What a tenant's day needs. Without `thank_yous`, `digest` or `billing` (or a payment
    provider in it) that step is left out; without `sync_first` the cycle works on what the
    last sync stored (`automahntion run`: one cycle, then the thank-you e-mails)."""

    dunning: DunningPorts
    thank_yous: ThankYouPorts | None = None
    digest: DigestPorts | None = None
    billing: BillingPorts | None = None
    sync_first: bool = True


@dataclass(frozen=True)
class StepFailed:
    step: str
    error: Exception


@dataclass(frozen=True)
class DayReport:
    cycle: CycleReport
    thank_yous: ThankYouReport | None = None
    billing: BillingReport | None = None
    failed: tuple[StepFailed, ...] = ()
    """Steps that failed (the sync and the read-ahead before the cycle, the others after it);
    each later step ran all the same."""


SYNC = "sync"
LANGUAGES = "reading invoice languages ahead"
THANK_YOUS = "thank-you e-mails"
BILLING = "billing"


async def _before_the_cycle(step: str, work: Awaitable[object], failed: list[StepFailed]) -> None:
    """A step the cycle does without: lexoffice out of reach is ordinary (the cycle holds by
    itself when the data is too old, and re-reads each invoice before it is sent); any other
    failure is reported, and the cycle runs all the same."""
    try:
        await work
    except LexofficeUnavailable:  # a lost connection too: the cycle says so
        return
    except Exception as error:
        failed.append(StepFailed(step, error))


async def run_day(
    ports: DailyPorts, tenant_id: UUID, *, dry_run: bool = False, progress: Progress = UNWATCHED
) -> DayReport:
    """A tenant's day, as the scheduled job (`serve`, `worker`) does it: sync, the dunning
    cycle, the thank-you e-mails, the owner's digest, then billing (`automahntion run` leaves
    out what its ports leave out).

    A failed sync is not fatal: the cycle then holds by itself if the data is too old. The
    languages of overdue invoices are read ahead before the cycle (`languages`), so that the
    cycle reads the details of only those that the budget left.
    Thank-yous go after dunning (they need no fresh sync: the payment was seen already); the
    owner's digest after them, telling of what today left for them; billing last. A step that
    fails (the sync, the read-ahead, or one after the cycle) does not keep the next ones from
    running: the report names it. A dry
    run is the cycle alone, and it stores and sends nothing. `progress` counts the sync's
    steps, the invoices read ahead and the messages sent."""
    if dry_run:
        return DayReport(await run_cycle(ports.dunning, tenant_id, dry_run=True))
    dunning = ports.dunning
    failed: list[StepFailed] = []
    if ports.sync_first:
        await _before_the_cycle(
            SYNC,
            sync_tenant(dunning.units, dunning.gateways, tenant_id, dunning.clock, progress),
            failed,
        )
    await _before_the_cycle(
        LANGUAGES,
        read_ahead(dunning.units, dunning.gateways, tenant_id, dunning.clock, progress=progress),
        failed,
    )
    cycle = await run_cycle(dunning, tenant_id, progress=progress)
    thanks = None
    if ports.thank_yous is not None:
        try:
            thanks = await send_thank_yous(ports.thank_yous, tenant_id)
        except Exception as error:
            failed.append(StepFailed(THANK_YOUS, error))
    if ports.digest is not None:
        await digest_only(ports.digest, tenant_id)
    billing = None
    if ports.billing is not None and ports.billing.payments is not None:
        try:
            billing = await run_billing(ports.billing, tenant_id)
        except Exception as error:
            failed.append(StepFailed(BILLING, error))
    return DayReport(cycle, thanks, billing, tuple(failed))


async def run_day_within(
    limit_s: float,
    ports: DailyPorts,
    tenant_id: UUID,
    *,
    dry_run: bool = False,
    progress: Progress = UNWATCHED,
) -> DayReport:
    """`run_day`, cut off after `limit_s` (`automahntion run`, the worker's daily job and
    `serve`'s in-process one): a day cut off is stopped where it stood, logged in one
    line (`"event": "tenant_failed"` with `cut_off_after_s`, inside the caller's
    `log_context`) and raised as `DayCutOff`. A timeout of the day's own goes up as it is."""
    try:
        async with asyncio.timeout(limit_s) as deadline:
            return await run_day(ports, tenant_id, dry_run=dry_run, progress=progress)
    except TimeoutError:
        if not deadline.expired():
            raise
        cut_off = DayCutOff(limit_s)
        log.error("%s", cut_off, extra={"event": "tenant_failed", "cut_off_after_s": limit_s})
        raise cut_off from None


async def digest_only(ports: DigestPorts, tenant_id: UUID) -> None:
    """The owner's digest, also alone for a tenant that gets no daily run (its lexoffice
    connection is lost). One that cannot go out is logged and tried again with tomorrow's run
    (nothing is remembered as reported); it never fails the day."""
    try:
        told = await send_digest(ports, tenant_id)
    except Exception:
        log.exception("the attention digest failed", extra={"event": "digest_failed"})
        return
    if told:
        log.info("attention digest sent: %d new items", told, extra={"event": "digest_sent"})
