"""Every request gets an id (the client's `X-Request-Id` when it is a sane one): it is sent
back on the response, carried by every log line written while the request is handled, and by
the one access line written when it is answered.

It wraps the whole application, routing included, so that a 404 for an unknown path has an id
and an access line too."""

from __future__ import annotations

import logging
import re
import time
from uuid import uuid4

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

from automahntion.api.auth import caller_in
from automahntion.api.logged_paths import logged_path
from automahntion.api.rate_limit import client_address
from automahntion.api.server_errors import REQUEST_ID, REQUEST_ID_HEADER
from automahntion.app.log_context import log_context

logger = logging.getLogger("automahntion.access")

_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_INCOMING = REQUEST_ID_HEADER.lower().encode("latin-1")


def incoming_request_id(scope: Scope) -> str | None:
    """The client's id for the request, when it is one we can log and send back as it is."""
    value = next((v for k, v in scope["headers"] if k == _INCOMING), b"").decode("latin-1")
    return value if _SANE_ID.fullmatch(value) else None


def _client(scope: Scope) -> str:
    wiring = scope["litestar_app"].state.get("wiring")
    client = scope.get("client")
    if wiring is None:
        return client[0] if client else "unknown"
    return client_address(scope, wiring.rate.trusted)


class RequestTrace:
    """The outermost layer of the API: request id and access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = incoming_request_id(scope) or uuid4().hex
        scope.setdefault("state", {})[REQUEST_ID] = request_id
        statuses: list[int] = []

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])
                message.setdefault("headers", [])
                MutableScopeHeaders(message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        started = time.perf_counter()
        with log_context(request_id=request_id):
            try:
                await self.app(scope, receive, sending)
            finally:
                _log_access(scope, statuses[0] if statuses else 500, started)


def _log_access(scope: HTTPScope, status: int, started: float) -> None:
    caller = caller_in(scope)
    fields: dict[str, object] = {
        "event": "access",
        "method": scope["method"],
        "path": logged_path(scope),
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "client": _client(scope),
    }
    if caller is not None and caller.tenant_id:
        fields["tenant_id"] = str(caller.tenant_id)
    logger.info("%s %s %s", fields["method"], fields["path"], status, extra=fields)
