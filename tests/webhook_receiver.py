"""An integrator's webhook receiver on 127.0.0.1: keeps every request and answers each with the
next status it was told (200 once none is left)."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    """What the receiver answered."""


@dataclass
class Receiver:
    received: list[Received] = field(default_factory=list)
    _statuses: deque[int] = field(default_factory=deque)
    headers_on: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Headers answered on a path besides the status (e.g. a `Set-Cookie`)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer_next(self, *statuses: int) -> None:
        with self._lock:
            self._statuses.extend(statuses)

    def taken(self, path: str | None = None) -> list[Received]:
        """The requests answered with a 2xx (on `path`)."""
        return [
            r
            for r in list(self.received)
            if 200 <= r.status < 300 and (path is None or r.path == path)
        ]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": message["type"] + ".complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        with self._lock:
            status = self._statuses.popleft() if self._statuses else 200
            self.received.append(Received(scope["path"], headers, b"".join(chunks), status))
        answered = [(k.encode(), v.encode()) for k, v in self.headers_on.get(scope["path"], [])]
        await send({"type": "http.response.start", "status": status, "headers": answered})
        await send({"type": "http.response.body", "body": b"ok"})
