"""API keys (stored hashed) and idempotency keys of one tenant."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.tables import ApiKey as ApiKeyRow
from automahntion.adapters.db.tables import IdempotencyKey as IdempotencyRow
from automahntion.app.errors import NotFound
from automahntion.app.records import ApiKeyRecord, StoredResponse


def _key(row: dict[str, Any]) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=row["id"],
        name=row["name"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


class PiccoloApiKeyRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def add(self, name: str, prefix: str, key_hash: str, now: datetime) -> ApiKeyRecord:
        with unique_violations():
            rows = await ApiKeyRow.insert(
                ApiKeyRow(
                    tenant=self._tenant, name=name, prefix=prefix, key_hash=key_hash, created_at=now
                )
            ).returning(*ApiKeyRow.all_columns())
        return _key(rows[0])

    async def all(self) -> list[ApiKeyRecord]:
        rows = (
            await ApiKeyRow.select()
            .where(ApiKeyRow.tenant == self._tenant)
            .order_by(ApiKeyRow.created_at)
        )
        return [_key(row) for row in rows]

    async def _set(self, key_id: UUID, values: dict[Any, Any]) -> None:
        changed = (
            await ApiKeyRow.update(values)
            .where((ApiKeyRow.tenant == self._tenant) & (ApiKeyRow.id == key_id))
            .returning(ApiKeyRow.id)
        )
        if not changed:
            raise NotFound("api key", key_id)

    async def revoke(self, key_id: UUID, at: datetime) -> None:
        await self._set(key_id, {ApiKeyRow.revoked_at: at})

    async def touch(self, key_id: UUID, at: datetime) -> None:
        await self._set(key_id, {ApiKeyRow.last_used_at: at})


class PiccoloIdempotencyRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    def _key(self, key: str) -> Any:
        return (IdempotencyRow.tenant == self._tenant) & (IdempotencyRow.key == key)

    async def reserve(self, key: str, request_sha256: str, now: datetime) -> StoredResponse | None:
        """Insert-or-nothing in one statement: the unique index decides who reserved first."""
        inserted = (
            await IdempotencyRow.insert(
                IdempotencyRow(
                    tenant=self._tenant, key=key, request_sha256=request_sha256, created_at=now
                )
            )
            .on_conflict(target=(IdempotencyRow.tenant, IdempotencyRow.key), action="DO NOTHING")
            .returning(IdempotencyRow.id)
        )
        if inserted:
            return None
        row = await IdempotencyRow.select().where(self._key(key)).first()
        if row is None:
            raise NotFound("idempotency key", key)
        return StoredResponse(row["request_sha256"], row["response_status"], row["response_body"])

    async def complete(self, key: str, status: int, body: str) -> None:
        await IdempotencyRow.update(
            {IdempotencyRow.response_status: status, IdempotencyRow.response_body: body}
        ).where(self._key(key))

    async def release(self, key: str) -> None:
        await IdempotencyRow.delete().where(self._key(key))

    async def forget_older_than(self, moment: datetime) -> int:
        gone = (
            await IdempotencyRow.delete()
            .where((IdempotencyRow.tenant == self._tenant) & (IdempotencyRow.created_at < moment))
            .returning(IdempotencyRow.id)
        )
        return len(gone)
