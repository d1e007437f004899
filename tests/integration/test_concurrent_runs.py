"""Two `automahntion run` processes started at the same moment against PostgreSQL send each
due message exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace

import pytest

from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.messages.records import MessageState
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.domain.quota import Plan
from tests.integration.conftest import (
    SECRET_KEY,
    drop_postgres_database_later,
    migrated_postgres_database,
)
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.smtp_sink import Sink

INVOICES = 12


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name, url = migrated_postgres_database()
    yield url
    drop_postgres_database_later(name)


async def test_two_run_processes_send_each_message_once(
    sandbox: Sandbox, postgres_url: str
) -> None:
    org = sandbox.organization("Großhandel Nord")
    oid = org["organizationId"]
    for n in range(INVOICES):
        contact = sandbox.contact(oid, f"Kunde {n}", business=[f"kunde{n}@example.org"])
        sandbox.voucher(
            oid,
            voucherNumber=f"RE-{n:03d}",
            dueDate="2026-11-20",
            totalAmount=100.0 + n,
            contactId=contact,
        )
    settings = replace(
        settings_for(sandbox, postgres_url, "http://127.0.0.1:9"), lexoffice_rate=200
    )
    container = await Container.start(settings, TestClock())
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Großhandel Nord", "chef@grosshandel.example", plan=Plan.BUSINESS),
            container.clock.now(),
            "amk_" + "c" * 43,
            await verify_api_key(container.gateways, org["apiKey"]),
        )
        await activate(container.database.unit_of_work, created.tenant.id, container.clock.now())
        await sync_tenant(
            container.database.unit_of_work, container.gateways, created.tenant.id, container.clock
        )
    finally:
        await container.stop()
    with Sink() as sink:
        env = {
            **os.environ,
            "AUTOMAHNTION_DATABASE_URL": postgres_url,
            "AUTOMAHNTION_SECRET_KEY": SECRET_KEY,
            "AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url,
            "AUTOMAHNTION_LEXOFFICE_RATE": "200",
            "AUTOMAHNTION_MAIL_HOST": sink.host,
            "AUTOMAHNTION_MAIL_PORT": str(sink.port),
            "AUTOMAHNTION_MAIL_TLS": "none",
            "AUTOMAHNTION_MAIL_FROM": "no-reply@automahntion.example",
        }
        command = [sys.executable, "-m", "automahntion", "run", "--as-of", "2026-11-27T09:00"]
        runs = [
            subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120) for run in runs]
        received = list(sink.messages)
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    sent_lines = [
        line for out, _ in outputs for line in out.splitlines() if line.rstrip().endswith(" sent")
    ]
    assert len(sent_lines) == INVOICES
    assert len(received) == INVOICES
    assert len({m.message["Message-ID"] for m in received}) == INVOICES
    container = await Container.start(settings, TestClock())
    try:
        async with container.database.unit_of_work() as uow:
            store = uow.tenant(created.tenant.id)
            rows = [
                m
                for stored in await store.invoices.all()
                for m in await store.messages.for_invoice(stored.id)
            ]
    finally:
        await container.stop()
    assert len(rows) == INVOICES
    assert {m.state for m in rows} == {MessageState.SENT}
