"""A stand-in for a lexoffice that stops answering: it forwards to the sandbox, except that
requests matching `stalls` never get an answer (as a hung upstream behaves)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import httpx

Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]


class StallingProxy:
    def __init__(self, upstream: str, stalls: Callable[[str], bool]) -> None:
        self.upstream = upstream
        self.stalls = stalls
        self.url = ""
        """Where it listens, once served."""
        self.stalled = threading.Event()
        """Set once a request was held (the caller is waiting on us now)."""

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if self.stalls(scope["path"]):
            self.stalled.set()
            await asyncio.Event().wait()
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await self._forward(scope, body, send)

    async def _forward(self, scope: dict[str, Any], body: bytes, send: Send) -> None:
        headers = [(k.decode(), v.decode()) for k, v in scope["headers"] if k != b"host"]
        url = self.upstream + scope["path"]
        if scope["query_string"]:
            url += "?" + scope["query_string"].decode()
        async with httpx.AsyncClient(trust_env=False, timeout=30) as client:
            answer = await client.request(scope["method"], url, headers=headers, content=body)
        drop = {"content-length", "transfer-encoding", "content-encoding", "connection"}
        await send(
            {
                "type": "http.response.start",
                "status": answer.status_code,
                "headers": [
                    (k.encode(), v.encode())
                    for k, v in answer.headers.items()
                    if k.lower() not in drop
                ]
                + [(b"content-length", str(len(answer.content)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": answer.content})
