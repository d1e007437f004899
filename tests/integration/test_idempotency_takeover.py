"""Issue 15, finding 6: a request whose process died no longer blocks its `Idempotency-Key`
for 24 hours (a reservation older than the lock timeout is taken over), and a repeat is
recognised by its JSON document, not by its bytes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from automahntion.app.idempotency.replay import LOCK_TIMEOUT
from tests.integration.api_callers import Callers, bearer

pytest_plugins = ["tests.integration.api_callers"]


class SilentSmtpServer:
    """Accepts connections and never greets the first one (its request hangs until `let_go`);
    every later connection is closed at once."""

    def __init__(self) -> None:
        self.first_arrived = asyncio.Event()
        self._release = asyncio.Event()
        self.port = 0

    async def _serve(self, _: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.first_arrived.is_set():
            self.first_arrived.set()
            await self._release.wait()
        writer.close()

    def let_go(self) -> None:
        self._release.set()

    async def __aenter__(self) -> SilentSmtpServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_: object) -> None:
        self.let_go()
        self._server.close()


@pytest.fixture
async def silent_smtp() -> AsyncIterator[SilentSmtpServer]:
    async with SilentSmtpServer() as server:
        yield server


async def test_a_reservation_older_than_the_lock_timeout_is_taken_over(
    callers: Callers, silent_smtp: SilentSmtpServer
) -> None:
    headers = bearer(callers.api_key) | {"Idempotency-Key": "verbindung-1"}
    server = {"host": "127.0.0.1", "port": silent_smtp.port, "fromAddress": "a@b.example"}
    body = server | {"tls": "none"}

    def check() -> asyncio.Task[object]:
        return asyncio.ensure_future(
            callers.http.post("/v1/smtp/test-connection", json=body, headers=headers)
        )

    hanging = check()
    await asyncio.wait_for(silent_smtp.first_arrived.wait(), 10)
    while_running = await check()
    callers.clock.current += LOCK_TIMEOUT - timedelta(seconds=1)
    still_running = await check()
    callers.clock.current += timedelta(seconds=2)
    taken_over = await check()
    silent_smtp.let_go()
    late = await asyncio.wait_for(hanging, 60)
    repeated = await check()

    for response in (while_running, still_running):
        assert response.status_code == 409, response.text
        assert response.json()["type"] == "/problems/idempotent-request-in-progress"
    assert taken_over.status_code == 200, taken_over.text
    assert "idempotent-replayed" not in taken_over.headers
    assert late.status_code == 200, late.text
    assert repeated.headers["idempotent-replayed"] == "true"
    assert repeated.json() == taken_over.json()


async def test_the_same_json_with_other_spacing_and_key_order_is_a_repeat(
    callers: Callers,
) -> None:
    headers = bearer(callers.api_key) | {
        "Idempotency-Key": "smtp-1",
        "content-type": "application/json",
    }
    document = {"host": "smtp.example.org", "port": 587, "fromAddress": "a@b.example"}
    compact = json.dumps(document, separators=(",", ":"))
    spread = json.dumps(dict(reversed(document.items())), indent=4)
    first = await callers.http.put("/v1/smtp", content=compact, headers=headers)
    again = await callers.http.put("/v1/smtp", content=spread, headers=headers)
    other = await callers.http.put(
        "/v1/smtp", content=json.dumps(document | {"port": 465}), headers=headers
    )
    assert first.status_code == 204, first.text
    assert again.status_code == 204, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert other.status_code == 409
    assert other.json()["type"] == "/problems/idempotency-key-reused"
