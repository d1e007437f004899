"""`serve` and `worker` as an operator runs them: they stop within 5 s of SIGTERM (Docker
kills after 10 s) even while lexoffice hangs, leave no claim `sending` that was never handed
over, keep ticking after a failed tick, and are not ready on a database not migrated."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.logs import JsonFormatter
from automahntion.bootstrap.schedule import run_ticks
from automahntion.bootstrap.settings import Settings
from automahntion.cli.threaded import serving
from tests.integration.conftest import (
    drop_postgres_database_later,
    fresh_postgres_database,
    migrated_sqlite_at,
    run_cli,
)
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import (
    CLOCK_START_TEXT,
    Sandbox,
    TestClock,
    environment,
    eventually,
    free_port,
    serving_api,
    settings_for,
)
from tests.integration.test_worker import REDIS_URL
from tests.stalling_proxy import StallingProxy

SHUTDOWN_DEADLINE_S = 5.0
"""The requirement; the measurement includes the interpreter's own exit."""


def _migrated_sqlite(tmp_path: Path) -> str:
    return migrated_sqlite_at(tmp_path / "processes.sqlite3")


async def _tenant_with_an_overdue_invoice(sandbox: Sandbox, settings: Settings) -> UUID:
    """A connected tenant with one invoice due for its first reminder on the clock's day,
    sent with the invoice PDF attached."""
    org = sandbox.organization("Café Morgenrot")
    contact = sandbox.contact(org["organizationId"], "Kunde", business=["k@kunde.example"])
    sandbox.voucher(
        org["organizationId"],
        voucherNumber="RE-1",
        dueDate="2026-11-20",
        totalAmount=10.0,
        contactId=contact,
    )
    clock = TestClock()
    container = await Container.start(settings, clock)
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Café Morgenrot", "chef@cafe.example"),
            clock.now(),
            "amk_" + "p" * 43,
            await verify_api_key(container.gateways, org["apiKey"]),
        )
        async with container.database.unit_of_work() as uow:
            account = uow.tenant(created.tenant.id).account
            settings_now = (await account.get()).settings
            await account.save_settings(replace(settings_now, attach_invoice_pdf=True))
        await activate(container.database.unit_of_work, created.tenant.id, clock.now())
    finally:
        await container.stop()
    return created.tenant.id


async def _messages(settings: Settings, tenant_id: UUID) -> list[SentMessage]:
    container = await Container.start(settings, TestClock())
    try:
        async with container.database.unit_of_work() as uow:
            store = uow.tenant(tenant_id)
            ids = [stored.id for stored in await store.invoices.all()]
            found = await store.messages.for_invoices(ids)
    finally:
        await container.stop()
    return [message for messages in found.values() for message in messages]


@pytest.fixture
def hanging_lexoffice(sandbox: Sandbox, request: pytest.FixtureRequest) -> Iterator[StallingProxy]:
    """The sandbox behind a proxy that never answers the paths `request.param` matches."""
    marker: str = request.param
    proxy = StallingProxy(sandbox.url, lambda path: marker in path)
    with serving(proxy) as url:
        proxy.url = url
        yield proxy


