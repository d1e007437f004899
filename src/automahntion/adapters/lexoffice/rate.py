"""Never faster than lexoffice allows: one request per `1/rate` seconds per organization,
shared by every task of a process — and through Redis by every process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from redis.asyncio import Redis

HEADROOM_S = 0.01


class RateLimiter(Protocol):
    async def acquire(self, key: str) -> None:
        """Return when a request for `key` may be sent."""
        ...


class LocalRateLimiter:
    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = 1 / per_second + HEADROOM_S
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = asyncio.Lock()

    async def acquire(self, key: str) -> None:
        async with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(key, 0.0))
            self._next[key] = slot + self._interval
        if slot > now:
            await self._sleep(slot - now)


_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval = tonumber(ARGV[1])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.ceil(interval * 1000) + 60000)
return tostring(slot - now)
"""


class RedisRateLimiter:
    """The slot is reserved atomically in Redis, on Redis's clock, for all worker processes."""

    def __init__(self, redis: Redis, per_second: float, prefix: str = "automahntion:rate:") -> None:
        self._redis = redis
        self._interval = 1 / per_second + HEADROOM_S
        self._prefix = prefix
        self._script = redis.register_script(_RESERVE)

    async def acquire(self, key: str) -> None:
        wait = float(await self._script(keys=[self._prefix + key], args=[self._interval]))
        if wait > 0:
            await asyncio.sleep(wait)
