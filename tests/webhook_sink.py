"""A webhook receiver on 127.0.0.1 that keeps every callback exactly as it arrived."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Callback:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookSink:
    received: list[Callback] = field(default_factory=list)

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
        self.received.append(Callback(scope["path"], headers, b"".join(chunks)))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> list[Callback]:
        """The callbacks that satisfy `predicate(callback)`, once there is at least one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [c for c in list(self.received) if predicate(c)]
            if found:
                return found
            await asyncio.sleep(0.02)
        raise AssertionError(f"no matching callback among {len(self.received)} received")