def _start(command: str, settings: Settings) -> subprocess.Popen[str]:
    arguments = [sys.executable, "-m", "automahntion", command, "--as-of", CLOCK_START_TEXT]
    if command == "serve":
        arguments += ["--port", settings.public_url.rsplit(":", 1)[1]]
    return subprocess.Popen(
        arguments,
        env=environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _seconds_to_exit_after_sigterm(process: subprocess.Popen[str]) -> float:
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return time.monotonic() - started


def _stall_seen(proxy: StallingProxy, process: subprocess.Popen[str]) -> None:
    if not proxy.stalled.wait(timeout=60):
        process.kill()
        output = process.communicate()[0]
        pytest.fail(f"lexoffice was never called:\n{output[-3000:]}")


@pytest.mark.parametrize("hanging_lexoffice", ["/v1/"], indirect=True)
@pytest.mark.parametrize("command", ["serve", "worker"])
async def test_a_process_stops_within_5_s_of_sigterm_while_lexoffice_hangs_in_a_sync(
    sandbox: Sandbox, hanging_lexoffice: StallingProxy, command: str, tmp_path: Path
) -> None:
    url = _migrated_sqlite(tmp_path)
    settings = settings_for(sandbox, url, f"http://127.0.0.1:{free_port()}")
    tenant_id = await _tenant_with_an_overdue_invoice(sandbox, settings)
    running = replace(
        settings,
        lexoffice_api_url=hanging_lexoffice.url,
        redis_url=REDIS_URL if command == "worker" else None,
    )
    process = _start(command, running)
    _stall_seen(hanging_lexoffice, process)
    took = _seconds_to_exit_after_sigterm(process)
    output = process.communicate()[0]
    assert took < SHUTDOWN_DEADLINE_S, f"{command} took {took:.1f} s to exit:\n{output[-3000:]}"
    assert await _messages(settings, tenant_id) == []


@pytest.mark.parametrize("hanging_lexoffice", ["/file"], indirect=True)
async def test_serve_stopped_between_claim_and_hand_over_releases_the_claim(
    sandbox: Sandbox, hanging_lexoffice: StallingProxy, tmp_path: Path
) -> None:
    """The invoice PDF is fetched after the claim and before the mail goes to the transport:
    a stop there sent nothing, so the claim must not stay `sending` (nobody could tell it
    from a message the server may have taken); it is due again on the next sending day."""
    url = _migrated_sqlite(tmp_path)
    settings = settings_for(sandbox, url, f"http://127.0.0.1:{free_port()}")
    tenant_id = await _tenant_with_an_overdue_invoice(sandbox, settings)
    running = replace(settings, lexoffice_api_url=hanging_lexoffice.url)
    process = _start("serve", running)
    _stall_seen(hanging_lexoffice, process)
    took = _seconds_to_exit_after_sigterm(process)
    output = process.communicate()[0]
    messages = await _messages(settings, tenant_id)
    assert took < SHUTDOWN_DEADLINE_S, f"serve took {took:.1f} s to exit:\n{output[-3000:]}"
    assert [(m.level.value, m.state) for m in messages] == [("R1", MessageState.FAILED)]
    reason = messages[0].failure_reason
    assert reason is not None
    assert "stopped before handing it over" in reason.english


def test_ready_is_503_until_the_database_is_migrated(sandbox_url: str) -> None:
    name, url = fresh_postgres_database()
    try:
        settings = settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}")
        with (
            serving_api(settings) as api_url,
            httpx.Client(base_url=api_url, trust_env=False) as http,
        ):
            before = http.get("/ready")
            assert run_cli("migrate", database_url=url).returncode == 0
            after = http.get("/ready")
    finally:
        drop_postgres_database_later(name)
    assert before.status_code == 503
    assert before.headers["content-type"].startswith("application/problem+json")
    assert before.json()["detail"].startswith("database: not migrated")
    assert (after.status_code, after.json()) == (200, {"database": "ok", "redis": "not configured"})


def test_ready_names_a_migration_the_database_lacks(sandbox_url: str, tmp_path: Path) -> None:
    url = _migrated_sqlite(tmp_path)
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        [(last,)] = connection.execute("SELECT max(name) FROM migration").fetchall()
        connection.execute("DELETE FROM migration WHERE name = ?", (last,))
    settings = settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}")
    with serving_api(settings) as api_url:
        answer = httpx.get(api_url + "/ready", trust_env=False)
    assert answer.status_code == 503
    assert "1 of" in answer.json()["detail"]
    assert last in answer.json()["detail"]


class _JsonLines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


async def test_the_embedded_schedule_logs_a_failed_tick_and_runs_the_next(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    url = _migrated_sqlite(tmp_path)
    database = url.removeprefix("sqlite:///")
    settings = settings_for(sandbox, url, "http://127.0.0.1:9")
    container = await Container.start(settings, TestClock())
    lines = _JsonLines()
    logger = logging.getLogger("automahntion.bootstrap.schedule")
    logger.addHandler(lines)
    ticks: list[int] = []

    async def tick() -> int:
        ticks.append(await container.tick())
        return ticks[-1]

    with sqlite3.connect(database) as connection:
        connection.execute('ALTER TABLE "tenant" RENAME TO "tenant_away"')
    schedule = asyncio.create_task(run_ticks(tick, interval_s=0.05))
    try:
        await eventually(lambda: lines.lines)
        with sqlite3.connect(database) as connection:
            connection.execute('ALTER TABLE "tenant_away" RENAME TO "tenant"')
        await eventually(lambda: ticks)
    finally:
        schedule.cancel()
        logger.removeHandler(lines)
        await container.stop()
    failure = lines.lines[0]
    assert failure["level"] == "error"
    assert failure["event"] == "tick_failed"
    assert "Traceback" in failure["exception"]
    assert "tenant" in failure["exception"]
    assert ticks[0] == 0
