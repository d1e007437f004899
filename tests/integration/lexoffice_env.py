"""A lexoffice sandbox, our API server and a container, wired together over 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from automahntion.app.lexoffice import connect
from automahntion.app.lexoffice.sync import SyncReport, sync_tenant
from automahntion.app.tenants.records import NewTenant, Tenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import CALLBACK_PATH, Container
from automahntion.bootstrap.settings import Settings
from automahntion_sandboxes.lexoffice import create_app as sandbox_app
from tests.integration.conftest import SECRET_KEY, migrated_sqlite_at
from tests.integration.helpers import activate
from tests.sandbox_server import free_port, running

SANDBOX_TODAY = "2026-11-27"
CLOCK_START = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
CLOCK_START_TEXT = "2026-11-27T09:00"
CLIENT_ID = "automahntion-test"
CLIENT_SECRET = "partner-secret-for-tests"


SIGNING_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
SIGNING_PEM = SIGNING_KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)


def sign(body: bytes) -> str:
    """What the sandbox (and lexoffice) put in `X-Lxo-Signature`."""
    return base64.b64encode(SIGNING_KEY.sign(body, padding.PKCS1v15(), hashes.SHA512())).decode()


class TestClock:
    """The test process's clock: starts at CLOCK_START and moves only when told."""

    __test__ = False  # a helper named Test…, not a class of tests

    def __init__(self) -> None:
        self.current = CLOCK_START

    def now(self) -> datetime:
        return self.current


class Sandbox:
    """The sandbox's controls, as tests use them."""

    def __init__(self, base_url: str) -> None:
        self.url = base_url
        # No idle connection kept: the server closing one as the next request goes out (its
        # keep-alive timeout, passed on a busy machine) resets that request.
        self.http = httpx.Client(
            base_url=base_url,
            trust_env=False,
            timeout=30,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, "/_sandbox" + path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def organization(self, company: str = "Bäckerei Sonnenschein") -> dict[str, Any]:
        return dict(self.control("POST", "/organizations", json={"companyName": company}))

    def contact(self, org: str, name: str, **emails: list[str]) -> str:
        body = {"company": {"name": name}, "emailAddresses": emails}
        return str(self.control("POST", f"/organizations/{org}/contacts", json=body)["id"])

    def voucher(self, org: str, **fields: Any) -> str:
        body = {"voucherType": "invoice", "voucherDate": "2026-10-01", **fields}
        return str(self.control("POST", f"/organizations/{org}/vouchers", json=body)["id"])

    def requests(self, org: str, path_prefix: str = "") -> list[dict[str, Any]]:
        params = {"organizationId": org, "pathPrefix": path_prefix}
        return list(self.control("GET", "/requests", params=params)["requests"])

    def clear_requests(self) -> None:
        self.http.delete("/_sandbox/requests").raise_for_status()


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    app = sandbox_app(
        rate_per_second=2.0, signing_key_pem=SIGNING_PEM, retry_delays=(0.05, 0.1, 0.2)
    )
    with running(app) as url:
        yield url


@pytest.fixture
def sandbox(sandbox_url: str) -> Iterator[Sandbox]:
    box = Sandbox(sandbox_url)
    box.control("POST", "/reset")
    box.control("PUT", "/today", json={"date": SANDBOX_TODAY})
    box.control("PUT", "/rate", json={"perSecond": 1000})
    yield box
    box.http.close()


def settings_for(
    sandbox: Sandbox, database_url: str, public_url: str, *, rate: float = 50.0
) -> Settings:
    public_key = sandbox.http.get("/_sandbox/public-key").text
    return Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        public_url=public_url,
        lexoffice_api_url=sandbox.url,
        lexoffice_authorize_url=sandbox.url + "/oauth2/authorize",
        lexoffice_token_url=sandbox.url + "/oauth2/token",
        lexoffice_revoke_url=sandbox.url + "/oauth2/revoke",
        lexoffice_client_id=CLIENT_ID,
        lexoffice_client_secret=CLIENT_SECRET,
        lexoffice_webhook_public_key=public_key,
        lexoffice_rate=rate,
    )


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return migrated_sqlite_at(tmp_path_factory.mktemp("lexoffice") / "sync.sqlite3")


def environment(settings: Settings) -> dict[str, str]:
    """The settings as the environment variables an operator would set."""
    values = {
        "AUTOMAHNTION_DATABASE_URL": settings.database_url,
        "AUTOMAHNTION_SECRET_KEY": settings.secret_key or "",
        "AUTOMAHNTION_PUBLIC_URL": settings.public_url,
        "AUTOMAHNTION_LEXOFFICE_API_URL": settings.lexoffice_api_url,
        "AUTOMAHNTION_LEXOFFICE_AUTHORIZE_URL": settings.lexoffice_authorize_url,
        "AUTOMAHNTION_LEXOFFICE_TOKEN_URL": settings.lexoffice_token_url,
        "AUTOMAHNTION_LEXOFFICE_REVOKE_URL": settings.lexoffice_revoke_url,
        "AUTOMAHNTION_LEXOFFICE_CLIENT_ID": settings.lexoffice_client_id or "",
        "AUTOMAHNTION_LEXOFFICE_CLIENT_SECRET": settings.lexoffice_client_secret or "",
        "AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY": settings.lexoffice_webhook_public_key or "",
        "AUTOMAHNTION_LEXOFFICE_RATE": str(settings.lexoffice_rate),
        "AUTOMAHNTION_MAIL_HOST": settings.mail_host,
        "AUTOMAHNTION_MAIL_PORT": str(settings.mail_port),
        "AUTOMAHNTION_MAIL_TLS": settings.mail_tls,
        "AUTOMAHNTION_MAIL_FROM": settings.mail_from,
        "AUTOMAHNTION_SMTP_ALLOW_PRIVATE_HOSTS": str(settings.smtp_allow_private_hosts).lower(),
        "AUTOMAHNTION_WEBHOOK_ALLOW_LOOPBACK": str(settings.webhook_allow_loopback).lower(),
        "AUTOMAHNTION_DOCUMENTS_DIR": settings.documents_dir,
        "AUTOMAHNTION_API_RATE_LIMIT": str(settings.api_rate_limit),
        "AUTOMAHNTION_REDIS_URL": settings.redis_url or "",
        "AUTOMAHNTION_POSTAL_API_URL": settings.postal_api_url or "",
        "AUTOMAHNTION_POSTAL_API_KEY": settings.postal_api_key or "",
        "AUTOMAHNTION_POSTAL_WEBHOOK_SECRET": settings.postal_webhook_secret or "",
        "AUTOMAHNTION_PAYMENTS_API_URL": settings.payments_api_url or "",
        "AUTOMAHNTION_PAYMENTS_API_KEY": settings.payments_api_key or "",
        "AUTOMAHNTION_PAYMENTS_WEBHOOK_SECRET": settings.payments_webhook_secret or "",
    }
    return {**os.environ, **values}


