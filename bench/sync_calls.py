"""What a lexoffice sync costs: 1,000 overdue invoices over 400 contacts, at 2 requests/s.

The naive way (list, then every invoice, then every contact) costs 1 + 1,000 + 400 requests,
about 700 s at 2 requests/s. Prints the requests of a full initial sync, of an unchanged
re-sync the same day, and the wall time of both with the real pacing.
"""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from automahntion.adapters.clock import AsOfClock
from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.cli.threaded import serving
from automahntion_sandboxes.lexoffice import create_app
from bench.figures import Recorder

INVOICES = 1_000
CONTACTS = 400
RATE = 2.0
SECRET = "benchmark-secret-key-0123456789abcdef"


def _seed(http: httpx.Client) -> dict[str, Any]:
    http.put("/_sandbox/today", json={"date": "2026-11-26"}).raise_for_status()
    org = http.post("/_sandbox/organizations", json={"companyName": "Großhandel Nord"}).json()
    base = f"/_sandbox/organizations/{org['organizationId']}"
    contacts = http.post(
        base + "/contacts:bulk",
        json={
            "contacts": [
                {
                    "company": {"name": f"Kunde {n:03d}"},
                    "emailAddresses": {"business": [f"buchhaltung{n}@kunde.example"]},
                }
                for n in range(CONTACTS)
            ]
        },
    ).json()["ids"]
    http.post(
        base + "/vouchers:bulk",
        json={
            "vouchers": [
                {
                    "voucherType": "invoice",
                    "voucherNumber": f"RE-2026-{n:05d}",
                    "voucherDate": "2026-09-15",
                    "dueDate": f"2026-10-{1 + n % 28:02d}",
                    "totalAmount": 50 + n % 900,
                    "contactId": contacts[n % CONTACTS],
                }
                for n in range(INVOICES)
            ]
        },
    ).raise_for_status()
    http.put("/_sandbox/today", json={"date": "2026-11-27"}).raise_for_status()
    return dict(org)


def _requests(http: httpx.Client, org: str) -> int:
    log = http.get("/_sandbox/requests", params={"organizationId": org, "pathPrefix": "/v1"})
    return len(log.json()["requests"])


async def _measure(sandbox_url: str, database_url: str) -> None:
    http = httpx.Client(base_url=sandbox_url, trust_env=False, timeout=60)
    org = _seed(http)
    settings = Settings(
        database_url=database_url,
        secret_key=SECRET,
        lexoffice_api_url=sandbox_url,
        lexoffice_rate=RATE,
    )
    container = await Container.start(settings, AsOfClock(datetime(2026, 11, 27, 8, tzinfo=UTC)))
    try:
        connection = await verify_api_key(container.gateways, org["apiKey"])
        tenant = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Großhandel Nord", "chef@grosshandel.example"),
            container.clock.now(),
            "amk_" + "b" * 43,
            connection,
        )
        http.delete("/_sandbox/requests").raise_for_status()
        started = time.perf_counter()
        first = await sync_tenant(
            container.database.unit_of_work, container.gateways, tenant.tenant.id, container.clock
        )
        first_s = time.perf_counter() - started
        first_calls = _requests(http, org["organizationId"])
        http.delete("/_sandbox/requests").raise_for_status()
        started = time.perf_counter()
        await sync_tenant(
            container.database.unit_of_work, container.gateways, tenant.tenant.id, container.clock
        )
        again_s = time.perf_counter() - started
        again_calls = _requests(http, org["organizationId"])
    finally:
        await container.stop()
        http.close()
    budget = 1 + 2 * math.ceil(INVOICES / 250) + min(math.ceil(CONTACTS / 250), CONTACTS)
    print(f"lexoffice sync: {INVOICES:,} overdue invoices over {CONTACTS} contacts, {RATE:g} req/s")
    naive = 1 + INVOICES + CONTACTS
    print(f"  naive requests                {naive:>8,}  (~{naive / RATE:,.0f} s)")
    print(f"  full initial sync requests    {first_calls:>8}  (target <= 10, budget {budget})")
    seen = f"{first.vouchers_seen} vouchers, {first.contacts_fetched} contacts"
    print(f"  full initial sync wall time   {first_s:>8.1f} s  ({seen})")
    print(f"  unchanged re-sync requests    {again_calls:>8}  (target <= 3)")
    print(f"  unchanged re-sync wall time   {again_s:>8.1f} s")
    record = Recorder("sync")
    record(f"full sync requests ({INVOICES:,} invoices)", first_calls, "requests", at_most=10)
    record("unchanged re-sync requests", again_calls, "requests", at_most=3)
    record("full initial sync wall time", first_s, "s")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        subprocess.run(
            [sys.executable, "-m", "automahntion", "migrate"],
            env={"AUTOMAHNTION_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
        )
        with serving(create_app(rate_per_second=RATE)) as sandbox_url:
            asyncio.run(_measure(sandbox_url, database_url))


if __name__ == "__main__":
    main()
