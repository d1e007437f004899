"""Port: the stored first responses to requests with an `Idempotency-Key`."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.idempotency.records import AnswerHeaders, StoredResponse


class IdempotencyRepository(Protocol):
    """Keys of one tenant's credentials, or of the admin tokens: a key belongs to the credential
    that reserved it, another credential never sees it."""

    async def reserve(
        self, credential: str, key: str, digest: str, now: datetime
    ) -> UUID | StoredResponse:
        """The new reservation when the key is new; else what was stored for it first. The
        request's digest is kept only as a keyed fingerprint (a body may bear a password)."""
        ...

    async def take_over(
        self, stale: StoredResponse, credential: str, key: str, digest: str, now: datetime
    ) -> UUID | None:
        """A new reservation in place of `stale`; None when another request took it first."""
        ...

    async def complete(
        self, reservation: UUID, status: int, body: str, headers: AnswerHeaders
    ) -> None:
        """Keeps the response (the body unreadable at rest) with the headers that belong to
        it; nothing when the reservation was taken over meanwhile."""

    async def release(self, reservation: UUID) -> None:
        """Forget a reservation whose request failed, so that a retry runs it again."""

    async def forget_older_than(self, moment: datetime) -> int: ...