@contextlib.contextmanager
def serving_api(settings: Settings, output: IO[str] | None = None) -> Iterator[str]:
    """`automahntion serve` in its own process on the port of `settings.public_url`. Its output
    goes to a file (`output`, or a temporary one), never to a pipe nobody reads (a full pipe
    blocks the server mid-request); the end of it is printed at the end, so a failing test
    shows what the server said."""
    port = settings.public_url.rsplit(":", 1)[1]
    with contextlib.ExitStack() as files:
        log = output or files.enter_context(tempfile.TemporaryFile("w+"))
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "automahntion",
                "serve",
                "--port",
                str(port),
                "--as-of",
                CLOCK_START_TEXT,
            ],
            env=environment(settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            _wait_for_health(settings.public_url, process, log)
            yield settings.public_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            finally:
                process.kill()
                process.wait()
                print(f"automahntion serve said:\n{_tail(log)}", file=sys.stderr)


def _tail(log: IO[str], characters: int = 20_000) -> str:
    log.seek(0)
    return log.read()[-characters:]


@pytest.fixture(scope="module")
def api_server(sandbox_url: str, sqlite_url: str) -> Iterator[tuple[str, Settings]]:
    """`automahntion serve` in its own process, as an operator runs it."""
    url = f"http://127.0.0.1:{free_port()}"
    settings = settings_for(Sandbox(sandbox_url), sqlite_url, url)
    with serving_api(settings):
        yield url, settings


def _wait_for_health(url: str, process: subprocess.Popen[str], log: IO[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"automahntion serve ended: {_tail(log)}")
        try:
            if httpx.get(url + "/health", timeout=1, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("automahntion serve did not become healthy")


@dataclass
class Service:
    """Our API server (a process of its own) and a container in the test's loop on the same
    database."""

    api_url: str
    settings: Settings
    container: Container
    sandbox: Sandbox
    clock: TestClock

    async def tenant(self, api_key: str | None = None, *, activated: bool = True) -> Tenant:
        """A new tenant, activated by its owner unless `activated` is false."""
        units = self.container.database.unit_of_work
        created = await create_tenant(
            units,
            NewTenant(f"Mandant {uuid.uuid4().hex[:6]}", "chef@baeckerei.example"),
            self.container.clock.now(),
            api_key or "amk_" + uuid.uuid4().hex * 2,
        )
        if activated:
            await activate(units, created.tenant.id, self.container.clock.now())
        return created.tenant

    async def connected_tenant(self, org: dict[str, Any], *, activated: bool = True) -> Tenant:
        """A tenant connected to `org` with its private API key (webhooks subscribed)."""
        tenant = await self.tenant(activated=activated)
        await connect.connect_api_key(
            self.container.database.unit_of_work,
            self.container.gateways,
            tenant.id,
            org["apiKey"],
            now=self.container.clock.now(),
            webhook_url=self.container.webhook_url,
        )
        return tenant

    async def sync(self, tenant: Tenant) -> SyncReport:
        return await sync_tenant(
            self.container.database.unit_of_work,
            self.container.gateways,
            tenant.id,
            self.container.clock,
        )

    def api(self, api_key: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.api_url,
            headers={"Authorization": f"Bearer {api_key}"},
            trust_env=False,
            timeout=30,
        )


@pytest.fixture
async def service(sandbox: Sandbox, api_server: tuple[str, Settings]) -> AsyncIterator[Service]:
    api_url, settings = api_server
    sandbox.control(
        "POST",
        "/oauth-clients",
        json={
            "clientId": CLIENT_ID,
            "clientSecret": CLIENT_SECRET,
            "redirectUris": [api_url + CALLBACK_PATH],
        },
    )
    clock = TestClock()
    container = await Container.start(settings, clock)
    try:
        yield Service(api_url, settings, container, sandbox, clock)
    finally:
        await container.stop()


@pytest.fixture
async def postgres_service(
    sandbox: Sandbox, migrated_urls: dict[str, str]
) -> AsyncIterator[Service]:
    """A container on PostgreSQL, which refuses what SQLite lets pass (a text longer than its
    column, one statement writing a row twice); no API server, so lexoffice's callbacks do not
    reach it and the sync is all it learns from."""
    settings = settings_for(sandbox, migrated_urls["postgres"], "http://127.0.0.1:9")
    clock = TestClock()
    container = await Container.start(settings, clock)
    try:
        yield Service(settings.public_url, settings, container, sandbox, clock)
    finally:
        await container.stop()


async def eventually(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll an async or plain check until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not come true in time")
        await asyncio.sleep(0.05)
