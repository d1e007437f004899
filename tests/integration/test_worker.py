"""The arq worker on the real Redis: the daily job runs once per tenant and day, whoever
enqueues it how often; a day that hangs is cut off by the worker itself, logged in the same
`tenant_failed` line as `run` and `serve` write, and the other tenants get their day."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from arq import create_pool
from arq.connections import RedisSettings
from arq.jobs import Job
from arq.worker import Worker

from automahntion.app.daily import daily_job_id
from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.messages.records import MessageState
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import DAILY_JOB, Container
from automahntion.bootstrap.worker import build_worker
from tests.integration import test_review_faults
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.integration.test_review_faults import FRIDAY, World, _tenant, sink_settings
from tests.integration.test_run_cut_off import _own_smtp_server, _states
from tests.integration.test_serve_cut_off import _JsonLines
from tests.smtp_sink import Sink

REDIS_URL = os.environ.get("AUTOMAHNTION_TEST_WORKER_REDIS_URL", "redis://127.0.0.1:6379/14")
postgres_url = test_review_faults.postgres_url

DAY_LIMIT_S = 15.0
"""Short, yet long enough for a day of one message (sync, cycle, digest) on a busy machine."""
BOUND_S = 120.0
"""How long the test waits for the worker: without the day's own cut-off only arq's ends it."""
RECIPIENT = "buchhaltung@cafe.example"


async def test_the_daily_job_runs_once_and_sends_once(sandbox: Sandbox, tmp_path: Path) -> None:
    url = migrated_sqlite_at(tmp_path / "worker.sqlite3")
    org = sandbox.organization("Café Morgenrot")
    contact = sandbox.contact(org["organizationId"], "Kunde", business=["k@kunde.example"])
    sandbox.voucher(
        org["organizationId"],
        voucherNumber="RE-1",
        dueDate="2026-11-20",
        totalAmount=10.0,
        contactId=contact,
    )
    queue = f"test:{uuid.uuid4().hex}"
    redis = await create_pool(RedisSettings.from_dsn(REDIS_URL), default_queue_name=queue)
    with Sink() as sink:
        settings = replace(
            settings_for(sandbox, url, "http://127.0.0.1:9"),
            redis_url=REDIS_URL,
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
        )
        clock = TestClock()
        container = await Container.start(settings, clock)
        try:
            created = await create_tenant(
                container.database.unit_of_work,
                NewTenant("Café Morgenrot", "chef@cafe.example"),
                clock.now(),
                "amk_" + "w" * 43,
                await verify_api_key(container.gateways, org["apiKey"]),
            )
            await activate(container.database.unit_of_work, created.tenant.id, clock.now())
        finally:
            await container.stop()
        job_id = daily_job_id(created.tenant.id, clock.now())
        taken = [
            await redis.enqueue_job(
                DAILY_JOB, str(created.tenant.id), _job_id=job_id, _queue_name=queue
            )
            for _ in range(3)
        ]
        worker = build_worker(settings, clock, burst=True)
        worker.queue_name = queue
        await worker.main()
        await worker.close()
        again = await redis.enqueue_job(
            DAILY_JOB, str(created.tenant.id), _job_id=job_id, _queue_name=queue
        )
        received = list(sink.messages)
    await redis.aclose()
    assert [t is not None for t in taken] == [True, False, False]
    assert again is None
    assert worker.jobs_complete == 1
    assert worker.jobs_failed == 0
    assert len(received) == 1
    assert str(received[0].message["Subject"]) == "Zahlungserinnerung: Rechnung RE-1"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def world(sandbox: Sandbox, postgres_url: str, tmp_path: Path) -> AsyncIterator[World]:
    """The tenants, on PostgreSQL with the lexoffice sandbox, on Friday; the worker builds its
    own container from the same settings, with Redis (`_worker_runs`)."""
    with Sink() as sink:
        settings = sink_settings(sandbox, postgres_url, "http://127.0.0.1:9", sink, tmp_path)
        clock = TestClock()
        world = World(sandbox, sink, settings, await Container.start(settings, clock), clock, "")
        try:
            world.at(FRIDAY)
            yield world
        finally:
            await world.container.stop()


async def _worker_runs(world: World, queue: str) -> Worker:
    """The worker, in burst mode, with a short day limit, till its queue is done. Only one
    database is started in a process at a time: the test's container stops meanwhile."""
    await world.container.stop()
    try:
        settings = replace(world.settings, redis_url=REDIS_URL)
        worker = build_worker(settings, world.clock, burst=True, day_limit_s=DAY_LIMIT_S)
        worker.queue_name = queue
        try:
            async with asyncio.timeout(BOUND_S):
                await worker.main()
        except TimeoutError:
            pytest.fail(f"the worker did not end within {BOUND_S:g} s: a day went on")
        finally:
            await worker.close()
    finally:
        world.container = await Container.start(world.settings, world.clock)
    return worker


