"""One request budget per credential across all routes, answered with 429 and `Retry-After`
when spent.

- A request with a bearer token spends the budget of the credential behind it, once
  authenticated (`CredentialBudget`): an API key, an admin token, or a widget's grant through
  every refresh (a new access token is no new budget). When the token turns out unknown (401),
  the request is charged to the client address; once the address has spent its budget, tokens
  it sends that did not pass authentication lately (in this process) are refused before they
  cost a database lookup, and so are those whose credential spent its budget.
- A request without credentials (public routes) spends the budget of its client address.
- A signed webhook spends its provider's own budget, once its signature is checked; a refused
  one is charged to the address, never to the signed budget (`spend_signed`, `spend_refused`).

The client address is the connecting peer, or — only when that peer is one of
`AUTOMAHNTION_TRUSTED_PROXIES` — the right-most `X-Forwarded-For` hop that is not a trusted
proxy. Budgets live in Redis when it is configured (shared by every API process), in the
process otherwise; windows are fixed minutes of the injected clock.

Litestar builds the middleware stack once per route, so nothing of the budget may live in a
middleware instance: it hangs on the application state."""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from ipaddress import ip_address
from typing import Any

from litestar import Request
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from litestar.middleware import ASGIMiddleware
from litestar.status_codes import HTTP_401_UNAUTHORIZED
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from redis.asyncio import Redis

from automahntion.api.auth import Caller, bearer_token, caller_in
from automahntion.api.routing import NOT_RATE_LIMITED, OWN_BUDGET, PUBLIC
from automahntion.api.wiring import Budgets, Networks, wiring_of
from automahntion.app.access.credentials import hash_secret
from automahntion.app.clock import Clock

NOT_LIMITED = ["^/health$", "^/ready$", "^/schema"]
_NOT_LIMITED = re.compile("|".join(NOT_LIMITED))
WINDOW_S = 60
_REDIS_PREFIX = "automahntion:api-rate:"
KNOWN_TOKENS = 10_000
_HEADERS = "rate_limit_headers"
"""Scope state key: the `RateLimit-*` headers of the budget this request spent."""


class MemoryBudgets:
    def __init__(self) -> None:
        self._window = -1
        self._counts: dict[str, int] = {}

    def _current(self, window: int) -> dict[str, int]:
        if window != self._window:
            self._window, self._counts = window, {}
        return self._counts

    async def spend(self, identity: str, window: int) -> int:
        counts = self._current(window)
        counts[identity] = counts.get(identity, 0) + 1
        return counts[identity]

    async def spent(self, identity: str, window: int) -> int:
        return self._current(window).get(identity, 0)


class RedisBudgets:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def spend(self, identity: str, window: int) -> int:
        key = f"{_REDIS_PREFIX}{window}:{identity}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, 2 * WINDOW_S)
            count, _ = await pipe.execute()
        return int(count)

    async def spent(self, identity: str, window: int) -> int:
        return int(await self._redis.get(f"{_REDIS_PREFIX}{window}:{identity}") or 0)


@dataclass(frozen=True)
class _Limiter:
    clock: Clock
    limit: int
    budgets: Budgets
    trusted: Networks
    authenticated: OrderedDict[str, str] = field(default_factory=OrderedDict)
    """Hashes of tokens that passed authentication lately (at most KNOWN_TOKENS), each with the
    budget of its credential."""

    def moment(self) -> tuple[int, int]:
        """(window, seconds until it ends)."""
        now = self.clock.now().timestamp()
        window = int(now // WINDOW_S)
        return window, max(1, math.ceil((window + 1) * WINDOW_S - now))

    def headers(self, count: int, reset: int) -> dict[str, str]:
        headers = {
            "RateLimit-Policy": f"{self.limit}; w={WINDOW_S}",
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(0, self.limit - count)),
            "RateLimit-Reset": str(reset),
        }
        if count > self.limit:
            headers["Retry-After"] = str(reset)
        return headers

    async def spend(self, identity: str) -> dict[str, str]:
        """Spends one request of `identity`; 429 once its budget is spent."""
        window, reset = self.moment()
        count = await self.budgets.spend(identity, window)
        headers = self.headers(count, reset)
        if count > self.limit:
            raise TooManyRequestsException(headers=headers)
        return headers

    async def refuse_if_spent(self, identity: str) -> None:
        window, reset = self.moment()
        count = await self.budgets.spent(identity, window)
        if count >= self.limit:
            raise TooManyRequestsException(headers=self.headers(count + 1, reset))

    def budget_of(self, token_hash: str) -> str | None:
        return self.authenticated.get(token_hash)

    def authenticated_now(self, token_hash: str, budget: str | None) -> None:
        """`budget`: the credential's the token authenticated as; None if it was refused."""
        self.authenticated.pop(token_hash, None)
        if budget is not None:
            self.authenticated[token_hash] = budget
            if len(self.authenticated) > KNOWN_TOKENS:
                self.authenticated.popitem(last=False)


