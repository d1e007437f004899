"""One bad record stops nothing (domain rules 2): a poisoned lexoffice record is cleaned or
blocked on its own, and `sync`/`run` go on past a tenant that fails — run as an operator runs
them, on both engines (only PostgreSQL refuses over-long text and NUL)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.bootstrap.database import Database
from automahntion.domain.recipients import BlockReason
from tests.integration.conftest import (
    ENGINES,
    SECRET_KEY,
    drop_postgres_database_later,
    migrated_postgres_database,
    migrated_sqlite_at,
    run_cli,
)
from tests.integration.lexoffice_env import Sandbox

POISON = "Großkunde " + "x" * 389 + "\x00"
AS_OF = "2026-11-27"
FAST = {"AUTOMAHNTION_LEXOFFICE_RATE": "50"}


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = migrated_sqlite_at(tmp_path / "records.sqlite3")
        name = None
    else:
        name, url = migrated_postgres_database()
    try:
        yield url
    finally:
        if name is not None:
            drop_postgres_database_later(name)


def _tenant(sandbox: Sandbox, url: str, name: str, api_key: str | None) -> str:
    key = [f"--lexoffice-api-key={api_key}"] if api_key else []
    created = run_cli(
        "tenants",
        "create",
        "--name",
        name,
        "--email",
        "chef@example.org",
        *key,
        database_url=url,
        AUTOMAHNTION_LEXOFFICE_API_URL=sandbox.url,
        **FAST,
    )
    assert created.returncode == 0, created.stderr
    return str(json.loads(created.stdout)["id"])


def _poisoned_org(sandbox: Sandbox) -> dict[str, str]:
    """A poisoned contact with an invoice, an invoice without a due date, two good ones."""
    org = sandbox.organization("Poison GmbH")
    org_id = org["organizationId"]
    poisoned = sandbox.contact(org_id, POISON, business=["einkauf@gross.example"])
    good = sandbox.contact(org_id, "Café Morgenrot", business=["a@cafe.example"])
    sandbox.voucher(
        org_id, voucherNumber="RE-P1", dueDate="2026-11-01", totalAmount=10.0, contactId=poisoned
    )
    sandbox.voucher(
        org_id, voucherNumber="RE-G1", dueDate="2026-11-02", totalAmount=20.0, contactId=good
    )
    sandbox.voucher(
        org_id, voucherNumber="RE-G2", dueDate="2026-11-03", totalAmount=30.0, contactId=good
    )
    sandbox.voucher(org_id, voucherNumber="RE-N1", dueDate=None, totalAmount=40.0, contactId=good)
    return org


def _good_org(sandbox: Sandbox) -> dict[str, str]:
    org = sandbox.organization("Gut AG")
    good = sandbox.contact(org["organizationId"], "Kunde", business=["k@kunde.example"])
    sandbox.voucher(
        org["organizationId"],
        voucherNumber="RE-9",
        dueDate="2026-11-01",
        totalAmount=10.0,
        contactId=good,
    )
    return org


async def _stored(
    url: str, tenant_id: str
) -> tuple[dict[str, StoredInvoice], dict[str, StoredContact]]:
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        async with database.unit_of_work() as uow:
            store = uow.tenant(uuid.UUID(tenant_id))
            invoices = {i.invoice.voucher_number: i for i in await store.invoices.all()}
            contacts = {c.contact.lexoffice_id: c for c in await store.contacts.all()}
    finally:
        await database.stop()
    return invoices, contacts


def test_a_poisoned_contact_and_an_invoice_without_due_date_block_only_themselves(
    sandbox: Sandbox, database_url: str
) -> None:
    org = _poisoned_org(sandbox)
    tenant = _tenant(sandbox, database_url, "Poison GmbH", org["apiKey"])
    synced = run_cli(
        "sync",
        "--tenant",
        tenant,
        "--as-of",
        AS_OF,
        database_url=database_url,
        AUTOMAHNTION_LEXOFFICE_API_URL=sandbox.url,
        **FAST,
    )
    assert synced.returncode == 0, synced.stderr
    invoices, contacts = asyncio.run(_stored(database_url, tenant))
    names = sorted(c.contact.name for c in contacts.values())
    assert names == ["Café Morgenrot", POISON.replace("\x00", "")[:300]]
    assert set(invoices) == {"RE-P1", "RE-G1", "RE-G2", "RE-N1"}
    assert [invoices[n].blocked for n in ("RE-P1", "RE-G1", "RE-G2")] == [None] * 3
    missing = invoices["RE-N1"]
    assert missing.blocked is BlockReason.UNUSABLE_RECORD
    assert missing.invoice.unusable == "kein lesbares Fälligkeitsdatum"
    dry = run_cli(
        "run",
        "--tenant",
        tenant,
        "--as-of",
        AS_OF,
        "--dry-run",
        database_url=database_url,
        AUTOMAHNTION_LEXOFFICE_API_URL=sandbox.url,
        **FAST,
    )
    assert dry.returncode == 0, dry.stderr
    for number in ("RE-P1", "RE-G1", "RE-G2"):
        assert number in dry.stdout
    assert "RE-N1" not in dry.stdout


def test_sync_without_tenant_goes_on_and_names_the_tenants_that_failed(
    sandbox: Sandbox, database_url: str
) -> None:
    """A tenant lexoffice refuses fails and is named; the others are synced, a tenant that never
    connected is skipped without failing."""
    refused = _tenant(sandbox, database_url, "Abgemeldet KG", _good_org(sandbox)["apiKey"])
    poisoned = _tenant(sandbox, database_url, "Poison GmbH", _poisoned_org(sandbox)["apiKey"])
    unconnected = _tenant(sandbox, database_url, "Ohne Verbindung", None)
    good = _tenant(sandbox, database_url, "Gut AG", _good_org(sandbox)["apiKey"])
    sandbox.control("POST", "/faults", json={"status": 401, "count": 1, "method": "GET"})
    synced = run_cli(
        "sync",
        "--as-of",
        AS_OF,
        database_url=database_url,
        AUTOMAHNTION_LEXOFFICE_API_URL=sandbox.url,
        **FAST,
    )
    assert synced.returncode == 1, synced.stdout + synced.stderr
    assert f"{poisoned}  Poison GmbH: full sync" in synced.stdout
    assert f"{good}  Gut AG: full sync" in synced.stdout
    assert f"{unconnected}  Ohne Verbindung: never connected to lexoffice, skipped" in (
        synced.stdout
    )
    human, logged = _stderr(synced.stderr)
    assert human == [
        "automahntion: the sync failed for 1 of 3 tenants:",
        f"automahntion:   {refused}  Abgemeldet KG: lexoffice refused the credentials",
    ]
    assert [line["tenant_id"] for line in logged if line["event"] == "tenant_failed"] == [refused]


def _stderr(text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The one-line messages for a person, and the JSON log lines beside them."""
    lines = text.strip().splitlines()
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    return [line for line in lines if not line.startswith("{")], logged


