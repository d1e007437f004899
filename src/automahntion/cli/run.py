"""`automahntion run [--tenant ID] [--as-of …] [--dry-run]`: one dunning cycle now."""

from __future__ import annotations

import argparse
from typing import TextIO

from automahntion.app.dunning import CycleReport, run_cycle
from automahntion.bootstrap.container import Container


def print_report(report: CycleReport, name: str, out: TextIO) -> None:
    if report.held:
        print(f"{report.tenant_id}  {name}: {report.day:%d.%m.%Y}: {report.held}", file=out)
        return
    print(f"{report.tenant_id}  {name}: {report.day:%d.%m.%Y}", file=out)
    if not report.lines:
        print("  nothing due", file=out)
    for line in report.lines:
        print(
            f"  {line.invoice_number:<14} {line.customer[:24]:<24} {line.level.value:<3} "
            f"{line.channel.value:<7} {line.recipient:<32} {line.outcome}",
            file=out,
        )


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    async with container.database.unit_of_work() as uow:
        tenants = (
            [await uow.tenant(args.tenant).account.get()]
            if args.tenant is not None
            else await uow.tenants.all()
        )
    for tenant in tenants:
        report = await run_cycle(container.dunning, tenant.id, dry_run=args.dry_run)
        print_report(report, tenant.name, out)