async def test_the_worker_cuts_a_hanging_day_off_itself_and_the_other_tenant_gets_its_day(
    world: World,
) -> None:
    mailing, _, _ = await _tenant(world, 1, "2026-11-20")
    fine, _, _ = await _tenant(world, 1, "2026-11-20")
    queue = f"test:{uuid.uuid4().hex}"
    redis = await create_pool(RedisSettings.from_dsn(REDIS_URL), default_queue_name=queue)
    now = world.clock.now()
    job_ids = {tenant: daily_job_id(tenant, now) for tenant in (mailing, fine)}
    lines, arq_lines = _JsonLines(), _Records()
    ours, arqs = logging.getLogger("automahntion"), logging.getLogger("arq")
    levels = ours.level, arqs.level
    ours.setLevel(logging.INFO)
    arqs.setLevel(logging.INFO)
    ours.addHandler(lines)
    arqs.addHandler(arq_lines)
    try:
        with Sink() as stalled:
            stalled.delay_replies(3600)  # takes the message, answers in an hour
            await _own_smtp_server(world, mailing, stalled)
            for tenant, job_id in job_ids.items():
                assert await redis.enqueue_job(DAILY_JOB, str(tenant), _job_id=job_id) is not None
            worker = await _worker_runs(world, queue)
            assert len(stalled.messages) == 1
            stalled.delay_replies(0)
            again = await redis.enqueue_job(DAILY_JOB, str(mailing), _job_id=job_ids[mailing])
            result = await Job(job_ids[mailing], redis, _queue_name=queue).result_info()
    finally:
        await redis.aclose()
        ours.removeHandler(lines)
        arqs.removeHandler(arq_lines)
        ours.setLevel(levels[0])
        arqs.setLevel(levels[1])

    reason = (
        f"cut off after {DAY_LIMIT_S:g} s, its day unfinished (a message being handed over "
        "stays 'sending' for review)"
    )
    failed = [line for line in lines.lines if line["level"] in {"error", "critical"}]
    assert [(line["tenant_id"], line["message"]) for line in failed] == [(str(mailing), reason)], (
        "one line for the day cut off, and no other error"
    )
    assert failed[0]["event"] == "tenant_failed"
    assert failed[0]["cut_off_after_s"] == DAY_LIMIT_S
    assert failed[0]["job_id"] == job_ids[mailing]
    assert [r.getMessage() for r in arq_lines.records if r.levelno >= logging.WARNING] == [], (
        "arq did not cut the day off, nor tell of it a second time, with a traceback"
    )
    assert worker.jobs_complete == 2
    assert worker.jobs_failed == worker.jobs_retried == 0
    assert again is None, "a day cut off is not run again that day"
    assert result is not None
    assert result.result == reason
    finished = [line for line in lines.lines if line.get("event") == "daily_run"]
    assert [line["tenant_id"] for line in finished] == [str(fine)]
    assert await _states(world, mailing) == [MessageState.SENDING]
    assert await _states(world, fine) == [MessageState.SENT]
    assert sum(RECIPIENT in m.envelope_to for m in world.sink.messages) == 1
