"""Retry on 429 Too Many Requests: wait what `Retry-After` says, then send the request again.

`Client` and `AuthenticatedClient` wrap their transport in these by default (`retries_on_429`
sets how often, 0 turns it off). A wait longer than `max_wait` seconds is not waited for: the
429 is answered as it came."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

TOO_MANY_REQUESTS = 429
DEFAULT_RETRIES = 3
DEFAULT_MAX_WAIT = 60.0
FALLBACK_WAIT = 1.0
"""When a 429 carries no readable `Retry-After`."""


def retry_after(value: str | None, now: datetime | None = None) -> float:
    """Seconds to wait: `Retry-After` is either seconds or an HTTP date."""
    if value is None:
        return FALLBACK_WAIT
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return FALLBACK_WAIT
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryTransport(httpx.BaseTransport):
    def __init__(
        self,
        transport: httpx.BaseTransport,
        retries: int = DEFAULT_RETRIES,
        max_wait: float = DEFAULT_MAX_WAIT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport
        self._retries = retries
        self._max_wait = max_wait
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for _ in range(self._retries):
            response = self._transport.handle_request(request)
            if response.status_code != TOO_MANY_REQUESTS:
                return response
            wait = retry_after(response.headers.get("Retry-After"))
            if wait > self._max_wait:
                return response
            response.read()
            response.close()
            self._sleep(wait)
        return self._transport.handle_request(request)

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        retries: int = DEFAULT_RETRIES,
        max_wait: float = DEFAULT_MAX_WAIT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._transport = transport
        self._retries = retries
        self._max_wait = max_wait
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for _ in range(self._retries):
            response = await self._transport.handle_async_request(request)
            if response.status_code != TOO_MANY_REQUESTS:
                return response
            wait = retry_after(response.headers.get("Retry-After"))
            if wait > self._max_wait:
                return response
            await response.aread()
            await response.aclose()
            await self._sleep(wait)
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._transport.aclose()
