"""API throughput: `GET /v1/invoices?limit=250` against the constant `GET /health`.

One tenant with 250 invoices (a third with a reminder sent, some with a dunning notice and its
document) on a fresh PostgreSQL database; `automahntion serve` in its own process (one uvicorn
process, as operators run it); `wrk` on loopback. Nothing keeps pages: each is built from SQL.

- the page, one connection, BENCH_API_SERIAL_SECONDS (default 5): its median latency is the
  server's time per page and request (HTTP on loopback included, so an upper bound);
- `/health`, the page, and the page asked with the `ETag` it has (`If-None-Match`, answered 304
  without building it), each with BENCH_API_CONNECTIONS connections (default 32) for
  BENCH_API_SECONDS (default 15) after a warm-up.

Prints requests per second and p50/p99 latency of each, and the targets of issue 16.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import httpx

from automahntion.adapters.clock import AsOfClock
from automahntion.app.access.credentials import KEY_PREFIX, new_secret
from automahntion.app.invoices.records import AdmissionState, AdmissionUpdate
from automahntion.app.messages.records import Claim
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.cli.threaded import free_port
from automahntion.domain.day_plan import Channel
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.quota import Plan
from automahntion.domain.recipients import Contact, EmailAddresses
from bench.figures import Recorder
from bench.postgres import fresh_database

INVOICES = 250
CONTACTS = 60
CONNECTIONS = int(os.environ.get("BENCH_API_CONNECTIONS", "32"))
SECONDS = int(os.environ.get("BENCH_API_SECONDS", "15"))
SERIAL_SECONDS = int(os.environ.get("BENCH_API_SERIAL_SECONDS", "5"))
WARM_UP_SECONDS = int(os.environ.get("BENCH_API_WARM_UP_SECONDS", "3"))
THREADS = int(os.environ.get("BENCH_API_WRK_THREADS", "1"))
SECRET = "benchmark-secret-key-0123456789abcdef"
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
AS_OF = "2026-11-27T09:00"
"""NOW in Berlin time, as `serve --as-of` reads it."""
INVOICES_PATH = f"/v1/invoices?limit={INVOICES}"

REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


@dataclass(frozen=True)
class Load:
    requests_per_s: float
    p50_ms: float
    p99_ms: float


async def _seed(url: str) -> str:
    """The tenant's API key."""
    container = await Container.start(Settings(database_url=url, secret_key=SECRET), AsOfClock(NOW))
    try:
        key = new_secret(KEY_PREFIX)
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Großhandel Nord GmbH", "chef@grosshandel.example", plan=Plan.PRO),
            NOW,
            key,
        )
        await _invoices(container, created.tenant.id)
        return key
    finally:
        await container.stop()


async def _invoices(container: Container, tenant_id: UUID) -> None:
    contacts = [
        Contact(f"c-{n}", f"Kunde {n} GmbH", EmailAddresses(business=(f"buha{n}@kunde.example",)))
        for n in range(CONTACTS)
    ]
    postal = {
        c.lexoffice_id: {"street": "Hauptstraße 1", "zip": "20095", "city": "Hamburg"}
        for c in contacts[::2]
    }
    invoices = [
        Invoice(
            lexoffice_id=f"inv-{n:04d}",
            voucher_number=f"RE-2026-{n:05d}",
            voucher_date=TODAY - timedelta(days=40 + n % 30),
            due_date=TODAY - timedelta(days=1 + n % 60),
            total_cents=10_000 + 37 * n,
            open_cents=10_000 + 37 * n,
            contact_id=f"c-{n % CONTACTS}",
            status=InvoiceStatus.OPEN,
        )
        for n in range(INVOICES)
    ]
    async with container.database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store.account.set_activated(NOW)  # only an activated tenant's messages are claimed
        await store.contacts.upsert(contacts, postal)
        await store.invoices.upsert(invoices, NOW)
        await store.invoices.apply_admission(
            [AdmissionUpdate(i.lexoffice_id, AdmissionState.ADMITTED, None) for i in invoices],
            NOW,
        )
        stored = await store.invoices.all()
        for n, invoice in enumerate(stored):
            levels = [Level.R1] if n % 3 == 0 else []
            if n % 12 == 0:
                levels.append(Level.M1)
            for step, level in enumerate(levels):
                day = TODAY - timedelta(days=20 - 10 * step)
                at = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
                claim = await store.messages.claim(
                    Claim(invoice.id, level, Channel.EMAIL, f"<{invoice.id}.{level}@b>", day, at)
                )
                await store.messages.mark_sent(
                    claim.id,
                    at=at,
                    recipient_domain="kunde.example",
                    transport_message_id=f"smtp-{n}-{level}",
                    content_sha256="0" * 64,
                )
                if level is Level.M1:
                    document = await store.documents.begin(invoice.id, level, "voucher", at)
                    await store.documents.created(
                        document, file_ref=f"{document}.pdf", dunning_id=None
                    )


def _environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "AUTOMAHNTION_DATABASE_URL": url,
        "AUTOMAHNTION_SECRET_KEY": SECRET,
        "AUTOMAHNTION_API_RATE_LIMIT": str(10**9),
        "AUTOMAHNTION_DOCUMENTS_DIR": tempfile.gettempdir(),
    }


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "automahntion", "serve", "--port", str(port), "--as-of", AS_OF],
            env=_environment(url),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the API server exited:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", trust_env=False).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"the API server did not answer within 60 s:\n{log.read_text()}")


@dataclass(frozen=True)
class Page:
    size: int
    """Bytes."""
    etag: str


