"""A request that may have written forgets, in this process, what it may have made stale
before its answer goes out, so the caller's next request reads what it wrote even before the
change feed reports it."""

from __future__ import annotations

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from automahntion.api.auth import caller_in
from automahntion.api.caches import caches_of

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FIRST_REFUSAL = 400


class ForgetOnWrite(ASGIMiddleware):
    """Any method but GET, HEAD, OPTIONS. A tenant's caller: that tenant's data. The admin:
    everything (it changes tenants). Without credentials (OAuth token and revocation
    endpoints, webhooks, the feedback form): the callers kept, and only when the request was
    taken — refused anonymous requests forget nothing."""

    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("method") in SAFE_METHODS:
            await next_app(scope, receive, send)
            return

        async def forgetting(message: Message) -> None:
            if message["type"] == "http.response.start":
                _forget(scope, message["status"])
            await send(message)

        await next_app(scope, receive, forgetting)


def _forget(scope: Scope, status: int) -> None:
    caches = caches_of(scope["litestar_app"].state)
    caller = caller_in(scope)
    if caller is not None:
        caches.changed(caller.tenant_id)
    elif status < FIRST_REFUSAL:
        caches.credentials.changed(None)
