"""A request budget per credential (per client address for requests without one), answered
with 429 and `Retry-After` when spent."""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from litestar import Request
from litestar.middleware.rate_limit import (
    CacheObject,
    RateLimitConfig,
    RateLimitMiddleware,
    get_remote_address,
)

from automahntion.api.auth import bearer_token

NOT_LIMITED = ["^/health$", "^/ready$", "^/schema"]


def _identity(request: Request[Any, Any, Any]) -> str:
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        return "address:" + get_remote_address(request)
    return "credential:" + hashlib.sha256(token.encode()).hexdigest()[:32]


class _RetryAfterMiddleware(RateLimitMiddleware):
    def create_response_headers(self, cache_object: CacheObject) -> dict[str, str]:
        headers = super().create_response_headers(cache_object)
        if len(cache_object.history) >= self.max_requests:
            wait = cache_object.reset - int(time.time())
            headers["Retry-After"] = str(max(1, math.ceil(wait)))
        return headers


def rate_limit(requests_per_minute: int) -> RateLimitConfig:
    return RateLimitConfig(
        rate_limit=("minute", requests_per_minute),
        exclude=NOT_LIMITED,
        identifier_for_request=_identity,
        middleware_class=_RetryAfterMiddleware,
    )
