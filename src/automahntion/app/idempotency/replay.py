"""Unsafe requests with an `Idempotency-Key`: the same key and body within 24 hours gets the
first response again and does nothing twice.

Keys belong to one credential: a stored answer goes back only to the credential that caused
it (and only after its scope was checked, before this runs). A tenant's credentials keep their
keys with the tenant; admin tokens, which have none, keep theirs apart. A reservation whose
request has not answered within `LOCK_TIMEOUT` is taken over, so that a request whose process
died does not block its key for the whole window. A refusal that changed nothing is not kept,
so a corrected retry with the same key runs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from automahntion.app.errors import IdempotencyKeyReused
from automahntion.app.idempotency.records import AnswerHeaders, StoredResponse
from automahntion.app.idempotency.repository import IdempotencyRepository
from automahntion.app.storage import UnitOfWork
from automahntion.domain.errors import DomainError, FieldProblem, ValidationFailed

KEY_WINDOW = timedelta(hours=24)
LOCK_TIMEOUT = timedelta(minutes=10)
"""Longer than any request of ours takes (a large lexoffice sync included)."""
MAX_KEY_LENGTH = 255
NOT_KEPT = frozenset({400, 401, 403, 412, 413, 422, 429})
"""Refusals before anything was done: unreadable, unauthorized, invalid, a stale `If-Match`
(not part of the key's digest: the retry with the current `ETag` must run), too large,
limited."""


class RequestInProgress(DomainError):
    code = "idempotent-request-in-progress"

    def __init__(self, key: str) -> None:
        super().__init__(f"a request with idempotency key {key!r} is still being processed")


@dataclass(frozen=True)
class Replay:
    status: int
    body: str
    headers: AnswerHeaders = ()


@dataclass(frozen=True)
class Attempt:
    """Who is asking: the tenant (None: an admin token), the credential
    (`Caller.credential_id`) and its key."""

    tenant_id: UUID | None
    credential: str
    key: str


def _canonical(body: bytes) -> bytes:
    """The same JSON document gives the same bytes, whatever its whitespace and key order."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return body
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def request_digest(method: str, path: str, body: bytes) -> str:
    head = method.encode() + b" " + path.encode() + b"\n"
    return hashlib.sha256(head + _canonical(body)).hexdigest()


def check_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailed(
            [FieldProblem("Idempotency-Key", f"must be 1 to {MAX_KEY_LENGTH} printable characters")]
        )
    return key


def _keys(uow: UnitOfWork, tenant_id: UUID | None) -> IdempotencyRepository:
    return uow.admin_idempotency if tenant_id is None else uow.tenant(tenant_id).idempotency


async def _settle(
    keys: IdempotencyRepository,
    attempt: Attempt,
    stored: StoredResponse,
    digest: str,
    now: datetime,
) -> UUID | Replay:
    if stored.status is not None and stored.body is not None:
        return Replay(stored.status, stored.body, stored.headers)
    if stored.reserved_at > now - LOCK_TIMEOUT:
        raise RequestInProgress(attempt.key)
    taken = await keys.take_over(stored, attempt.credential, attempt.key, digest, now)
    if taken is None:
        raise RequestInProgress(attempt.key)
    return taken


async def begin(
    units: Callable[[], UnitOfWork], attempt: Attempt, digest: str, now: datetime
) -> UUID | Replay:
    """The reservation when this request must run (the first with its key, or one taking over
    from a request that died); the stored first response when it is a repeat."""
    check_key(attempt.key)
    async with units() as uow:
        keys = _keys(uow, attempt.tenant_id)
        await keys.forget_older_than(now - KEY_WINDOW)
        stored = await keys.reserve(attempt.credential, attempt.key, digest, now)
        if isinstance(stored, UUID):
            return stored
        if not stored.same_request:
            raise IdempotencyKeyReused(attempt.key)
        return await _settle(keys, attempt, stored, digest, now)


async def finish(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID | None,
    reservation: UUID,
    status: int,
    body: str,
    headers: AnswerHeaders,
) -> None:
    """Keep the response of a request that was carried out; forget one that failed on our side
    (5xx) or was refused before anything was done, so that a retry with the same key runs."""
    async with units() as uow:
        keys = _keys(uow, tenant_id)
        if status >= 500 or status in NOT_KEPT:
            await keys.release(reservation)
        else:
            await keys.complete(reservation, status, body, headers)
