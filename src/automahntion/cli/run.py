"""`automahntion run [--tenant ID] [--as-of …] [--dry-run]`: one dunning cycle now on what the
last sync stored, then the thank-you e-mails that are due — the scheduled day's use case
without its sync, digest and billing (interface.md); a dry run is the cycle alone and stores
and sends nothing."""

from __future__ import annotations

import argparse
import asyncio
from typing import TextIO
from uuid import UUID

from automahntion.app.daily import DailyPorts, DayReport, run_day
from automahntion.app.dunning import CycleReport
from automahntion.app.loyalty.thank_yous import SWITCHED_OFF, ThankYouReport
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.heap import settle_startup_heap
from automahntion.cli.sync import check_failures, failure

NOT_YET_ACTIVE = "not activated: none of this goes out before the owner activates it"
CONCURRENT_TENANTS = 16
"""Tenants are paced by lexoffice one by one; several run side by side."""


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


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    settle_startup_heap()
    async with container.database.unit_of_work() as uow:
        tenants = (
            [await uow.tenant(args.tenant).account.get()]
            if args.tenant is not None
            else await uow.tenants.all()
        )
    limit = asyncio.Semaphore(CONCURRENT_TENANTS)
    ports = DailyPorts(container.dunning, container.thank_yous, sync_first=False)

    async def one(tenant_id: UUID) -> DayReport:
        async with limit:
            return await run_day(ports, tenant_id, dry_run=args.dry_run)

    outcomes = await asyncio.gather(*(one(tenant.id) for tenant in tenants), return_exceptions=True)
    failures = []
    for tenant, outcome in zip(tenants, outcomes, strict=True):
        if isinstance(outcome, Exception):
            failures.append(failure(tenant, outcome, "dunning cycle"))
            print(f"{tenant.id}  {tenant.name}: the cycle failed", file=out)
            continue
        if isinstance(outcome, BaseException):
            raise outcome
        print_report(outcome.cycle, tenant.name, out)
        if args.dry_run and not tenant.activated:
            print(f"  {NOT_YET_ACTIVE} (automahntion tenants activate {tenant.id})", file=out)
        if outcome.thank_yous is not None:
            print_thank_yous(outcome.thank_yous, out)
        failures.extend(failure(tenant, step.error, step.step) for step in outcome.failed)
    check_failures(failures, len(tenants), "the cycle failed")
