"""`Idempotency-Key` on POST, PUT and PATCH: a repeat within 24 hours replays the first
response and does nothing twice. Keys belong to the calling credential (an API key, an OAuth
grant or an admin token); this runs after the scope check (`api/scope_check.py`), so a replay
never reaches a caller the route refuses."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import Headers
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send

from automahntion.api.auth import caller_in
from automahntion.api.routing import PROBLEM_MEDIA_TYPE
from automahntion.api.wiring import wiring_of
from automahntion.app.idempotency import replay as idempotency
from automahntion.app.idempotency.records import AnswerHeaders

HEADER = "idempotency-key"
UNSAFE = frozenset({"POST", "PUT", "PATCH"})
REPLAYED_HEADER = b"idempotent-replayed"
ANSWER_HEADERS = frozenset({b"content-type", b"etag", b"location"})
"""Headers that belong to the answer and are replayed as the first answer had them. The
exchange's own (`X-Request-Id`, `RateLimit-*`, CORS, `Content-Length`) are the replay's."""


def answer_headers(start: HTTPResponseStartEvent) -> AnswerHeaders:
    return tuple(
        (name.decode("latin-1").lower(), value.decode("latin-1"))
        for name, value in start.get("headers", [])
        if name.lower() in ANSWER_HEADERS
    )


def replayed_headers(replay: idempotency.Replay, body: bytes) -> list[tuple[bytes, bytes]]:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in replay.headers]
    if body and not any(name == b"content-type" for name, _ in headers):
        media = PROBLEM_MEDIA_TYPE if replay.status >= 400 else "application/json"
        headers.append((b"content-type", media.encode()))
    return [*headers, (b"content-length", str(len(body)).encode()), (REPLAYED_HEADER, b"true")]


async def _send_stored(send: Send, replay: idempotency.Replay) -> None:
    """An answer stored before its headers were kept gets the content type its status means."""
    body = replay.body.encode()
    await send(
        {
            "type": "http.response.start",
            "status": replay.status,
            "headers": replayed_headers(replay, body),
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


class IdempotencyMiddleware(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        key = Headers.from_scope(scope).get(HEADER)
        caller = caller_in(scope)
        method = str(scope.get("method"))
        if key is None or method not in UNSAFE or caller is None:
            await next_app(scope, receive, send)
            return
        wiring = wiring_of(scope["litestar_app"].state)
        units = wiring.units
        body = await Request[Any, Any, Any](scope, receive).body()
        digest = idempotency.request_digest(method, scope["path"], body)
        attempt = idempotency.Attempt(caller.tenant_id, caller.credential_id, key)
        begun = await idempotency.begin(units, attempt, digest, wiring.clock.now())
        if isinstance(begun, idempotency.Replay):
            await _send_stored(send, begun)
            return
        tenant_id = caller.tenant_id
        status = 500
        headers: AnswerHeaders = ()
        captured: list[bytes] = []
        stored = False

        async def store() -> None:
            nonlocal stored
            stored = True
            body = b"".join(captured).decode(errors="replace")
            await idempotency.finish(units, tenant_id, begun, status, body, headers)

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = answer_headers(message)
            elif message["type"] == "http.response.body":
                captured.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await store()
            await send(message)

        try:
            await next_app(scope, receive, capture)
        finally:
            if not stored:
                await store()
