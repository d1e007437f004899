"""`automahntion run` gives each tenant's day the time the worker gives it, on PostgreSQL with
the lexoffice sandbox and real SMTP servers: a tenant whose day hangs is cut off, one line
names it, the others still get their day, and the command fails at the end naming it. What was
being handed over when the day was cut off stays `sending` for review and never goes out again
by itself."""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID

import asyncpg
import pytest

from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.app.billing.records import SubscriptionRecord
from automahntion.app.mail.records import SmtpServer, SmtpTls
from automahntion.app.messages.records import MessageState
from automahntion.cli import run
from automahntion.cli.sync import TenantsFailed
from automahntion.domain.quota import Plan
from tests.integration import test_review_faults
from tests.integration.lexoffice_env import Sandbox
from tests.integration.test_review_faults import World, _messages, _tenant, started_world
from tests.smtp_sink import Sink

postgres_url = test_review_faults.postgres_url

DAY_LIMIT_S = 15.0
"""Short, yet long enough for a day of one message on a busy machine."""
BOUND_S = 90.0
"""How long the test waits for the run: without the cut-off it never ends."""
DUE = "2026-11-20"


@pytest.fixture
async def world(sandbox: Sandbox, postgres_url: str, tmp_path: Path) -> AsyncIterator[World]:
    """The service as `automahntion run` builds it, without `serve` (nothing here needs it)."""
    async with started_world(sandbox, postgres_url, tmp_path, day_limit_s=DAY_LIMIT_S) as world:
        yield world


async def _own_smtp_server(world: World, tenant: UUID, server: Sink) -> None:
    """The SMTP add-on, bought and pointed at `server`."""
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant)
        record = SubscriptionRecord(Plan.PRO, smtp_addon_bought_at=world.clock.now())
        await store.subscription.save(record, world.clock.now())
        await store.smtp.save(
            SmtpServer(server.host, server.port, "mahnung@haengt.example", SmtpTls.NONE)
        )


async def _states(world: World, tenant: UUID) -> list[MessageState]:
    return sorted(m.state for m in await _messages(world, tenant))


async def _run(world: World, out: io.StringIO) -> None:
    arguments = argparse.Namespace(tenant=None, dry_run=False, json=False)
    try:
        async with asyncio.timeout(BOUND_S):
            await run.run(arguments, world.container, out)
    except TimeoutError:
        pytest.fail(f"the run did not end within {BOUND_S:g} s: a hanging tenant stopped it")


async def test_a_hanging_tenant_is_cut_off_and_the_others_get_their_day(
    world: World, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    mailing, _, _ = await _tenant(world, 1, DUE)
    locked, _, _ = await _tenant(world, 1, DUE)
    fine, _, _ = await _tenant(world, 1, DUE)
    names = {}
    async with world.container.database.unit_of_work() as uow:
        for tenant in (mailing, locked, fine):
            names[tenant] = (await uow.tenant(tenant).account.get()).name
    # A session that holds the tenant's invoices and does not end, as a psql session left
    # open in a transaction would: no lock timeout ends the wait for them.
    holder = await asyncpg.connect(postgres_url)
    holding = holder.transaction()
    await holding.start()
    invoices = InvoiceRow._meta.tablename
    await holder.execute(f'SELECT 1 FROM "{invoices}" WHERE tenant = $1 FOR UPDATE', locked)
    with Sink() as stalled:
        stalled.delay_replies(3600)  # takes the message, answers in an hour
        await _own_smtp_server(world, mailing, stalled)
        out = io.StringIO()
        try:
            with caplog.at_level(logging.ERROR), pytest.raises(TenantsFailed) as failed:
                await _run(world, out)
        finally:
            await holding.rollback()
            await holder.close()
        assert len(stalled.messages) == 1
        stalled.delay_replies(0)

        cut_off = f"cut off after {DAY_LIMIT_S:g} s"
        reason = (
            f"{cut_off}, its day unfinished (a message being handed over stays 'sending' for "
            "review)"
        )
        assert failed.value.lines[0] == "the cycle failed for 2 of 3 tenants:"
        assert sorted(failed.value.lines[1:]) == sorted(
            f"  {tenant}  {names[tenant]}: {reason}" for tenant in (mailing, locked)
        )
        printed = out.getvalue().splitlines()
        for tenant in (mailing, locked):
            named = f"{tenant}  {names[tenant]}: "
            assert [line for line in printed if line.startswith(named)] == [named + reason]
        assert f"{fine}  {names[fine]}: 27.11.2026" in printed
        assert [line for line in printed if line.endswith(" sent")], printed
        assert len(world.sink.messages) == 1
        logged = [r for r in caplog.records if cut_off in r.getMessage()]
        assert [getattr(r, "event", None) for r in logged] == ["tenant_failed"] * 2

        assert await _states(world, mailing) == [MessageState.SENDING]
        assert await _states(world, locked) == []
        assert await _states(world, fine) == [MessageState.SENT]

        again = io.StringIO()
        await _run(world, again)
        assert len(stalled.messages) == 1, "the message left for review went out again"
        assert await _states(world, mailing) == [MessageState.SENDING]
        assert await _states(world, locked) == [MessageState.SENT]
        assert len(world.sink.messages) == 2
