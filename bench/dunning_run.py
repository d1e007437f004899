"""The dunning cycle at scale on PostgreSQL.

1. Decisions: BENCH_TENANTS tenants (default 1,000) with 250 admitted, overdue invoices each;
   every tenant's cycle is planned from the database (dry run: load, admission, decisions),
   16 tenants at a time as `automahntion run` works them, so memory stays that of 16 tenants.
   Prints invoices decided per second including loading them, and the peak RSS.
2. Sending: BENCH_SEND_TENANTS tenants (default 60), each its own lexoffice sandbox
   organization, send their due reminders to an SMTP server on loopback, with the payment
   re-check against the sandbox (2 requests/s per organization; the voucher list in batches,
   see `app.dunning.recheck`) right before sending, the tenants worked on concurrently.
   Prints messages per second. The sandbox and the SMTP sink (`automahntion sandbox
   lexoffice|mail`) run in processes of their own (`bench.services`).
"""

from __future__ import annotations

import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx

from automahntion.adapters.clock import AsOfClock
from automahntion.adapters.db.tables import Contact, Invoice
from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.dunning import run_cycle
from automahntion.app.dunning.load import CycleDay, plan_cycle
from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.lexoffice.languages import read_ahead
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.heap import settle_startup_heap
from automahntion.bootstrap.settings import Settings
from automahntion.cli.run import CONCURRENT_TENANTS
from automahntion.cli.threaded import free_port
from automahntion.domain.quota import Plan
from bench.figures import Recorder
from bench.services import sandbox_process

