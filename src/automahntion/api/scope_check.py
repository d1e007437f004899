"""The caller's scope is checked right after its credentials, before anything reads the body
or answers from the idempotency store: an under-scoped caller learns nothing but 403 (not
whether its body was valid, nor what another request with the same key got)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from automahntion.api.auth import check_scope


class ScopeCheck(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        await check_scope(
            ASGIConnection[Any, Any, Any, Any](scope, receive), scope["route_handler"]
        )
        await next_app(scope, receive, send)
