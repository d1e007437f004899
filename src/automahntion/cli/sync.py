"""`automahntion sync [--tenant ID] [--as-of …]`."""

from __future__ import annotations

import argparse
from typing import TextIO
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.lexoffice import LexofficeDisconnected, LexofficeUnavailable
from automahntion.app.sync import sync_tenant
from automahntion.bootstrap.container import Container


def tenant_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a tenant id (a UUID)") from None


class SyncFailed(Exception):
    pass


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    """All tenants, or the one named; a failing tenant does not stop the others."""
    units = container.database.unit_of_work
    if args.tenant is not None:
        async with units() as uow:
            tenants = [await uow.tenant(args.tenant).account.get()]
    else:
        async with units() as uow:
            tenants = await uow.tenants.all()
    failures = 0
    for tenant in tenants:
        try:
            report = await sync_tenant(units, container.gateways, tenant.id, container.clock)
        except (LexofficeDisconnected, LexofficeUnavailable, NotFound) as error:
            failures += 1
            print(f"{tenant.id}  {tenant.name}: not synced: {error}", file=out)
            continue
        kind = "full" if report.full else "changes"
        counts = report.admission
        print(
            f"{tenant.id}  {tenant.name}: {kind} sync, {report.vouchers_seen} vouchers listed, "
            f"{report.contacts_fetched} contacts fetched; {counts.admitted} admitted, "
            f"{counts.waiting} waiting, {counts.blocked} blocked",
            file=out,
        )
    if failures and (args.tenant is not None or failures == len(tenants)):
        raise SyncFailed(f"{failures} of {len(tenants)} tenants could not be synced")
