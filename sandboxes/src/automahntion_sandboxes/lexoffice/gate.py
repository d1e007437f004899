"""lexoffice's API gateway in front of the app: bearer authentication, the per-organization
rate limit (a refused call is not executed), injected faults, and the request log."""

from __future__ import annotations

import json
import re
from typing import Any, cast

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

from automahntion_sandboxes.clock import real_seconds
from automahntion_sandboxes.lexoffice.errors import UNAUTHORIZED, gateway_body, regular_body
from automahntion_sandboxes.lexoffice.state import Fault, LoggedRequest, Sandbox

BEARER = re.compile(r"Bearer (\S+)", re.IGNORECASE)
ORGANIZATION_KEY = "lexoffice_organization_id"


def _is_api(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def _is_oauth(path: str) -> bool:
    return path.startswith("/oauth2/")


def _header(scope: HTTPScope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def send_json(
    send: Send, status: int, body: Any, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    data = json.dumps(body, separators=(",", ":")).encode("utf-8")
    await send_raw(send, status, data, "application/json", headers)


async def send_raw(
    send: Send,
    status: int,
    data: bytes,
    content_type: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode("latin-1")),
                (b"content-length", str(len(data)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data, "more_body": False})


class Gate:
    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self._app = app
        self._sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        if _is_api(scope["path"]):
            await self._logged(scope, receive, send, self._api)
        elif _is_oauth(scope["path"]):
            await self._logged(scope, receive, send, self._app)
        else:
            await self._app(scope, receive, send)

    async def _logged(self, scope: HTTPScope, receive: Receive, send: Send, app: ASGIApp) -> None:
        arrived = real_seconds()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        state = scope.setdefault("state", {})
        try:
            await app(scope, receive, recording_send)
        finally:
            self._sandbox.log(
                LoggedRequest(
                    at=arrived,
                    method=scope["method"],
                    path=scope["path"],
                    query=scope["query_string"].decode("latin-1"),
                    status=status,
                    organization_id=state.get(ORGANIZATION_KEY),
                )
            )

    async def _api(self, scope: Scope, receive: Receive, send: Send) -> None:
        http = cast("HTTPScope", scope)
        sandbox = self._sandbox
        path = http["path"]
        authorization = _header(http, b"authorization")
        if authorization is None:
            await send_json(send, 401, UNAUTHORIZED)
            return
        match = BEARER.fullmatch(authorization)
        if match is None:
            message = (
                f"'{authorization}' not a valid key=value pair (missing equal-sign) "
                f"in Authorization header: '{authorization}'."
            )
            await send_json(send, 403, {"message": message})
            return
        organization_id, valid = sandbox.resolve_bearer(match.group(1))
        if organization_id is None:
            await send_json(send, 401, UNAUTHORIZED)
            return
        http["state"][ORGANIZATION_KEY] = organization_id
        if not sandbox.limiter.try_acquire(organization_id):
            body = regular_body(sandbox.clock, 429, path, "Rate limit exceeded")
            await send_json(send, 429, body, [(b"retry-after", b"1")])
            return
        if not valid:
            await send_json(send, 401, UNAUTHORIZED)
            return
        fault = sandbox.take_fault(path, http["method"])
        if fault is None:
            await self._app(scope, receive, send)
            return
        if fault.executes:
            await self._app(scope, receive, _discard)
        else:
            await _drain(receive)
        if fault.hang_up:
            await _hang_up(send)
        else:
            await self._send_fault(send, fault, path)

    async def _send_fault(self, send: Send, fault: Fault, path: str) -> None:
        headers = [(b"retry-after", b"1")] if fault.status == 429 else []
        if fault.body is not None:
            await send_raw(send, fault.status, fault.body.encode(), fault.content_type, headers)
            return
        body = gateway_body(self._sandbox.clock, fault.status, path)
        await send_json(send, fault.status, body, headers)


async def _drain(receive: Receive) -> None:
    """Reads the request body the fault does not pass on: a connection closed with unread bytes
    is reset, and the client would see a reset instead of a hang-up, at random."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def _discard(message: Message) -> None:
    del message


async def _hang_up(send: Send) -> None:
    """Headers that promise a body which never comes: the server closes the connection when
    the app returns, and the client cannot tell whether the call was executed."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
        }
    )
