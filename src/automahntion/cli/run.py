"""`automahntion run [--tenant ID] [--as-of …] [--dry-run [--json]]`: one dunning cycle now on
what the last sync stored, then the thank-you e-mails that are due — the scheduled day's use
case without its sync, digest and billing (interface.md); a dry run is the cycle alone and
stores and sends nothing (with `--json`, one object per tenant for scripts). Each tenant's day
gets the time the worker gives it (`DAILY_JOB_TIMEOUT_S`): one that hangs is cut off, and the
others still get theirs."""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections import Counter
from typing import Any, TextIO
from uuid import UUID

from automahntion.app.daily import (
    DailyPorts,
    DayCutOff,
    DayReport,
    run_day_within,
)
from automahntion.app.dunning import CycleReport
from automahntion.app.log_context import log_context
from automahntion.app.loyalty.thank_yous import SWITCHED_OFF, ThankYouReport
from automahntion.app.tenants.records import Tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.heap import settle_startup_heap
from automahntion.cli.as_json import print_json
from automahntion.cli.progress import progress_display
from automahntion.cli.sync import check_failures, failure, log_failure

NOT_YET_ACTIVE = "not activated: none of this goes out before the owner activates it"
CONCURRENT_TENANTS = 16
"""Tenants are paced by lexoffice one by one; several run side by side."""

log = logging.getLogger(__name__)


def row(number: str, customer: str, level: str, channel: str, recipient: str, outcome: str) -> str:
    """One message line, as `run` and `tenants activate` print it."""
    return f"  {number:<14} {customer[:24]:<24} {level:<3} {channel:<7} {recipient:<32} {outcome}"


def print_report(report: CycleReport, name: str, out: TextIO) -> None:
    if report.held:
        print(f"{report.tenant_id}  {name}: {report.day:%d.%m.%Y}: {report.held}", file=out)
        return
    print(f"{report.tenant_id}  {name}: {report.day:%d.%m.%Y}", file=out)
    if not report.lines:
        print("  nothing due", file=out)
    for line in report.lines:
        print(
            row(
                line.invoice_number,
                line.customer,
                line.level.value,
                line.channel.value,
                line.recipient,
                line.outcome,
            ),
            file=out,
        )


def print_thank_yous(report: ThankYouReport, out: TextIO) -> None:
    if report.held == SWITCHED_OFF:
        return
    if report.held:
        print(f"  thank-you e-mails: {report.held}", file=out)
        return
    for line in report.lines:
        print(
            row(line.invoice_number, line.customer, "DANK", "email", line.recipient, line.outcome),
            file=out,
        )
    if report.waiting:
        print(f"  {report.waiting} thank-you e-mails wait for next month's quota", file=out)


def _as_json(tenant: Tenant, report: CycleReport) -> dict[str, Any]:
    """One tenant's dry run: its day, why it is held, and a line per invoice that would get a
    message (or whose letter cannot be printed)."""
    return {
        "tenantId": tenant.id,
        "tenantName": tenant.name,
        "activated": tenant.activated,
        "date": report.day,
        "held": report.held,
        "messages": [
            {
                "invoiceNumber": line.invoice_number,
                "customer": line.customer,
                "level": line.level,
                "channel": line.channel,
                "recipient": line.recipient,
                "outcome": line.kind,
                "detail": line.outcome,
            }
            for line in report.lines
        ],
    }


def _print_day(tenant: Tenant, day: DayReport, dry_run: bool, out: TextIO) -> None:
    print_report(day.cycle, tenant.name, out)
    if dry_run and not tenant.activated:
        print(f"  {NOT_YET_ACTIVE} (automahntion tenants activate {tenant.id})", file=out)
    if day.thank_yous is not None:
        print_thank_yous(day.thank_yous, out)


def _log_day(day: DayReport, dry_run: bool) -> None:
    """One line per tenant's day, and one per step of it that failed."""
    log.info(
        "cycle done",
        extra={
            "event": "tenant_run",
            "day": day.cycle.day,
            "dry_run": dry_run,
            "held": day.cycle.held,
            "outcomes": dict(Counter(line.kind.value for line in day.cycle.lines)),
            "thank_yous": len(day.thank_yous.sent) if day.thank_yous is not None else 0,
        },
    )
    for step in day.failed:
        log_failure(step.error, step.step)


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    """A failing tenant, or one whose day is cut off after the container's `day_limit_s`, does
    not stop the others; the command fails at the end naming each (`TenantsFailed`)."""
    settle_startup_heap()
    async with container.database.unit_of_work() as uow:
        tenants = (
            [await uow.tenant(args.tenant).account.get()]
            if args.tenant is not None
            else await uow.tenants.all()
        )
    limit = asyncio.Semaphore(CONCURRENT_TENANTS)
    ports = DailyPorts(container.dunning, container.thank_yous, sync_first=False)
    with progress_display() as display:
        done = display.bar("tenants run")
        work = display.bar("invoices and messages")
        done.start(len(tenants))

        async def one(tenant_id: UUID) -> DayReport:
            async with limit:
                with log_context(tenant_id=tenant_id):
                    try:
                        day = await run_day_within(
                            container.day_limit_s,
                            ports,
                            tenant_id,
                            dry_run=args.dry_run,
                            progress=work,
                        )
                    except DayCutOff:  # logged as it was cut off
                        raise
                    except Exception as error:
                        log_failure(error, "dunning cycle")
                        raise
                    finally:
                        done.advance()
                    _log_day(day, args.dry_run)
                    return day

        outcomes = await asyncio.gather(
            *(one(tenant.id) for tenant in tenants), return_exceptions=True
        )
    failures = []
    shown = []
    for tenant, outcome in zip(tenants, outcomes, strict=True):
        if isinstance(outcome, DayCutOff):
            failures.append(f"{tenant.id}  {tenant.name}: {outcome}")
            if not args.json:
                print(f"{tenant.id}  {tenant.name}: {outcome}", file=out)
            continue
        if isinstance(outcome, Exception):
            failures.append(failure(tenant, outcome, "dunning cycle"))
            if not args.json:
                print(f"{tenant.id}  {tenant.name}: the cycle failed", file=out)
            continue
        if isinstance(outcome, BaseException):
            raise outcome
        if args.json:
            shown.append(_as_json(tenant, outcome.cycle))
        else:
            _print_day(tenant, outcome, args.dry_run, out)
        failures.extend(failure(tenant, step.error, step.step) for step in outcome.failed)
    if args.json:
        print_json(shown, out)
    check_failures(failures, len(tenants), "the cycle failed")