def _check_page(base: str, key: str) -> Page:
    """The page is what is measured: 250 rows, no further page, and a 304 for its `ETag`."""
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(trust_env=False, headers=headers) as client:
        response = client.get(base + INVOICES_PATH)
        response.raise_for_status()
        etag = response.headers["etag"]
        again = client.get(base + INVOICES_PATH, headers={"If-None-Match": etag})
    page = response.json()
    if len(page["items"]) != INVOICES or page["nextCursor"] is not None:
        raise RuntimeError(f"expected one page of {INVOICES} invoices")
    if not any(item["levelsSent"] for item in page["items"]):
        raise RuntimeError("no invoice shows a sent level")
    if again.status_code != 304:
        raise RuntimeError(f"If-None-Match with the page's ETag got {again.status_code}, not 304")
    return Page(len(response.content), etag)


def _wrk(
    script: Path, url: str, seconds: int, headers: list[str], connections: int = CONNECTIONS
) -> Load:
    command = ["wrk", "-t", str(THREADS), "-c", str(connections), "-d", f"{seconds}s"]
    command += ["--timeout", "10s", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    finished = subprocess.run([*command, url], check=True, capture_output=True, text=True)
    line = next(x for x in finished.stdout.splitlines() if x.startswith("WRK "))
    requests, duration_us, p50_us, p99_us, bad_status, socket_errors = map(int, line.split()[1:])
    if bad_status or socket_errors:
        raise RuntimeError(
            f"{url}: {bad_status} non-2xx answers, {socket_errors} socket errors\n{finished.stdout}"
        )
    return Load(requests / (duration_us / 1e6), p50_us / 1000, p99_us / 1000)


@dataclass(frozen=True)
class Loads:
    health: Load
    page: Load
    """32 connections, each page built."""
    serial: Load
    """One connection, each page built."""
    not_modified: Load
    """32 connections, each answered 304."""


def _measure(base: str, key: str, folder: Path) -> tuple[Loads, Page]:
    script = folder / "report.lua"
    script.write_text(REPORT)
    auth = [f"Authorization: Bearer {key}"]
    page = _check_page(base, key)
    conditional = [*auth, f"If-None-Match: {page.etag}"]
    _wrk(script, base + "/health", WARM_UP_SECONDS, [])
    _wrk(script, base + INVOICES_PATH, WARM_UP_SECONDS, auth)
    serial = _wrk(script, base + INVOICES_PATH, SERIAL_SECONDS, auth, connections=1)
    health = _wrk(script, base + "/health", SECONDS, [])
    built = _wrk(script, base + INVOICES_PATH, SECONDS, auth)
    not_modified = _wrk(script, base + INVOICES_PATH, SECONDS, conditional)
    return Loads(health, built, serial, not_modified), page


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: run `scripts/bench-deps.sh` as root (or apt-get install wrk)")

    async def seeded() -> None:
        async with fresh_database() as url:
            key = await _seed(url)
            port = free_port()
            with tempfile.TemporaryDirectory() as temp:
                folder = Path(temp)
                server = _serve(url, port, folder / "server.log")
                try:
                    loads, page = _measure(f"http://127.0.0.1:{port}", key, folder)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            _report(loads, page)

    asyncio.run(seeded())


def _report(loads: Loads, page: Page) -> None:
    record = Recorder("api")
    ratio = loads.not_modified.requests_per_s / loads.health.requests_per_s
    print(
        f"API throughput: one uvicorn process, wrk {CONNECTIONS} connections, {SECONDS} s each, "
        f"PostgreSQL, no response cache"
    )
    print(f"  {'':40}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
    for name, load in (
        ("GET /health", loads.health),
        (f"GET {INVOICES_PATH}", loads.page),
        ("  the same, If-None-Match: 304", loads.not_modified),
        ("  the same, built, one connection", loads.serial),
    ):
        print(f"  {name:40}{load.requests_per_s:>12,.0f}{load.p50_ms:>10.1f}{load.p99_ms:>10.1f}")
    targets = (
        ("time per page, one connection (p50)", f"{loads.serial.p50_ms:.2f} ms", "<= 2 ms"),
        (
            f"page requests/s, {CONNECTIONS} connections",
            f"{loads.page.requests_per_s:,.0f}",
            ">= 600",
        ),
        (f"page p99, {CONNECTIONS} connections", f"{loads.page.p99_ms:.1f} ms", "<= 50 ms"),
        ("304 / health requests/s", f"{ratio:.0%}", ">= 40 %"),
    )
    print(f"  invoices page size {page.size / 1024:>33,.0f} KiB")
    for name, value, target in targets:
        print(f"  {name:40}{value:>14}  (target {target})")
    record("GET /health requests/s", loads.health.requests_per_s, "req/s")
    record("GET /health p99", loads.health.p99_ms, "ms")
    record("page (250) from SQL, one connection, p50", loads.serial.p50_ms, "ms", at_most=2)
    record("page (250) from SQL requests/s", loads.page.requests_per_s, "req/s", at_least=600)
    record("page (250) from SQL p50", loads.page.p50_ms, "ms")
    record("page (250) from SQL p99", loads.page.p99_ms, "ms", at_most=50)
    record("page If-None-Match (304) requests/s", loads.not_modified.requests_per_s, "req/s")
    record("page If-None-Match (304) p99", loads.not_modified.p99_ms, "ms")
    record("304 / health requests/s", 100 * ratio, "%", at_least=40)


if __name__ == "__main__":
    main()
