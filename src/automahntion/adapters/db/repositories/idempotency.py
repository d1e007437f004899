"""Idempotency keys of one tenant: the responses they keep, sealed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.tables import IdempotencyKey as IdempotencyRow
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.errors import NotFound
from automahntion.app.idempotency.records import AnswerHeaders, StoredResponse


def _headers(stored: str | None) -> AnswerHeaders:
    """Kept as JSON pairs; none for an answer stored before its headers were."""
    if stored is None:
        return ()
    return tuple((str(name), str(value)) for name, value in json.loads(stored))


class PiccoloIdempotencyRepository:
    """Responses are kept sealed with the secret key (some carry a secret shown once, a new API
    key) and requests only as keyed fingerprints (some carry a password). The headers kept with
    a response (`ETag`, `Location`, `Content-Type`) hold no secret and are kept in clear."""

    def __init__(self, tenant_id: UUID, secrets: SecretBox) -> None:
        self._tenant = tenant_id
        self._secrets = secrets

    def _key(self, credential: str, key: str) -> Any:
        return (
            (IdempotencyRow.tenant == self._tenant)
            & (IdempotencyRow.credential == credential)
            & (IdempotencyRow.key == key)
        )

    def _reservation(self, reservation: UUID) -> Any:
        return (IdempotencyRow.tenant == self._tenant) & (IdempotencyRow.id == reservation)

    async def _insert(self, credential: str, key: str, digest: str, now: datetime) -> UUID | None:
        """Insert-or-nothing in one statement: the unique index decides who reserved first."""
        row = IdempotencyRow(
            tenant=self._tenant,
            credential=credential,
            key=key,
            request_fingerprint=self._secrets.fingerprint(digest),
            created_at=now,
        )
        inserted = (
            await IdempotencyRow.insert(row)
            .on_conflict(
                target=(IdempotencyRow.tenant, IdempotencyRow.credential, IdempotencyRow.key),
                action="DO NOTHING",
            )
            .returning(IdempotencyRow.id)
        )
        return UUID(str(inserted[0]["id"])) if inserted else None

    async def reserve(
        self, credential: str, key: str, digest: str, now: datetime
    ) -> UUID | StoredResponse:
        reservation = await self._insert(credential, key, digest, now)
        if reservation is not None:
            return reservation
        row = await IdempotencyRow.select().where(self._key(credential, key)).first()
        if row is None:
            raise NotFound("idempotency key", key)
        sealed = row["response_body_sealed"]
        return StoredResponse(
            reservation=UUID(str(row["id"])),
            same_request=row["request_fingerprint"] == self._secrets.fingerprint(digest),
            status=row["response_status"],
            body=self._secrets.open(sealed) if sealed is not None else None,
            reserved_at=row["created_at"],
            headers=_headers(row["response_headers"]),
        )

    async def take_over(
        self, stale: StoredResponse, credential: str, key: str, digest: str, now: datetime
    ) -> UUID | None:
        """Deleting the stale row is the lock: of two requests taking over, one deletes it."""
        gone = (
            await IdempotencyRow.delete()
            .where(self._reservation(stale.reservation) & IdempotencyRow.response_status.is_null())
            .returning(IdempotencyRow.id)
        )
        if not gone:
            return None
        return await self._insert(credential, key, digest, now)

    async def complete(
        self, reservation: UUID, status: int, body: str, headers: AnswerHeaders
    ) -> None:
        await IdempotencyRow.update(
            {
                IdempotencyRow.response_status: status,
                IdempotencyRow.response_body_sealed: self._secrets.seal(body),
                IdempotencyRow.response_headers: json.dumps([list(pair) for pair in headers]),
            }
        ).where(self._reservation(reservation))

    async def release(self, reservation: UUID) -> None:
        await IdempotencyRow.delete().where(self._reservation(reservation))

    async def forget_older_than(self, moment: datetime) -> int:
        gone = (
            await IdempotencyRow.delete()
            .where((IdempotencyRow.tenant == self._tenant) & (IdempotencyRow.created_at < moment))
            .returning(IdempotencyRow.id)
        )
        return len(gone)
