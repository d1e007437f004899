"""Retrying an HTTP call on 429 and 5xx, honouring Retry-After; shared by the API clients."""

from __future__ import annotations

import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0

    def delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                wait = float(retry_after)
            except ValueError:
                wait = math.nan
            if not math.isnan(wait):  # NaN would be no wait at all in `asyncio.sleep`
                return min(max(wait, 0.0), self.max_delay_s)
        backoff: float = self.base_delay_s * 2**attempt
        return min(backoff + random.uniform(0, self.base_delay_s), self.max_delay_s)


DEFAULT_RETRY = RetryPolicy()


async def send_retrying(
    send: Callable[[], Awaitable[httpx.Response]],
    policy: RetryPolicy,
    sleep: Callable[[float], Awaitable[None]],
) -> httpx.Response:
    """The first answer that is not 429/5xx, or the last one when the attempts run out.

    Only for calls that are safe to repeat: reads, and writes that carry an idempotency key.
    A transport error on the last attempt propagates as `httpx.TransportError`."""
    for attempt in range(policy.attempts):
        last = attempt + 1 == policy.attempts
        try:
            response = await send()
        except httpx.TransportError:
            if last:
                raise
            await sleep(policy.delay(attempt, None))
            continue
        if response.status_code not in RETRIED_STATUSES or last:
            return response
        await sleep(policy.delay(attempt, response.headers.get("Retry-After")))
    raise AssertionError("unreachable: the last attempt always returns or raises")
