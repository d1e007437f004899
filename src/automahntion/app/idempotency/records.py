"""The first response to a request with an `Idempotency-Key`, as stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

AnswerHeaders = tuple[tuple[str, str], ...]
"""Headers that belong to a stored answer (name in lower case, value), replayed with it."""


@dataclass(frozen=True)
class StoredResponse:
    """The first response to an idempotent request, replayed for repeats; `status` None while
    the request that reserved the key (at `reserved_at`) is still running or died."""

    reservation: UUID
    same_request: bool
    """Whether the request that reserved the key had the digest the repeat has."""
    status: int | None
    body: str | None
    reserved_at: datetime
    headers: AnswerHeaders = ()
    """Empty for answers stored before their headers were kept: they replay without."""
