"""`automahntion sync [--tenant ID] [--as-of …]`."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import TextIO
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.lexoffice.languages import read_ahead
from automahntion.app.lexoffice.ports import LexofficeUnavailable
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.log_context import log_context
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.records import Tenant
from automahntion.bootstrap.container import Container
from automahntion.cli.progress import progress_display

EXPECTED = (LexofficeUnavailable, NotFound)
"""Failures an operator reads without the exception's name."""

log = logging.getLogger(__name__)


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


def log_failure(error: BaseException, step: str | None = None) -> None:
    """One JSON line for a tenant's failure (inside its `log_context`): an expected one (lexoffice
    unreachable, a tenant gone) as a warning, any other with its traceback."""
    what = f"{step} failed" if step else "failed"
    if isinstance(error, EXPECTED):
        log.warning("%s: %s", what, error, extra={"event": "tenant_failed", "step": step})
    else:
        log.error(
            "%s: %s: %s",
            what,
            type(error).__name__,
            error,
            exc_info=error,
            extra={"event": "tenant_failed", "step": step},
        )


def check_failures(failures: list[str], total: int, what: str) -> None:
    if failures:
        raise TenantsFailed(f"{what} for {len(failures)} of {total} tenants:", failures)


NEVER_CONNECTED = "never connected to lexoffice, skipped"


async def _connected_once(units: Callable[[], UnitOfWork]) -> tuple[list[Tenant], list[Tenant]]:
    """(tenants with a lexoffice connection, lost or not; those never connected): without
    `--tenant`, a tenant that has not connected yet has nothing to sync and is no failure (the
    daily schedule leaves it out too); a lost connection is, and is named."""
    async with units() as uow:
        tenants = await uow.tenants.all()
        connections = [await uow.tenant(t.id).connection.get() for t in tenants]
    return (
        [t for t, c in zip(tenants, connections, strict=True) if c is not None],
        [t for t, c in zip(tenants, connections, strict=True) if c is None],
    )


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    """All tenants, or the one named; a failing tenant does not stop the others, and the
    command fails at the end naming each one that failed."""
    units = container.database.unit_of_work
    never_connected: list[Tenant] = []
    if args.tenant is not None:
        async with units() as uow:
            tenants = [await uow.tenant(args.tenant).account.get()]
    else:
        tenants, never_connected = await _connected_once(units)
    failures = []
    with progress_display() as display:
        done = display.bar("tenants synced")
        reads = display.bar("lexoffice steps")
        out = display.output(out)
        for tenant in never_connected:
            with log_context(tenant_id=tenant.id):
                log.info(NEVER_CONNECTED, extra={"event": "tenant_skipped"})
            print(f"{tenant.id}  {tenant.name}: {NEVER_CONNECTED}", file=out)
        done.start(len(tenants))
        for tenant in tenants:
            with log_context(tenant_id=tenant.id):
                try:
                    report = await sync_tenant(
                        units, container.gateways, tenant.id, container.clock, reads
                    )
                    languages = await read_ahead(
                        units, container.gateways, tenant.id, container.clock, progress=reads
                    )
                except Exception as error:
                    log_failure(error, "sync")
                    failures.append(failure(tenant, error))
                    print(f"{tenant.id}  {tenant.name}: not synced", file=out)
                    continue
                finally:
                    done.advance()
                kind = "full" if report.full else "changes"
                counts = report.admission
                log.info(
                    "synced",
                    extra={
                        "event": "tenant_synced",
                        "kind": kind,
                        "vouchers_seen": report.vouchers_seen,
                        "contacts_fetched": report.contacts_fetched,
                        "admitted": counts.admitted,
                        "waiting": counts.waiting,
                        "blocked": counts.blocked,
                        "languages_read": languages,
                    },
                )
            print(
                f"{tenant.id}  {tenant.name}: {kind} sync, {report.vouchers_seen} vouchers "
                f"listed, {report.contacts_fetched} contacts fetched; {counts.admitted} "
                f"admitted, {counts.waiting} waiting, {counts.blocked} blocked; "
                f"languages read ahead: {languages}",
                file=out,
            )
    check_failures(failures, len(tenants), "the sync failed")
