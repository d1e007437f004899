"""CORS for browser widgets: exactly the origins registered with an OAuth client (those of
its redirect URIs), on the token and revocation endpoints and on the routes whose scope one
of that origin's clients may be granted.

Bearer tokens need no credentials mode, so no `Access-Control-Allow-Credentials`. Another
origin gets no CORS headers at all, and its browser refuses the answer. A request without an
`Origin` (a server calling) reads nothing more than before."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import HTTPException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from automahntion.api.routing import CORS
from automahntion.api.scopes import TENANT_SCOPES
from automahntion.api.server_errors import REQUEST_ID_HEADER
from automahntion.api.wiring import wiring_of
from automahntion.app.access.browser_origins import registered_origin_scopes

ALLOWED_ORIGIN = "cors_allowed_origin"
ALLOW_HEADERS = (
    f"Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, {REQUEST_ID_HEADER}"
)
EXPOSE_HEADERS = (
    "RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, "
    f"ETag, Location, Content-Disposition, {REQUEST_ID_HEADER}, Idempotent-Replayed, "
    "WWW-Authenticate"
)
MAX_AGE_S = 600


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def open_to_widgets(handler: BaseRouteHandler | None) -> bool:
    """Whether a widget could be allowed this route at all (decided without a read)."""
    if handler is None:
        return False
    return bool(handler.opt.get(CORS)) or handler.opt.get("scope") in TENANT_SCOPES


def _allows(handler: BaseRouteHandler, scopes: frozenset[str]) -> bool:
    return bool(handler.opt.get(CORS)) or handler.opt.get("scope") in scopes


def _handler_for(scope: Scope, method: str) -> BaseRouteHandler | None:
    """The handler a preflight asks about (not the OPTIONS handler it reached)."""
    try:
        _, handler, *_ = scope["app"].asgi_router.handle_routing(path=scope["path"], method=method)
    except HTTPException:
        return None
    return handler


async def _allowed(scope: Scope, origin: str, handler: BaseRouteHandler | None) -> bool:
    if handler is None or not open_to_widgets(handler):
        return False
    scopes = await registered_origin_scopes(wiring_of(scope["app"].state).units, origin)
    return scopes is not None and _allows(handler, scopes)


def _preflight_headers(origin: str | None, method: str) -> list[tuple[bytes, bytes]]:
    headers = {"Vary": "Origin", "Content-Length": "0"}
    if origin is not None:
        headers |= {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": method,
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": str(MAX_AGE_S),
        }
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


class BrowserCors(ASGIMiddleware):
    """Answers preflights itself and marks an allowed request for `cors_headers`; first in
    the chain, so that a preflight spends no rate budget and needs no credentials."""

    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        origin = _header(scope, b"origin")
        if origin is None:
            await next_app(scope, receive, send)
            return
        requested = _header(scope, b"access-control-request-method")
        if scope.get("method") == "OPTIONS" and requested is not None:
            handler = _handler_for(scope, requested)
            allowed = await _allowed(scope, origin, handler)
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": _preflight_headers(origin if allowed else None, requested),
                }
            )
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        if await _allowed(scope, origin, scope.get("route_handler")):
            state: dict[str, Any] = scope.setdefault("state", {})
            state[ALLOWED_ORIGIN] = origin
        await next_app(scope, receive, send)


async def cors_headers(message: Message, scope: Scope) -> None:
    """`before_send`: on every answer (errors from middleware too) of a route a widget may
    call; `Vary: Origin` even without an allowed origin, so that no cache mixes them up."""
    if message["type"] != "http.response.start" or not open_to_widgets(scope.get("route_handler")):
        return
    headers = MutableScopeHeaders.from_message(message)
    headers.extend_header_value("Vary", "Origin")
    origin = scope.get("state", {}).get(ALLOWED_ORIGIN)
    if origin is not None:
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