async def _break_levels(url: str, tenant_id: str) -> None:
    """A level setting no release knows: the tenant's cycle cannot be planned."""
    statement = (
        "INSERT INTO level_setting (id, tenant, level, enabled, days_after_due, by_post, "
        f"registered, fee_cents) VALUES ('{uuid.uuid4()}', '{tenant_id}', 'X9', "
        "true, 3, false, false, 0)"
    )
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            connection.execute(statement.replace("true", "1").replace("false", "0"))
        return
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def test_run_without_tenant_goes_on_and_names_the_tenants_that_failed(
    sandbox: Sandbox, database_url: str
) -> None:
    broken = _tenant(sandbox, database_url, "Kaputt KG", _good_org(sandbox)["apiKey"])
    good = _tenant(sandbox, database_url, "Gut AG", _good_org(sandbox)["apiKey"])
    env = {"AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url, **FAST}
    assert run_cli("sync", "--as-of", AS_OF, database_url=database_url, **env).returncode == 0
    asyncio.run(_break_levels(database_url, broken))
    ran = run_cli("run", "--as-of", AS_OF, "--dry-run", database_url=database_url, **env)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert f"{good}  Gut AG: 27.11.2026" in ran.stdout
    assert "RE-9" in ran.stdout
    lines, logged = _stderr(ran.stderr)
    assert lines[0] == "automahntion: the cycle failed for 1 of 2 tenants:"
    assert lines[1].startswith(f"automahntion:   {broken}  Kaputt KG: ")
    assert len(lines) == 2
    [failed] = [line for line in logged if line["event"] == "tenant_failed"]
    assert failed["tenant_id"] == broken
    assert "X9" in failed["exception"]
