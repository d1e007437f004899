"""A Pro tenant's 250 due e-mails through `automahntion run`, on PostgreSQL.

The lexoffice sandbox paces at lexoffice's real 2 requests/s and the mail sandbox (aiosmtpd)
takes the mails, each in a process of its own. The tenant is seeded, connected and synced in
this process; then `automahntion run` — one dunning cycle with the payment re-check right
before sending — runs as an operator starts it, in a process of its own. Prints its wall time
(from start to exit, Python's start-up included) against the target of 20 s (one payments read
per message took at least 125 s), the lexoffice requests it made, and its peak RSS against
150 MB.
"""

from __future__ import annotations

import asyncio
import os
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
from automahntion.app.lexoffice.languages import read_ahead
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.cli.threaded import free_port
from automahntion.domain.quota import Plan
from bench.figures import Recorder
from bench.postgres import fresh_database
from bench.services import sandbox_process

DUE = 250
CONTACTS = 100
RATE = 2.0
SECRET = "benchmark-secret-key-0123456789abcdef"
SANDBOX_TODAY = "2026-11-27"
SYNCED_AT = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
RUN_AS_OF = "2026-11-27T09:00"
"""Berlin time, two hours after the sync."""


def _seed(http: httpx.Client) -> dict[str, Any]:
    http.put("/_sandbox/today", json={"date": SANDBOX_TODAY}).raise_for_status()
    org = http.post("/_sandbox/organizations", json={"companyName": "Großhandel Süd"}).json()
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
                    "voucherDate": "2026-10-15",
                    "dueDate": f"2026-11-{1 + n % 20:02d}",
                    "totalAmount": 50 + n,
                    "contactId": contacts[n % CONTACTS],
                }
                for n in range(DUE)
            ]
        },
    ).raise_for_status()
    return dict(org)


async def _tenant(settings: Settings, api_key: str) -> None:
    """The Pro tenant, connected, activated and synced (its 250 invoices admitted)."""
    container = await Container.start(settings, AsOfClock(SYNCED_AT))
    try:
        units = container.database.unit_of_work
        created = await create_tenant(
            units,
            NewTenant("Großhandel Süd", "chef@grosshandel.example", plan=Plan.PRO),
            SYNCED_AT,
            "amk_" + "p" * 43,
            await verify_api_key(container.gateways, api_key),
        )
        async with units() as uow:
            await uow.tenant(created.tenant.id).account.set_activated(SYNCED_AT)
        await sync_tenant(units, container.gateways, created.tenant.id, container.clock)
        await read_ahead(units, container.gateways, created.tenant.id, container.clock, budget=DUE)
    finally:
        await container.stop()


def _run(database_url: str, sandbox_url: str, smtp_port: int) -> tuple[float, float, str]:
    """`automahntion run`: its wall time in s, its peak RSS in MB and what it printed."""
    env = {
        **os.environ,
        "AUTOMAHNTION_DATABASE_URL": database_url,
        "AUTOMAHNTION_SECRET_KEY": SECRET,
        "AUTOMAHNTION_LEXOFFICE_API_URL": sandbox_url,
        "AUTOMAHNTION_LEXOFFICE_RATE": str(RATE),
        "AUTOMAHNTION_MAIL_HOST": "127.0.0.1",
        "AUTOMAHNTION_MAIL_PORT": str(smtp_port),
        "AUTOMAHNTION_MAIL_TLS": "none",
        "AUTOMAHNTION_MAIL_FROM": "mahnung@bench.example",
        "AUTOMAHNTION_SMTP_ALLOW_PRIVATE_HOSTS": "true",
    }
    env.pop("AUTOMAHNTION_REDIS_URL", None)
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "automahntion", "run", "--as-of", RUN_AS_OF],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        printed = out.read().decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"automahntion run failed ({process.returncode}):\n{printed}")
    return elapsed, usage.ru_maxrss / 1024, printed


async def _measure(database_url: str, sandbox_url: str, smtp_port: int, folder: Path) -> None:
    http = httpx.Client(base_url=sandbox_url, trust_env=False, timeout=60)
    try:
        org = _seed(http)
        settings = Settings(
            database_url=database_url,
            secret_key=SECRET,
            lexoffice_api_url=sandbox_url,
            lexoffice_rate=RATE,
        )
        await _tenant(settings, org["apiKey"])
        http.delete("/_sandbox/requests").raise_for_status()
        elapsed, rss_mb, printed = _run(database_url, sandbox_url, smtp_port)
        log = http.get(
            "/_sandbox/requests",
            params={"organizationId": org["organizationId"], "pathPrefix": "/v1"},
        ).json()["requests"]
    finally:
        http.close()
    sent = sum(1 for line in printed.splitlines() if line.rstrip().endswith(" sent"))
    accepted = len(list(folder.glob("*.eml")))
    if sent != DUE or accepted != DUE:
        raise RuntimeError(f"{sent} reported sent, {accepted} taken of {DUE}:\n{printed}")
    calls = len(log)
    lists = sum(1 for entry in log if entry["path"] == "/v1/voucherlist")
    print(f"a Pro tenant's {DUE} due e-mails: automahntion run, lexoffice at {RATE:g} req/s")
    print(f"  e-mails sent                 {sent:>8}")
    print(f"  lexoffice requests           {calls:>8}  ({lists} voucher-list pages)")
    print(f"  one read per message         {DUE / RATE:>8.0f} s at least")
    print(f"  seconds (run, start to exit) {elapsed:>8.1f}  (target <= 20)")
    print(f"  peak RSS of run (MB)         {rss_mb:>8.0f}  (target <= 150)")
    record = Recorder("dunning")
    record(f"a Pro tenant's {DUE} due e-mails, run start to exit", elapsed, "s", at_most=20)
    record(f"lexoffice requests for {DUE} payment re-checks", calls, "requests")
    Recorder("memory")(f"peak RSS of run (1 Pro tenant, {DUE} e-mails)", rss_mb, "MB", at_most=150)


def main() -> None:
    async def run() -> None:
        async with fresh_database() as database_url:
            lexoffice, smtp = free_port(), free_port()
            with (
                tempfile.TemporaryDirectory() as folder,
                sandbox_process("lexoffice", lexoffice, "--rate", str(RATE)),
                sandbox_process("mail", smtp, "--out", folder),
            ):
                sandbox_url = f"http://127.0.0.1:{lexoffice}"
                await _measure(database_url, sandbox_url, smtp, Path(folder))

    asyncio.run(run())


if __name__ == "__main__":
    main()
