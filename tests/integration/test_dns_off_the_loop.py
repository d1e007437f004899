"""A slow DNS answer for a tenant's SMTP host must not stall the service (issue 15, finding 3):
a lookup done with a blocking call on the event loop froze `/health` for every tenant.

The system resolver is made slow for one name the test owns: `socket.getaddrinfo` (what the
event loop's resolver runs in its thread pool) holds that name until the test lets it go, or
`HOLD_S`, then answers 127.0.0.1. Every other name goes to the real resolver. Each test checks
that other work on the event loop was done while the lookup was still pending."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.mail.ports import MailRefused, OutgoingMail
from automahntion.app.mail.records import SmtpServer, SmtpTls
from automahntion.bootstrap.settings import Settings
from tests.integration.conftest import SECRET_KEY
from tests.integration.in_process_api import in_process_api, migrated_sqlite
from tests.smtp_sink import Sink

SLOW_HOST = "slow-dns.automahntion.test"
HOLD_S = 3.0
T = TypeVar("T")


class SlowDns:
    """`socket.getaddrinfo`, slow for `SLOW_HOST` until `release()`."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self._real = real
        self.started = threading.Event()
        self.answered = threading.Event()
        self._released = threading.Event()

    def __call__(self, host: object, port: object, *args: Any, **kwargs: Any) -> Any:
        if host != SLOW_HOST:
            return self._real(host, port, *args, **kwargs)
        self.started.set()
        self._released.wait(HOLD_S)
        self.answered.set()
        return self._real("127.0.0.1", port, *args, **kwargs)

    def release(self) -> None:
        self._released.set()


@pytest.fixture
def slow_dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowDns]:
    dns = SlowDns(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    yield dns
    dns.release()


async def while_pending(
    dns: SlowDns, lookup: Awaitable[T], other: Callable[[], Awaitable[object]]
) -> tuple[T, object, bool]:
    """Starts `lookup`, does `other` once the slow lookup has begun, then lets DNS answer.
    Returns both results and whether `other` finished while the lookup was still pending."""
    task = asyncio.ensure_future(lookup)
    try:
        assert await asyncio.to_thread(dns.started.wait, HOLD_S + 5), "no lookup began"
        done = await asyncio.wait_for(other(), HOLD_S + 5)
        pending = not dns.answered.is_set()
    finally:
        dns.release()
    return await task, done, pending


def _server(port: int = 25) -> SmtpServer:
    return SmtpServer(SLOW_HOST, port, "rechnung@baeckerei.example", SmtpTls.NONE)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return migrated_sqlite(tmp_path_factory, "dns")


@pytest.fixture
async def api(database_url: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """Private SMTP hosts refused, as by default."""
    settings = Settings(
        database_url=database_url, secret_key=SECRET_KEY, documents_dir=str(tmp_path)
    )
    async with in_process_api(settings, timeout=HOLD_S + 10) as running:
        yield running.client


SERVER_JSON = {"host": SLOW_HOST, "port": 25, "fromAddress": "rechnung@baeckerei.example"}


async def test_health_is_answered_while_the_connection_test_waits_for_dns(
    api: httpx.AsyncClient, slow_dns: SlowDns
) -> None:
    checked, health, pending = await while_pending(
        slow_dns,
        api.post("/v1/smtp/test-connection", json={**SERVER_JSON, "tls": "none"}),
        lambda: api.get("/health"),
    )

    assert isinstance(health, httpx.Response)
    assert health.status_code == 200
    assert pending, "/health was answered only after the DNS lookup had finished"
    assert checked.status_code == 200
    assert checked.json()["ok"] is False
    assert "127.0.0.1" in checked.json()["error"]


async def test_health_is_answered_while_saving_a_server_waits_for_dns(
    api: httpx.AsyncClient, slow_dns: SlowDns
) -> None:
    saved, health, pending = await while_pending(
        slow_dns, api.put("/v1/smtp", json=SERVER_JSON), lambda: api.get("/health")
    )

    assert isinstance(health, httpx.Response)
    assert health.status_code == 200
    assert pending, "/health was answered only after the DNS lookup had finished"
    assert saved.status_code == 422
    assert [e["field"] for e in saved.json()["errors"]] == ["host"]


async def _loop_turn() -> None:
    await asyncio.sleep(0)


async def _refusal(lookup: Awaitable[object]) -> MailRefused | None:
    try:
        await lookup
    except MailRefused as refused:
        return refused
    return None


def _mail() -> OutgoingMail:
    return OutgoingMail(
        message_id="<dns.1@automahntion.example>",
        from_address="rechnung@baeckerei.example",
        from_name="Bäckerei",
        to=("kunde@example.com",),
        subject="Zahlungserinnerung",
        text="Guten Tag",
    )


async def test_building_the_tenant_transport_judges_the_host_off_the_loop(
    slow_dns: SlowDns,
) -> None:
    """What a dunning run does before its first reminder."""
    guarded = SmtpMailTransports("127.0.0.1", 25, "no-reply@automahntion.example")

    refusal, _, pending = await while_pending(
        slow_dns, _refusal(guarded.tenant_server(_server())), _loop_turn
    )

    assert pending, "building the tenant's transport blocked the event loop"
    assert refusal is not None
    assert refusal.permanent
    assert "127.0.0.1" in refusal.reason


async def test_connecting_to_the_tenant_server_looks_it_up_off_the_loop(
    slow_dns: SlowDns,
) -> None:
    with Sink() as sink:
        allowed = SmtpMailTransports(
            sink.host, sink.port, "no-reply@automahntion.example", tls="none",
            allow_private_hosts=True, timeout=HOLD_S + 5,
        )  # fmt: skip
        transport = await allowed.tenant_server(_server(sink.port))

        receipt, _, pending = await while_pending(slow_dns, transport.send(_mail()), _loop_turn)

        assert pending, "connecting to the tenant's server blocked the event loop"
        assert receipt.transport_message_id is not None
        assert len(sink.messages) == 1


async def test_a_lookup_without_answer_in_time_is_a_temporary_refusal(slow_dns: SlowDns) -> None:
    impatient = SmtpMailTransports(
        "127.0.0.1", 25, "no-reply@automahntion.example", resolve_timeout=0.2
    )

    try:
        refusal = await _refusal(impatient.tenant_server(_server()))
        answered = slow_dns.answered.is_set()
    finally:
        slow_dns.release()

    assert slow_dns.started.is_set()
    assert not answered
    assert refusal is not None
    assert not refusal.permanent
    assert "no DNS answer within 0.2 s" in refusal.reason
