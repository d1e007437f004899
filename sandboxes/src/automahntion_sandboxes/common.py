"""What the postal and payments sandboxes share: injected faults, the request log in front of
the API (an ASGI wrapper), and webhook delivery in the background with a delivery log.

Imports nothing of the service: sandboxes stand for outside systems."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import httpx
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

from automahntion_sandboxes.clock import ClockSettingError, SandboxClock, real_seconds


class ControlError(Exception):
    """An error of the sandbox-only controls: `{"message": ...}`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def control_body(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError as error:
        raise ControlError(400, "the body must be JSON") from error
    if not isinstance(body, dict):
        raise ControlError(400, "the body must be a JSON object")
    return body


def set_clock(clock: SandboxClock, raw: bytes) -> dict[str, Any]:
    """`PUT /_sandbox/clock`: `{"date": "YYYY-MM-DD"}`, `{"now": "<ISO instant>"}` or null."""
    return control_clock(clock, control_body(raw))


def control_clock(clock: SandboxClock, body: dict[str, Any]) -> dict[str, Any]:
    try:
        return clock.control(body)
    except ClockSettingError as error:
        raise ControlError(400, str(error)) from error


@dataclass(frozen=True)
class Fault:
    status: int
    path_prefix: str
    drop_response: bool
    """Do the work, then answer `status` as if it had failed."""
    method: str | None = None
    """Only calls of this method (e.g. the `POST` beside a `GET` of the same path); None: any."""


class Faults:
    def __init__(self) -> None:
        self._queue: list[Fault] = []

    def add(
        self,
        status: int,
        times: int,
        path_prefix: str = "",
        drop: bool = False,
        method: str | None = None,
    ) -> None:
        self._queue += [Fault(status, path_prefix, drop, method)] * times

    def take(self, path: str, method: str | None = None) -> Fault | None:
        for index, fault in enumerate(self._queue):
            if path.startswith(fault.path_prefix) and fault.method in (None, method):
                return self._queue.pop(index)
        return None

    def pending(self) -> int:
        return len(self._queue)

    def clear(self) -> None:
        self._queue.clear()


@dataclass(frozen=True)
class LoggedRequest:
    at: float
    method: str
    path: str
    query: str
    status: int
    idempotency_key: str | None
    replayed: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "idempotencyKey": self.idempotency_key,
            "replayed": self.replayed,
        }


def header(scope: HTTPScope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def send_json(
    send: Send, status: int, body: Any, content_type: str = "application/json"
) -> None:
    data = json.dumps(body, separators=(",", ":")).encode("utf-8")
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(data)).encode()),
    ]
    if status == 429:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data, "more_body": False})


class Gate:
    """In front of the API paths: answers injected faults (429 with Retry-After) and logs
    every call with its status and idempotency key."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        is_api: Callable[[str], bool],
        faults: Faults,
        log: list[LoggedRequest],
        fault_body: Callable[[int], tuple[Any, str]],
    ) -> None:
        self._app = app
        self._is_api = is_api
        self._faults = faults
        self._log = log
        self._fault_body = fault_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or not self._is_api(scope["path"]):
            await self._app(scope, receive, send)
            return
        arrived = real_seconds()
        status = 500
        replayed = False

        async def recording(message: Message) -> None:
            nonlocal status, replayed
            if message["type"] == "http.response.start":
                status = message["status"]
                replayed = any(
                    k.lower() == b"idempotent-replayed" for k, _ in message.get("headers", [])
                )
            await send(message)

        async def discard(message: Message) -> None:
            del message

        fault = self._faults.take(scope["path"], scope.get("method"))
        try:
            if fault is None:
                await self._app(scope, receive, recording)
            else:
                if fault.drop_response:
                    await self._app(scope, receive, discard)
                body, content_type = self._fault_body(fault.status)
                await send_json(recording, fault.status, body, content_type)
        finally:
            self._log.append(
                LoggedRequest(
                    at=arrived,
                    method=scope["method"],
                    path=scope["path"],
                    query=scope["query_string"].decode("latin-1"),
                    status=status,
                    idempotency_key=header(scope, b"idempotency-key"),
                    replayed=replayed,
                )
            )


DEFAULT_RETRY_DELAYS = (0.2, 0.4, 0.8)


@dataclass
class Delivery:
    id: str
    event_id: str
    url: str
    body: bytes
    attempts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def delivered(self) -> bool:
        return any(200 <= (a["status"] or 0) < 300 for a in self.attempts)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "eventId": self.event_id,
            "url": self.url,
            "delivered": self.delivered,
            "attempts": self.attempts,
            "body": self.body.decode("utf-8"),
        }


class Deliverer:
    """Posts signed event bodies in the background, retrying non-2xx answers a few times."""

    def __init__(
        self, retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS, timeout: float = 5.0
    ) -> None:
        self._retry_delays = tuple(retry_delays)
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._ids = count(1)
        self.deliveries: dict[str, Delivery] = {}

    def deliver(
        self, event_id: str, url: str, body: bytes, sign: Callable[[bytes], Mapping[str, str]]
    ) -> Delivery:
        delivery = Delivery(f"dlv_{next(self._ids)}", event_id, url, body)
        self.deliveries[delivery.id] = delivery
        self._spawn(self._run(delivery, sign))
        return delivery

    def redeliver(self, delivery_id: str, sign: Callable[[bytes], Mapping[str, str]]) -> Delivery:
        old = self.deliveries.get(delivery_id)
        if old is None:
            raise ControlError(404, f"no delivery {delivery_id}")
        return self.deliver(old.event_id, old.url, old.body, sign)

    def clear(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self.deliveries.clear()

    async def close(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        try:
            task = asyncio.get_running_loop().create_task(coroutine)
        except RuntimeError:
            coroutine.close()
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, delivery: Delivery, sign: Callable[[bytes], Mapping[str, str]]) -> None:
        for attempt in range(len(self._retry_delays) + 1):
            if attempt:
                await asyncio.sleep(self._retry_delays[attempt - 1])
            headers = {"Content-Type": "application/json", **sign(delivery.body)}
            status, error = await self._post(delivery.url, delivery.body, headers)
            delivery.attempts.append({"at": real_seconds(), "status": status, "error": error})
            if status is not None and 200 <= status < 300:
                return
            if status is not None and 400 <= status < 500 and status not in (408, 429):
                return

    async def _post(
        self, url: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int | None, str | None]:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self._timeout, follow_redirects=False, trust_env=False
            )
        try:
            response = await self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            return None, f"{type(error).__name__}: {error}"
        return response.status_code, None
