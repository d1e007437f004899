"""Unsafe requests with an `Idempotency-Key`: the same key and body within 24 hours gets the
first response again and does nothing twice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from automahntion.app.errors import IdempotencyKeyReused
from automahntion.app.storage import UnitOfWork
from automahntion.domain.errors import DomainError, FieldProblem, ValidationFailed

KEY_WINDOW = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class RequestInProgress(DomainError):
    code = "idempotent-request-in-progress"

    def __init__(self, key: str) -> None:
        super().__init__(f"a request with idempotency key {key!r} is still being processed")


@dataclass(frozen=True)
class Replay:
    status: int
    body: str


def request_digest(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def check_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailed(
            [FieldProblem("Idempotency-Key", f"must be 1 to {MAX_KEY_LENGTH} printable characters")]
        )
    return key


async def begin(
    units: Callable[[], UnitOfWork], tenant_id: UUID, key: str, digest: str, now: datetime
) -> Replay | None:
    """None when this request is the first with `key` (and must run); the stored first
    response when it is a repeat."""
    async with units() as uow:
        keys = uow.tenant(tenant_id).idempotency
        await keys.forget_older_than(now - KEY_WINDOW)
        stored = await keys.reserve(check_key(key), digest, now)
    if stored is None:
        return None
    if stored.request_sha256 != digest:
        raise IdempotencyKeyReused(key)
    if stored.status is None or stored.body is None:
        raise RequestInProgress(key)
    return Replay(stored.status, stored.body)


async def finish(
    units: Callable[[], UnitOfWork], tenant_id: UUID, key: str, status: int, body: str
) -> None:
    """Keep the response of a request that was carried out; forget one that failed on our side
    (5xx), so that a retry with the same key runs it again."""
    async with units() as uow:
        keys = uow.tenant(tenant_id).idempotency
        if status >= 500:
            await keys.release(key)
        else:
            await keys.complete(key, status, body)
