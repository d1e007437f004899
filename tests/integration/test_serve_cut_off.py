"""`automahntion serve` without Redis runs the daily jobs in its own process (the embedded
scheduler's tick, `InProcessJobs`): there no arq cuts a day off, so a tenant whose day hung (a
mail server that takes the message and keeps its answer, a lock nobody lets go) kept its job
running for ever. Its day is now cut off as `automahntion run` cuts it off, on PostgreSQL with
the lexoffice sandbox and real SMTP servers: one `tenant_failed` line names it, the others
still get their day, and what was being handed over stays `sending` for review and never goes
out again by itself, not on the next sending day either."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import pytest

from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.adapters.jobs.inprocess import InProcessJobs
from automahntion.app.messages.records import MessageState
from automahntion.bootstrap.logs import JsonFormatter
from tests.integration import test_review_faults
from tests.integration.lexoffice_env import Sandbox
from tests.integration.test_review_faults import MONDAY, World, _tenant, started_world
from tests.integration.test_run_cut_off import _own_smtp_server, _states
from tests.smtp_sink import Sink

postgres_url = test_review_faults.postgres_url

DAY_LIMIT_S = 15.0
"""Short, yet long enough for a day of one message (sync, cycle, digest) on a busy machine."""
BOUND_S = 90.0
"""How long the test waits for the day's jobs: without the cut-off they never end."""
DUE = "2026-11-20"
RECIPIENT = "buchhaltung@cafe.example"


class _JsonLines(logging.Handler):
    """The lines as the process writes them, with the tenant of the work they belong to."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
async def world(sandbox: Sandbox, postgres_url: str, tmp_path: Path) -> AsyncIterator[World]:
    """The service as `automahntion serve` builds it without Redis, with a short day limit."""
    async with started_world(sandbox, postgres_url, tmp_path, day_limit_s=DAY_LIMIT_S) as world:
        yield world


async def _at_eight(world: World, tenant: UUID) -> None:
    """Its sending hour at 8, where the clock stands: the tick schedules its day."""
    async with world.container.database.unit_of_work() as uow:
        account = uow.tenant(tenant).account
        await account.save_settings(replace((await account.get()).settings, sending_hour=8))


async def _days(world: World) -> int:
    """One tick of the embedded scheduler, and the daily jobs it started, run to their end."""
    jobs = world.container.jobs
    assert isinstance(jobs, InProcessJobs)
    scheduled = await world.container.tick()
    try:
        async with asyncio.timeout(BOUND_S):
            await jobs.drain()
    except TimeoutError:
        pytest.fail(f"the daily jobs did not end within {BOUND_S:g} s: a hanging day went on")
    return scheduled


def _dunned(sink: Sink) -> int:
    return sum(RECIPIENT in m.envelope_to for m in sink.messages)


async def test_a_hanging_day_of_the_embedded_schedule_is_cut_off_and_the_others_get_theirs(
    world: World, postgres_url: str
) -> None:
    mailing, _, _ = await _tenant(world, 1, DUE)
    locked, _, _ = await _tenant(world, 1, DUE)
    fine, _, _ = await _tenant(world, 1, DUE)
    for tenant in (mailing, locked, fine):
        await _at_eight(world, tenant)
    lines = _JsonLines()
    logger = logging.getLogger("automahntion")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(lines)
    # A session that holds the tenant's invoices and does not end, as a psql session left
    # open in a transaction would: no lock timeout ends the wait for them.
    holder = await asyncpg.connect(postgres_url)
    holding = holder.transaction()
    await holding.start()
    invoices = InvoiceRow._meta.tablename
    await holder.execute(f'SELECT 1 FROM "{invoices}" WHERE tenant = $1 FOR UPDATE', locked)
    try:
        with Sink() as stalled:
            stalled.delay_replies(3600)  # takes the message, answers in an hour
            await _own_smtp_server(world, mailing, stalled)
            try:
                scheduled = await _days(world)
            finally:
                await holding.rollback()
                await holder.close()
            assert scheduled == 3
            assert len(stalled.messages) == 1
            stalled.delay_replies(0)

            reason = (
                f"cut off after {DAY_LIMIT_S:g} s, its day unfinished (a message being handed "
                "over stays 'sending' for review)"
            )
            failed = [
                line
                for line in lines.lines
                if line["level"] == "error" and line.get("tenant_id") in {str(mailing), str(locked)}
            ]
            assert sorted((line["tenant_id"], line["message"]) for line in failed) == sorted(
                (str(tenant), reason) for tenant in (mailing, locked)
            ), "one line for each day cut off, and no other error"
            assert {line["event"] for line in failed} == {"tenant_failed"}
            assert {line["cut_off_after_s"] for line in failed} == {DAY_LIMIT_S}
            finished = [line for line in lines.lines if line.get("event") == "daily_run"]
            assert [line["tenant_id"] for line in finished] == [str(fine)]

            assert await _states(world, mailing) == [MessageState.SENDING]
            assert await _states(world, locked) == []
            assert await _states(world, fine) == [MessageState.SENT]
            assert _dunned(world.sink) == 1

            # The next sending day: the locked tenant gets its day, the message left for
            # review is not sent again.
            world.at(MONDAY)
            assert await _days(world) == 3
            assert len(stalled.messages) == 1, "the message left for review went out again"
            assert await _states(world, mailing) == [MessageState.SENDING]
            assert await _states(world, locked) == [MessageState.SENT]
    finally:
        logger.removeHandler(lines)
        logger.setLevel(level)
