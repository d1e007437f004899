"""Two `automahntion worker` processes on one Redis and one PostgreSQL share the daily work:
every due message goes out once, and no organization gets more lexoffice requests than its
rate (the sandbox answers 429 to anything faster)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import pytest
from redis import Redis

from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.domain.quota import Plan
from tests.integration.conftest import drop_postgres_database_later, migrated_postgres_database
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, environment, settings_for
from tests.smtp_sink import Sink

REDIS_URL = os.environ.get("AUTOMAHNTION_TEST_SCALE_REDIS_URL", "redis://127.0.0.1:6379/13")
TENANTS = 4
INVOICES_PER_TENANT = 3
RATE = 2.0
AS_OF = "2026-11-27T09:30"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name, url = migrated_postgres_database()
    yield url
    drop_postgres_database_later(name)


@pytest.fixture
def redis_db() -> Iterator[None]:
    redis = Redis.from_url(REDIS_URL)
    try:
        redis.flushdb()
    except OSError as error:
        pytest.fail(f"Redis is needed for this test ({REDIS_URL}): {error}")
    yield
    redis.flushdb()
    redis.close()


def _seed(sandbox: Sandbox) -> list[dict[str, str]]:
    orgs = []
    for t in range(TENANTS):
        org = sandbox.organization(f"Betrieb {t}")
        for n in range(INVOICES_PER_TENANT):
            contact = sandbox.contact(
                org["organizationId"], f"Kunde {t}-{n}", business=[f"k{t}-{n}@example.org"]
            )
            sandbox.voucher(
                org["organizationId"],
                voucherNumber=f"RE-{t}-{n}",
                dueDate="2026-11-20",
                totalAmount=50.0 + n,
                contactId=contact,
            )
        orgs.append(org)
    return orgs


async def _tenants(settings: object, orgs: list[dict[str, str]]) -> None:
    container = await Container.start(settings, TestClock())  # type: ignore[arg-type]
    try:
        for t, org in enumerate(orgs):
            created = await create_tenant(
                container.database.unit_of_work,
                NewTenant(f"Betrieb {t}", f"chef{t}@example.org", plan=Plan.BUSINESS),
                container.clock.now(),
                f"amk_{t}" + "s" * 42,
                await verify_api_key(container.gateways, org["apiKey"]),
            )
            await activate(
                container.database.unit_of_work, created.tenant.id, container.clock.now()
            )
    finally:
        await container.stop()


def _daily_runs(log: str) -> list[str]:
    runs = []
    for line in log.splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("event") == "daily_run":
                runs.append(entry["tenant_id"])
    return runs


async def test_two_workers_share_the_days_work_once_and_within_the_rate(
    sandbox: Sandbox, postgres_url: str, redis_db: None
) -> None:
    orgs = _seed(sandbox)
    with Sink() as sink:
        settings = replace(
            settings_for(sandbox, postgres_url, "http://127.0.0.1:9", rate=RATE),
            redis_url=REDIS_URL,
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
        )
        await _tenants(settings, orgs)
        sandbox.control("DELETE", "/requests")
        sandbox.control("PUT", "/rate", json={"perSecond": RATE})
        command = [sys.executable, "-m", "automahntion", "worker", "--as-of", AS_OF]
        workers = [
            subprocess.Popen(
                command,
                env=environment(settings),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        try:
            deadline = time.monotonic() + 120
            expected = TENANTS * INVOICES_PER_TENANT
            while len(sink.messages) < expected and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(3)
        finally:
            for worker in workers:
                worker.terminate()
            logs = [worker.communicate(timeout=30)[1] for worker in workers]
        received = list(sink.messages)
    requests = sandbox.control("GET", "/requests")["requests"]
    assert len(received) == expected, logs
    assert len({m.message["Message-ID"] for m in received}) == expected
    assert len({str(m.message["Subject"]) for m in received}) == expected
    runs = Counter(run for log in logs for run in _daily_runs(log))
    assert len(runs) == TENANTS, logs
    assert set(runs.values()) == {1}
    assert [r for r in requests if r["status"] == 429] == []
    per_org_second = Counter(
        (r["organizationId"], int(r["at"])) for r in requests if r["organizationId"]
    )
    assert max(per_org_second.values()) <= RATE + 1