TENANTS = int(os.environ.get("BENCH_TENANTS", "1000"))
INVOICES = 250
SEND_TENANTS = int(os.environ.get("BENCH_SEND_TENANTS", "60"))
SEND_PER_TENANT = 5
SAME_INPUT_TENANTS = 100
"""Tenants whose loaded days the rules then decide again in memory: the same invoices, without
the loading (a share of them, so that the peak RSS above stays the run's)."""
ADMIN = os.environ.get(
    "AUTOMAHNTION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
SECRET = "benchmark-secret-key-0123456789abcdef"
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _database() -> tuple[str, str]:
    name = f"automahntion_bench_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(ADMIN)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    url = ADMIN.rpartition("/")[0] + "/" + name
    subprocess.run(
        [sys.executable, "-m", "automahntion", "migrate"],
        env={**os.environ, "AUTOMAHNTION_DATABASE_URL": url},
        check=True,
        capture_output=True,
    )
    return name, url


async def _drop(name: str) -> None:
    connection = await asyncpg.connect(ADMIN)
    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await connection.close()


async def _seed_tenant(container: Container, n: int) -> uuid.UUID:
    created = await create_tenant(
        container.database.unit_of_work,
        NewTenant(f"Mandant {n:04d}", f"chef{n}@mandant.example", plan=Plan.PRO),
        NOW,
        f"amk_bench_{n:04d}_" + "x" * 30,
    )
    tenant_id = created.tenant.id
    await Contact.insert(
        *(
            Contact(
                tenant=tenant_id,
                lexoffice_id=f"c-{c}",
                name=f"Kunde {c}",
                name_key=f"kunde {c}",
                emails=f'{{"business": ["kunde{c}@example.org"], "office": [], "private": [], '
                '"other": []}',  # all four lists, as the sync stores them
            )
            for c in range(50)
        )
    )
    await Invoice.insert(
        *(
            Invoice(
                tenant=tenant_id,
                lexoffice_id=f"inv-{i}",
                voucher_number=f"RE-{i:05d}",
                voucher_date=TODAY - timedelta(days=40 + i % 30),
                due_date=TODAY - timedelta(days=1 + i % 40),
                total_cents=10_000 + i,
                open_cents=10_000 + i,
                contact_lexoffice_id=f"c-{i % 50}",
                status="open",
                admission="admitted",
                synced_at=NOW,
            )
            for i in range(INVOICES)
        )
    )
    async with container.database.unit_of_work() as uow:
        await uow.tenant(tenant_id).account.record_sync(NOW)
    return tenant_id


async def _decisions(url: str) -> None:
    settings = Settings(database_url=url, secret_key=SECRET)
    container = await Container.start(settings, AsOfClock(NOW))
    settle_startup_heap()  # as `automahntion run` does once its container has started
    try:
        started = time.perf_counter()
        tenants = [await _seed_tenant(container, n) for n in range(TENANTS)]
        seeded = time.perf_counter() - started
        started = time.perf_counter()
        limit = asyncio.Semaphore(CONCURRENT_TENANTS)

        async def plan(tenant_id: uuid.UUID) -> int:
            async with limit:
                return len((await run_cycle(container.dunning, tenant_id, dry_run=True)).lines)

        due = sum(await asyncio.gather(*(plan(tenant_id) for tenant_id in tenants)))
        elapsed = time.perf_counter() - started
        peak_mb = _rss_mb()
        alone = await _rules_on_the_same_invoices(container, tenants)
    finally:
        await container.stop()
    decided = TENANTS * INVOICES
    print(f"dunning decisions on PostgreSQL: {TENANTS:,} tenants x {INVOICES} admitted invoices")
    print(f"  seeding                      {seeded:>10.1f} s")
    print(f"  invoices decided             {decided:>10,}  ({due:,} messages due)")
    print(f"  seconds (incl. loading)      {elapsed:>10.1f}")
    print(f"  decisions per second         {decided / elapsed:>10,.0f}  (target >= 25,000)")
    print(f"  peak RSS so far (MB)         {peak_mb:>10.0f}  (target <= 300)")
    record = Recorder("dunning")
    record(
        f"decisions/s incl. loading ({TENANTS:,} x {INVOICES})",
        decided / elapsed,
        "/s",
        at_least=25_000,
    )
    Recorder("memory")(
        f"peak RSS of the dunning run ({TENANTS:,} x {INVOICES})", peak_mb, "MB", at_most=300
    )
    share = 100 * (decided / elapsed) / alone
    print(f"  the rules alone on these invoices {alone:>10,.0f} /s (in memory)")
    print(f"  incl. loading / rules alone  {share:>10.0f} %  (target >= 60)")
    record("decisions/s, the rules alone on the same invoices (day_plan in memory)", alone, "/s")
    record(
        "decisions incl. loading, share of the rules alone on the same invoices",
        share,
        "%",
        at_least=60,
    )


async def _rules_on_the_same_invoices(container: Container, tenants: list[uuid.UUID]) -> float:
    """Decisions per second of `day_plan` alone, in memory, on days the run above loaded: what
    the rules cost on these very invoices, so that the share left to loading is measured on
    like with like."""
    now = container.clock.now()
    days: list[CycleDay] = [
        await plan_cycle(container.dunning, tenant_id, now, persist=False)
        for tenant_id in tenants[:SAME_INPUT_TENANTS]
    ]
    rounds = max(1, len(tenants) // len(days))
    started = time.perf_counter()
    for _ in range(rounds):
        for day in days:
            day.plan(now, sending=False)
    return rounds * len(days) * INVOICES / (time.perf_counter() - started)


async def _sending(url: str, sandbox_url: str, smtp_port: int, mail_folder: Path) -> None:
    http = httpx.Client(base_url=sandbox_url, trust_env=False, timeout=60)
    http.put("/_sandbox/today", json={"date": TODAY.isoformat()}).raise_for_status()
    settings = Settings(database_url=url, secret_key=SECRET, lexoffice_api_url=sandbox_url)
    mail = SmtpMailTransports("127.0.0.1", smtp_port, "no-reply@bench.example", tls="none")
    container = await Container.start(settings, AsOfClock(NOW), mail=mail)
    try:
        tenants = []
        for n in range(SEND_TENANTS):
            org = http.post("/_sandbox/organizations", json={"companyName": f"Org {n}"}).json()
            base = f"/_sandbox/organizations/{org['organizationId']}"
            contact = http.post(
                base + "/contacts",
                json={"company": {"name": "K"}, "emailAddresses": {"business": ["k@k.example"]}},
            ).json()["id"]
            http.post(
                base + "/vouchers:bulk",
                json={
                    "vouchers": [
                        {
                            "voucherType": "invoice",
                            "voucherNumber": f"S-{i}",
                            "voucherDate": "2026-11-01",
                            "dueDate": "2026-11-20",
                            "totalAmount": 10 + i,
                            "contactId": contact,
                        }
                        for i in range(SEND_PER_TENANT)
                    ]
                },
            ).raise_for_status()
            created = await create_tenant(
                container.database.unit_of_work,
                NewTenant(f"Sender {n}", f"s{n}@example.org", plan=Plan.PRO),
                NOW,
                f"amk_send_{n:04d}_" + "y" * 30,
                await verify_api_key(container.gateways, org["apiKey"]),
            )
            async with container.database.unit_of_work() as uow:
                await uow.tenant(created.tenant.id).account.set_activated(NOW)
            tenants.append(created.tenant.id)
        await asyncio.gather(
            *(
                sync_tenant(
                    container.database.unit_of_work, container.gateways, tenant_id, container.clock
                )
                for tenant_id in tenants
            )
        )
        for tenant_id in tenants:  # as the day's run does between its sync and the cycle
            await read_ahead(
                container.database.unit_of_work,
                container.gateways,
                tenant_id,
                container.clock,
                budget=SEND_PER_TENANT,
            )
        started = time.perf_counter()
        reports = await asyncio.gather(*(run_cycle(container.dunning, t) for t in tenants))
        elapsed = time.perf_counter() - started
    finally:
        await container.stop()
        http.close()
    sent = sum(1 for r in reports for line in r.lines if line.outcome == "sent")
    accepted = len(list(mail_folder.glob("*.eml")))
    if accepted != sent:
        raise RuntimeError(f"{sent} messages reported sent, the SMTP sink took {accepted}")
    print(f"sending: {SEND_TENANTS} tenants x {SEND_PER_TENANT} reminders, payment re-check each")
    print(f"  messages sent                {sent:>10}")
    print(f"  seconds                      {elapsed:>10.1f}")
    print(f"  messages per second          {sent / elapsed:>10.1f}  (target >= 100)")
    Recorder("dunning")(
        f"messages/s to SMTP, freshness-gated ({SEND_TENANTS} x {SEND_PER_TENANT})",
        sent / elapsed,
        "/s",
        at_least=100,
    )
    print(f"  peak RSS (MB)                {_rss_mb():>10.0f}  (target <= 300)")


def main() -> None:
    async def run() -> None:
        name, url = await _database()
        try:
            await _decisions(url)
        finally:
            await _drop(name)
        name, url = await _database()
        try:
            lexoffice, smtp = free_port(), free_port()
            with (
                tempfile.TemporaryDirectory() as folder,
                sandbox_process("lexoffice", lexoffice, "--rate", "2"),
                sandbox_process("mail", smtp, "--out", folder),
            ):
                await _sending(url, f"http://127.0.0.1:{lexoffice}", smtp, Path(folder))
        finally:
            await _drop(name)

    asyncio.run(run())


if __name__ == "__main__":
    main()
