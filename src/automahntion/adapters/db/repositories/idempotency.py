"""Idempotency keys of one tenant, or of the admin API: the responses they keep, sealed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from piccolo.columns import Column
from piccolo.table import Table

from automahntion.adapters.db.tables import AdminIdempotencyKey as AdminIdempotencyRow
from automahntion.adapters.db.tables import IdempotencyKey as IdempotencyRow
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.errors import NotFound
from automahntion.app.idempotency.records import AnswerHeaders, StoredResponse


def _headers(stored: str | None) -> AnswerHeaders:
    """Kept as JSON pairs; none for an answer stored before its headers were."""
    if stored is None:
        return ()
    return tuple((str(name), str(value)) for name, value in json.loads(stored))


class _SealedKeys:
    """Responses are kept sealed with the secret key (some carry a secret shown once: a new API
    key, admin token or OAuth client secret) and requests only as keyed fingerprints (some carry
    a password). The headers kept with a response (`ETag`, `Location`, `Content-Type`) hold no
    secret and are kept in clear.

    Each keeps its own rows: those of `owned` in `table`, a new row holding `owner`, unique on
    the columns `unique`."""

    def __init__(
        self,
        secrets: SecretBox,
        table: type[Table],
        owned: Any,
        owner: dict[str, Any],
        unique: tuple[Column, ...],
    ) -> None:
        self._secrets = secrets
        self._table = table
        self._owned = owned
        self._owner = owner
        self._unique = unique

    def _column(self, name: str) -> Any:
        return self._table._meta.get_column_by_name(name)

    def _key(self, credential: str, key: str) -> Any:
        named = (self._column("credential") == credential) & (self._column("key") == key)
        return self._owned & named

    def _reservation(self, reservation: UUID) -> Any:
        return self._owned & (self._column("id") == reservation)

    async def _insert(self, credential: str, key: str, digest: str, now: datetime) -> UUID | None:
        """Insert-or-nothing in one statement: the unique index decides who reserved first."""
        row = self._table(
            **self._owner,
            credential=credential,
            key=key,
            request_fingerprint=self._secrets.fingerprint(digest),
            created_at=now,
        )
        inserted = (
            await self._table.insert(row)
            .on_conflict(target=self._unique, action="DO NOTHING")
            .returning(self._column("id"))
        )
        return UUID(str(inserted[0]["id"])) if inserted else None

    async def reserve(
        self, credential: str, key: str, digest: str, now: datetime
    ) -> UUID | StoredResponse:
        reservation = await self._insert(credential, key, digest, now)
        if reservation is not None:
            return reservation
        row = await self._table.select().where(self._key(credential, key)).first()
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
            await self._table.delete()
            .where(self._reservation(stale.reservation) & self._column("response_status").is_null())
            .returning(self._column("id"))
        )
        if not gone:
            return None
        return await self._insert(credential, key, digest, now)

    async def complete(
        self, reservation: UUID, status: int, body: str, headers: AnswerHeaders
    ) -> None:
        await self._table.update(
            {
                self._column("response_status"): status,
                self._column("response_body_sealed"): self._secrets.seal(body),
                self._column("response_headers"): json.dumps([list(pair) for pair in headers]),
            }
        ).where(self._reservation(reservation))

    async def release(self, reservation: UUID) -> None:
        await self._table.delete().where(self._reservation(reservation))

    async def forget_older_than(self, moment: datetime) -> int:
        gone = (
            await self._table.delete()
            .where(self._owned & (self._column("created_at") < moment))
            .returning(self._column("id"))
        )
        return len(gone)


class PiccoloIdempotencyRepository(_SealedKeys):
    """The keys of one tenant's credentials (API keys, OAuth grants)."""

    def __init__(self, tenant_id: UUID, secrets: SecretBox) -> None:
        super().__init__(
            secrets,
            IdempotencyRow,
            IdempotencyRow.tenant == tenant_id,
            {"tenant": tenant_id},
            (IdempotencyRow.tenant, IdempotencyRow.credential, IdempotencyRow.key),
        )


class PiccoloAdminIdempotencyRepository(_SealedKeys):
    """The keys of the admin tokens: rows of no tenant, each kept apart by its `credential`."""

    def __init__(self, secrets: SecretBox) -> None:
        super().__init__(
            secrets,
            AdminIdempotencyRow,
            AdminIdempotencyRow.id.is_not_null(),
            {},
            (AdminIdempotencyRow.credential, AdminIdempotencyRow.key),
        )
