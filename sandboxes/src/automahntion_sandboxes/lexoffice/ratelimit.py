"""lexoffice's rate limit: a token bucket per organization over all /v1 endpoints together."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class Bucket:
    tokens: float
    refilled_at: float


class RateLimiter:
    """Refills `rate` tokens a second up to a capacity of max(1, rate); a call takes one."""

    def __init__(self, rate_per_second: float) -> None:
        self.rate = rate_per_second
        self._buckets: dict[str, Bucket] = {}

    @property
    def capacity(self) -> float:
        return max(1.0, self.rate)

    def set_rate(self, rate_per_second: float) -> None:
        now = time.monotonic()
        for bucket in self._buckets.values():
            self._refill(bucket, now)
        self.rate = rate_per_second
        for bucket in self._buckets.values():
            bucket.tokens = min(bucket.tokens, self.capacity)

    def try_acquire(self, key: str) -> bool:
        now = time.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = Bucket(tokens=self.capacity, refilled_at=now)
        self._refill(bucket, now)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return True
        return False

    def _refill(self, bucket: Bucket, now: float) -> None:
        elapsed = max(0.0, now - bucket.refilled_at)
        bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.rate)
        bucket.refilled_at = now
