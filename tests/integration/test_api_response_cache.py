"""The API on PostgreSQL keeps callers and invoice pages between requests; these tests change
the data behind them from another process (as the worker does), through the API, and with the
listening connection cut, and check that no answer is ever older than the change."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from automahntion.adapters.clock import AsOfClock
from automahntion.adapters.db.changes import APPLICATION_NAME
from automahntion.app.invoices.records import AdmissionState, AdmissionUpdate
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.quota import Plan
from automahntion.domain.recipients import Contact, EmailAddresses
from tests.integration.conftest import (
    SECRET_KEY,
    drop_postgres_database,
    fresh_postgres_database,
    run_cli,
)
from tests.integration.lexoffice_env import serving_api
from tests.sandbox_server import free_port

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 27)
KEY = "amk_" + "c" * 40
SECOND_KEY = "amk_" + "d" * 40
PAGE = "/v1/invoices?limit=250"
WAIT_S = 20.0
"""How long a change from another process may take to show: the feed reports in milliseconds;
this only keeps a slow machine from failing the test."""


async def _seed(url: str) -> uuid.UUID:
    container = await Container.start(
        Settings(database_url=url, secret_key=SECRET_KEY), AsOfClock(NOW)
    )
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Eisenwaren Kühn", "chef@kuehn.example", plan=Plan.PRO),
            NOW,
            KEY,
        )
        tenant_id = created.tenant.id
        invoices = [
            Invoice(
                lexoffice_id=f"inv-{n}",
                voucher_number=f"RE-{n:03d}",
                voucher_date=TODAY - timedelta(days=40),
                due_date=TODAY - timedelta(days=10 + n),
                total_cents=10_000,
                open_cents=10_000,
                contact_id="c-1",
                status=InvoiceStatus.OPEN,
            )
            for n in range(3)
        ]
        async with container.database.unit_of_work() as uow:
            store = uow.tenant(tenant_id)
            await store.contacts.upsert(
                [Contact("c-1", "Kunde GmbH", EmailAddresses(business=("buha@kunde.example",)))],
                {},
            )
            await store.invoices.upsert(invoices, NOW)
            await store.invoices.apply_admission(
                [AdmissionUpdate(i.lexoffice_id, AdmissionState.ADMITTED, None) for i in invoices],
                NOW,
            )
        return tenant_id
    finally:
        await container.stop()


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, str]]:
    """The API's URL and the database's, with one tenant of three invoices."""
    name, url = fresh_postgres_database()
    try:
        migrated = run_cli("migrate", database_url=url)
        assert migrated.returncode == 0, migrated.stderr
        asyncio.run(_seed(url))
        settings = Settings(
            database_url=url,
            secret_key=SECRET_KEY,
            public_url=f"http://127.0.0.1:{free_port()}",
            api_rate_limit=1_000_000,
        )
        with serving_api(settings) as api:
            yield api, url
    finally:
        drop_postgres_database(name)


def _sql(url: str, statement: str, *args: Any) -> Any:
    async def run() -> Any:
        connection = await asyncpg.connect(url)
        try:
            return await connection.fetch(statement, *args)
        finally:
            await connection.close()

    return asyncio.run(run())


def _write(method: str, url: str, body: dict[str, str]) -> httpx.Response:
    headers = {"Authorization": f"Bearer {KEY}"}
    return httpx.request(method, url, json=body, headers=headers, trust_env=False)


def _page(api: str, key: str = KEY) -> httpx.Response:
    return httpx.get(api + PAGE, headers={"Authorization": f"Bearer {key}"}, trust_env=False)


def _open_cents(api: str) -> dict[str, int]:
    response = _page(api)
    assert response.status_code == 200, response.text
    return {item["number"]: item["openCents"] for item in response.json()["items"]}


def _eventually(check: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def _pay_part(url: str, number: str, open_cents: int) -> None:
    _sql(url, "UPDATE invoice SET open_cents = $1 WHERE voucher_number = $2", open_cents, number)


def test_a_change_made_by_another_process_shows_in_the_next_pages(
    served: tuple[str, str],
) -> None:
    api, url = served
    first = _open_cents(api)
    assert _open_cents(api) == first
    _pay_part(url, "RE-000", 4_000)
    assert _eventually(lambda: _open_cents(api)["RE-000"] == 4_000)
    assert _open_cents(api)["RE-000"] == 4_000


def test_a_change_made_through_the_api_shows_in_the_very_next_page(
    served: tuple[str, str],
) -> None:
    api, _ = served
    items = _page(api).json()["items"]
    invoice = next(i for i in items if i["number"] == "RE-001")
    assert invoice["pause"] is None
    paused = _write(
        "PUT", f"{api}/v1/invoices/{invoice['id']}/pause", {"reason": "Kunde hat angerufen"}
    )
    assert paused.status_code == 200, paused.text
    after = next(i for i in _page(api).json()["items"] if i["number"] == "RE-001")
    assert after["pause"]["reason"] == "Kunde hat angerufen"


def test_a_key_revoked_by_another_process_is_refused(served: tuple[str, str]) -> None:
    api, url = served
    made = _write("POST", f"{api}/v1/api-keys", {"name": "zweiter Schlüssel"})
    assert made.status_code == 201, made.text
    second = made.json()["apiKey"]
    assert _page(api, second).status_code == 200
    assert _page(api, second).status_code == 200
    _sql(url, "UPDATE api_key SET revoked_at = now() WHERE id = $1", uuid.UUID(made.json()["id"]))
    assert _eventually(lambda: _page(api, second).status_code == 401)
    assert _page(api, KEY).status_code == 200


def _feed_connections(url: str) -> list[int]:
    rows = _sql(
        url,
        "SELECT pid FROM pg_stat_activity"
        " WHERE application_name = $1 AND datname = current_database()",
        APPLICATION_NAME,
    )
    return [row["pid"] for row in rows]


def test_nothing_kept_outlives_a_lost_listening_connection(served: tuple[str, str]) -> None:
    api, url = served
    _open_cents(api)
    [listener] = _feed_connections(url)
    _sql(url, "SELECT pg_terminate_backend($1)", listener)
    _pay_part(url, "RE-002", 1_000)
    assert _eventually(lambda: _open_cents(api)["RE-002"] == 1_000)
    assert _eventually(lambda: len(_feed_connections(url)) == 1)
    assert _feed_connections(url) != [listener]
    _open_cents(api)
    _pay_part(url, "RE-002", 500)
    assert _eventually(lambda: _open_cents(api)["RE-002"] == 500)


def test_pages_are_kept_and_a_write_through_the_api_forgets_them_at_once(
    served: tuple[str, str],
) -> None:
    """With the invoice trigger off, a write by another process goes unreported: once the feed
    is live, the kept page is still served. A write through the API forgets the tenant's pages
    in its process before it answers, without any notification."""
    api, url = served
    _sql(url, "ALTER TABLE invoice DISABLE TRIGGER invoice_notify_change")
    written = iter(range(9_000, 0, -1))
    try:

        def kept_after_unreported_write() -> bool:
            before = _open_cents(api)
            _open_cents(api)
            _pay_part(url, "RE-000", next(written))
            return _open_cents(api) == before

        assert _eventually(kept_after_unreported_write)
        latest = _sql(url, "SELECT open_cents FROM invoice WHERE voucher_number = 'RE-000'")
        invoice = next(i for i in _page(api).json()["items"] if i["number"] == "RE-002")
        paused = _write("PUT", f"{api}/v1/invoices/{invoice['id']}/pause", {"reason": "Klärung"})
        assert paused.status_code == 200, paused.text
        assert _open_cents(api)["RE-000"] == latest[0]["open_cents"]
    finally:
        _sql(url, "ALTER TABLE invoice ENABLE TRIGGER invoice_notify_change")


def test_every_table_of_a_tenant_reports_its_changes(served: tuple[str, str]) -> None:
    _, url = served
    rows = _sql(
        url,
        "SELECT c.table_name FROM information_schema.columns c"
        " WHERE c.table_schema = 'public' AND c.column_name = 'tenant' AND NOT EXISTS ("
        "  SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.table_name::regclass"
        "  AND t.tgname = c.table_name || '_notify_change')",
    )
    assert [row["table_name"] for row in rows] == []
