"""Log lines written while a request is handled carry its id and the caller's tenant."""

from __future__ import annotations

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from automahntion.api.auth import caller_in
from automahntion.api.server_errors import REQUEST_ID, request_id_of
from automahntion.app.log_context import log_context


class RequestLogContext(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        caller = caller_in(scope)
        values: dict[str, object] = {REQUEST_ID: request_id_of(scope)}
        if caller is not None:
            values.update(tenant_id=caller.tenant_id or "-", credential=caller.credential_id)
        with log_context(**values):
            await next_app(scope, receive, send)
