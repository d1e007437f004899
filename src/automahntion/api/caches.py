"""What the API keeps between requests: the callers behind credentials and encoded responses,
each dropped as soon as its tenant's data changes (through the change feed from any process,
and at once for a change made through this process).

On the embedded default (SQLite) there is no feed and nothing is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from litestar import MediaType, Response

from automahntion.api.tenant_cache import TenantCache
from automahntion.app.changes import ChangeFeed

if TYPE_CHECKING:
    from automahntion.api.auth import Caller

CREDENTIALS = 10_000
"""Callers kept at most."""
RESPONSE_BYTES = 64 * 1024 * 1024
"""Encoded responses kept at most, in bytes."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class KnownCaller:
    caller: Caller
    recheck_at: datetime | None
    """When the credential must be looked up again: it expires, or its use is due to be
    written down."""

    def valid(self, now: datetime) -> bool:
        return self.recheck_at is None or now < self.recheck_at


@dataclass
class ApiCaches:
    credentials: TenantCache[KnownCaller]
    responses: TenantCache[bytes]

    def changed(self, tenant_id: UUID | None) -> None:
        self.credentials.changed(tenant_id)
        self.responses.changed(tenant_id)


def api_caches(feed: ChangeFeed | None) -> ApiCaches:
    def live() -> bool:
        return feed is not None and feed.live

    caches = ApiCaches(TenantCache(live, CREDENTIALS), TenantCache(live, RESPONSE_BYTES, len))
    if feed is not None:
        feed.subscribe(caches)
    return caches


def json_response(body: bytes) -> Response[Any]:
    """An encoded JSON body as it is answered (and kept)."""
    return Response(body, media_type=MediaType.JSON)


def caches_of(state: Any) -> ApiCaches:
    caches: ApiCaches = state.caches
    return caches
