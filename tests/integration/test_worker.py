"""The arq worker on the real Redis: the daily job runs once per tenant and day, whoever
enqueues it how often."""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from pathlib import Path

from arq import create_pool
from arq.connections import RedisSettings

from automahntion.app.daily import daily_job_id
from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import DAILY_JOB, Container
from automahntion.bootstrap.worker import build_worker
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.smtp_sink import Sink

REDIS_URL = os.environ.get("AUTOMAHNTION_TEST_WORKER_REDIS_URL", "redis://127.0.0.1:6379/14")


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
