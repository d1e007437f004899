"""`automahntion sync [--tenant ID] [--as-of …]`."""

from __future__ import annotations

import argparse
from typing import TextIO
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.lexoffice.languages import read_ahead
from automahntion.app.lexoffice.ports import LexofficeUnavailable
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.tenants.records import Tenant
from automahntion.bootstrap.container import Container
from automahntion.cli.progress import progress_display

EXPECTED = (LexofficeUnavailable, NotFound)
"""Failures an operator reads without the exception's name."""


def tenant_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a tenant id (a UUID)") from None


class TenantsFailed(Exception):
    """Some tenants failed, every other one was done: one line for each that failed."""

    def __init__(self, summary: str, failures: list[str]) -> None:
        self.lines = [summary, *(f"  {failure}" for failure in failures)]
        super().__init__("\n".join(self.lines))


def failure(tenant: Tenant, error: Exception, step: str | None = None) -> str:
    reason = str(error) if isinstance(error, EXPECTED) else f"{type(error).__name__}: {error}"
    line = " ".join(reason.split()) or type(error).__name__
    return f"{tenant.id}  {tenant.name}: {f'{step}: ' if step else ''}{line}"


def check_failures(failures: list[str], total: int, what: str) -> None:
    if failures:
        raise TenantsFailed(f"{what} for {len(failures)} of {total} tenants:", failures)


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    """All tenants, or the one named; a failing tenant does not stop the others, and the
    command fails at the end naming each one that failed."""
    units = container.database.unit_of_work
    if args.tenant is not None:
        async with units() as uow:
            tenants = [await uow.tenant(args.tenant).account.get()]
    else:
        async with units() as uow:
            tenants = await uow.tenants.all()
    failures = []
    with progress_display() as display:
        done = display.bar("tenants synced")
        reads = display.bar("lexoffice steps")
        out = display.output(out)
        done.start(len(tenants))
        for tenant in tenants:
            try:
                report = await sync_tenant(
                    units, container.gateways, tenant.id, container.clock, reads
                )
                languages = await read_ahead(
                    units, container.gateways, tenant.id, container.clock, progress=reads
                )
            except Exception as error:
                failures.append(failure(tenant, error))
                print(f"{tenant.id}  {tenant.name}: not synced", file=out)
                continue
            finally:
                done.advance()
            kind = "full" if report.full else "changes"
            counts = report.admission
            print(
                f"{tenant.id}  {tenant.name}: {kind} sync, {report.vouchers_seen} vouchers "
                f"listed, {report.contacts_fetched} contacts fetched; {counts.admitted} "
                f"admitted, {counts.waiting} waiting, {counts.blocked} blocked; "
                f"languages read ahead: {languages}",
                file=out,
            )
    check_failures(failures, len(tenants), "the sync failed")
