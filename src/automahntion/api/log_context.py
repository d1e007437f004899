"""Log lines written while a request is handled carry the caller's tenant and credential (its
id is set around the whole request, by `access_log.RequestTrace`)."""

from __future__ import annotations

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from automahntion.api.auth import caller_in
from automahntion.app.log_context import log_context


class RequestLogContext(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        caller = caller_in(scope)
        if caller is None:
            await next_app(scope, receive, send)
            return
        with log_context(tenant_id=caller.tenant_id or "-", credential=caller.credential_id):
            await next_app(scope, receive, send)
