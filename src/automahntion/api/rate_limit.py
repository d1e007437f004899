"""A request budget per credential (per client address for requests without one), answered
with 429 and `Retry-After` when spent.

Litestar's own middleware keeps every request's timestamp of the window as a JSON list in its
store and decodes and re-encodes that list on each request: at a few hundred requests a second
that costs more than the request. This keeps one counter per caller and window instead, in the
process, as Litestar's default memory store did (same fixed windows, same headers)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import TooManyRequestsException
from litestar.middleware.rate_limit import (
    RateLimitConfig,
    RateLimitMiddleware,
    get_remote_address,
)
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from automahntion.api.auth import bearer_token
from automahntion.app.credentials import hash_secret

NOT_LIMITED = ["^/health$", "^/ready$", "^/schema"]
WINDOW_S = 60


def _identity(request: Request[Any, Any, Any]) -> str:
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return "address:" + get_remote_address(request)
    return "credential:" + hash_secret(token)[:32]


@dataclass
class _Window:
    reset: int
    """Second of the monotonic clock at which this window ends."""
    count: int = 0


class _CountingRateLimit(RateLimitMiddleware):
    def __init__(self, app: ASGIApp, config: RateLimitConfig) -> None:
        super().__init__(app, config)
        self._windows: dict[str, _Window] = {}
        self._next_sweep = 0

    def _window(self, identity: str, now: int) -> _Window:
        if now >= self._next_sweep:
            self._windows = {k: w for k, w in self._windows.items() if w.reset > now}
            self._next_sweep = now + WINDOW_S
        window = self._windows.get(identity)
        if window is None or window.reset <= now:
            window = self._windows[identity] = _Window(now + WINDOW_S)
        return window

    def _headers(self, window: _Window, now: int) -> dict[str, str]:
        headers = {
            self.config.rate_limit_policy_header_key: f"{self.max_requests}; w={WINDOW_S}",
            self.config.rate_limit_limit_header_key: str(self.max_requests),
            self.config.rate_limit_remaining_header_key: str(
                max(0, self.max_requests - window.count)
            ),
            self.config.rate_limit_reset_header_key: str(window.reset - now),
        }
        if window.count >= self.max_requests:
            headers["Retry-After"] = str(max(1, math.ceil(window.reset - now)))
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        now = int(time.monotonic())
        request: Request[Any, Any, Any] = scope["litestar_app"].request_class(scope)
        window = self._window(_identity(request), now)
        if window.count >= self.max_requests:
            raise TooManyRequestsException(headers=self._headers(window, now))
        window.count += 1
        headers = self._headers(window, now)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                MutableScopeHeaders(message).update(headers)
            await send(message)

        await self.app(scope, receive, with_headers)


def rate_limit(requests_per_minute: int) -> RateLimitConfig:
    return RateLimitConfig(
        rate_limit=("minute", requests_per_minute),
        exclude=NOT_LIMITED,
        identifier_for_request=_identity,
        middleware_class=_CountingRateLimit,
    )