def _limiter(scope: Scope) -> _Limiter:
    state = scope["litestar_app"].state
    found: _Limiter | None = state.get("rate_limiter")
    if found is None:
        wiring = wiring_of(state)
        rate = wiring.rate
        found = _Limiter(wiring.clock, rate.limit, rate.budgets, rate.trusted)
        state.rate_limiter = found
    return found


def _trusted(address: str, trusted: Networks) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


def client_address(scope: Scope, trusted: Networks) -> str:
    client = scope.get("client")
    peer = client[0] if client else "unknown"
    if not _trusted(peer, trusted):
        return peer
    forwarded = [
        value.decode("latin-1") for name, value in scope["headers"] if name == b"x-forwarded-for"
    ]
    hops = [hop.strip() for hop in ",".join(forwarded).split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def _address_identity(scope: Scope, limiter: _Limiter) -> str:
    return "address:" + client_address(scope, limiter.trusted)


def _exempt(scope: Scope) -> bool:
    handler: Any = scope.get("route_handler")
    exempt = handler and (handler.opt.get(OWN_BUDGET) or handler.opt.get(NOT_RATE_LIMITED))
    return bool(_NOT_LIMITED.match(scope["path"]) or exempt)


def _credential_budget(caller: Caller) -> str:
    return "credential:" + caller.credential_id


class RateLimit(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if _exempt(scope):
            await next_app(scope, receive, send)
            return
        limiter = _limiter(scope)
        handler: Any = scope.get("route_handler")
        public = handler is not None and handler.opt.get(PUBLIC)
        token = None if public else bearer_token(_header(scope, b"authorization"))
        if token is None:
            _announce(scope, await limiter.spend(_address_identity(scope, limiter)))
            await next_app(scope, receive, send)
            return
        token_hash = hash_secret(token)
        budget = limiter.budget_of(token_hash)
        await limiter.refuse_if_spent(budget or _address_identity(scope, limiter))
        statuses: list[int] = []
        try:
            await next_app(scope, receive, _noting_status(send, statuses))
        except NotAuthorizedException:
            statuses.append(HTTP_401_UNAUTHORIZED)
            raise
        finally:
            refused = statuses == [HTTP_401_UNAUTHORIZED]
            caller = caller_in(scope)
            limiter.authenticated_now(
                token_hash, None if refused or caller is None else _credential_budget(caller)
            )
            if refused:
                window, reset = limiter.moment()
                count = await limiter.budgets.spend(_address_identity(scope, limiter), window)
                _announce(scope, limiter.headers(count, reset))


class CredentialBudget(ASGIMiddleware):
    """Right after authentication: the request spends its credential's budget."""

    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        caller = caller_in(scope)
        if caller is not None and not _exempt(scope):
            _announce(scope, await _limiter(scope).spend(_credential_budget(caller)))
        await next_app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    return next((v.decode("latin-1") for k, v in scope["headers"] if k == name), None)


def _noting_status(send: Send, statuses: list[int]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])
        await send(message)

    return sending


def _announce(scope: Scope, headers: dict[str, str]) -> None:
    state: dict[str, Any] = scope.setdefault("state", {})
    state[_HEADERS] = headers


async def budget_headers(message: Message, scope: Scope) -> None:
    """`before_send`: the budget's headers on every answer of a request that spent it. Not
    sent through the `send` this middleware hands on: the refusals of the middlewares after it
    (401, 403, a 409 or 422 of the idempotency key or the body) are answered by the
    application's exception handler, with the `send` the application was called with."""
    headers = scope.get("state", {}).get(_HEADERS)
    if message["type"] == "http.response.start" and headers is not None:
        message.setdefault("headers", [])
        MutableScopeHeaders(message).update(headers)


async def spend_signed(request: Request[Any, Any, Any], provider: str) -> None:
    """A webhook whose signature was checked spends its provider's budget."""
    await _limiter(request.scope).spend("webhook:" + provider)


async def spend_refused(request: Request[Any, Any, Any]) -> None:
    """A webhook whose signature was refused is charged to its client address."""
    limiter = _limiter(request.scope)
    await limiter.spend(_address_identity(request.scope, limiter))
