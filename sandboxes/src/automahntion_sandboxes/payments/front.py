"""In front of /v1: the secret API key, and Stripe's idempotency. The first response of a key
is stored (also a payment error after the work began) and replayed with `Idempotent-Replayed`;
the same key with other parameters is refused; a validation failure (400/404) stores nothing."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import cast

from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPReceiveMessage,
    HTTPScope,
    Message,
    Receive,
    Scope,
    Send,
)

from automahntion_sandboxes.common import header, send_json
from automahntion_sandboxes.payments.errors import StripeError
from automahntion_sandboxes.payments.ledger import Ledger, Stored

BEARER = re.compile(r"Bearer (\S+)", re.IGNORECASE)
BASIC = re.compile(r"Basic (\S+)", re.IGNORECASE)


def _key_of(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    if match := BEARER.fullmatch(authorization):
        return match.group(1)
    if match := BASIC.fullmatch(authorization):
        try:
            return base64.b64decode(match.group(1)).decode().split(":", 1)[0]
        except ValueError:
            return None
    return None


def _stored(status: int) -> bool:
    return status < 400 or status == 402 or status >= 500


class Front:
    def __init__(self, app: ASGIApp, ledger: Ledger) -> None:
        self._app = app
        self._ledger = ledger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or not scope["path"].startswith("/v1/"):
            await self._app(scope, receive, send)
            return
        http: HTTPScope = scope
        if _key_of(header(http, b"authorization")) != self._ledger.api_key:
            message = "Invalid API Key provided. Use your secret key (sk_test_…)."
            await send_json(send, 401, StripeError(401, message).body())
            return
        key = header(http, b"idempotency-key")
        if http["method"] != "POST" or not key:
            await self._app(scope, receive, send)
            return
        body = await _read_body(receive)
        digest = hashlib.sha256(http["path"].encode() + b"\n" + body).hexdigest()
        stored = self._ledger.idempotency.get(key)
        if stored is not None:
            await self._replay(send, key, digest, stored)
            return
        captured: dict[str, object] = {"status": 500, "body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
            elif message["type"] == "http.response.body":
                captured["body"] = cast("bytes", captured["body"]) + message.get("body", b"")
            await send(message)

        sent = False

        async def replay_body() -> HTTPReceiveMessage:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self._app(scope, replay_body, capture)
        status = cast("int", captured["status"])
        if _stored(status):
            self._ledger.idempotency[key] = Stored(digest, status, cast("bytes", captured["body"]))

    async def _replay(self, send: Send, key: str, digest: str, stored: Stored) -> None:
        if stored.digest != digest:
            message = (
                "Keys for idempotent requests can only be used with the same parameters they "
                f"were first used with. Try using a key other than '{key}'."
            )
            error = StripeError(400, message, kind="idempotency_error")
            await send_json(send, 400, error.body())
            return
        await send(
            {
                "type": "http.response.start",
                "status": stored.status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(stored.body)).encode()),
                    (b"idempotent-replayed", b"true"),
                    (b"idempotency-key", key.encode("latin-1")),
                ],
            }
        )
        await send({"type": "http.response.body", "body": stored.body, "more_body": False})


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
