"""Webhook deliveries through arq on the real Redis: the job queued once the event committed
is refused, its retry is deferred by the backoff's first wait and then taken."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from arq import create_pool
from arq.connections import RedisSettings
from arq.constants import default_queue_name

from automahntion.adapters.db.tables import WebhookDelivery as DeliveryRow
from automahntion.app.events.records import EventType
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.app.webhooks.endpoints import create_endpoint
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.worker import build_worker
from tests.integration.conftest import SECRET_KEY, migrated_sqlite_at
from tests.sandbox_server import running
from tests.webhook_receiver import Receiver

REDIS_URL = os.environ.get("AUTOMAHNTION_TEST_WORKER_REDIS_URL", "redis://127.0.0.1:6379/14")


class RealClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


async def test_a_refused_delivery_is_retried_by_the_worker_after_its_wait(tmp_path: Path) -> None:
    url = migrated_sqlite_at(tmp_path / "webhook-worker.sqlite3")
    redis = await create_pool(RedisSettings.from_dsn(REDIS_URL))
    await redis.delete(default_queue_name)
    receiver = Receiver()
    receiver.answer_next(500)
    clock = RealClock()
    settings = Settings(
        database_url=url, secret_key=SECRET_KEY, redis_url=REDIS_URL, webhook_allow_loopback=True
    )
    with running(receiver) as receiver_url:
        container = await Container.start(settings, clock)
        try:
            units = container.database.unit_of_work
            created = await create_tenant(
                units,
                NewTenant("Morgenrot", "chef@morgenrot.example"),
                clock.now(),
                "amk_" + "q" * 43,
            )
            tenant = created.tenant.id
            await create_endpoint(
                units,
                tenant,
                receiver_url + "/in",
                [],
                clock.now(),
                allow_loopback=True,
                registered_by=None,
                feedback=True,
            )
            async with units() as uow:
                event_id = await uow.tenant(tenant).events.record(
                    EventType.INVOICE_PAID, {"invoiceId": "i-1"}, clock.now()
                )
        finally:
            await container.stop()
        queued = await redis.zcard(default_queue_name)
        worker = build_worker(settings, clock, burst=True)
        started = datetime.now(UTC)
        await worker.main()
        await worker.close()
        took = datetime.now(UTC) - started
    await redis.aclose()
    assert queued == 1
    assert [(r.status, r.headers["webhook-id"]) for r in receiver.received] == [
        (500, str(event_id)),
        (200, str(event_id)),
    ]
    assert took.total_seconds() >= 5, "the retry waited for the first backoff step"
    assert worker.jobs_complete == 2
    container = await Container.start(settings, clock)
    try:
        rows = await DeliveryRow.select(DeliveryRow.state, DeliveryRow.attempts)
    finally:
        await container.stop()
    assert rows == [{"state": "delivered", "attempts": 2}]
