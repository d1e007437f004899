"""API keys of one tenant (stored hashed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.keyset import read_page
from automahntion.adapters.db.repositories.reads import transaction_connection
from automahntion.adapters.db.tables import ApiKey as ApiKeyRow
from automahntion.app.access.records import ApiKeyRecord
from automahntion.app.errors import NotFound
from automahntion.app.pages import MomentPosition, Page


def _key(row: dict[str, Any]) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=row["id"],
        name=row["name"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
        scopes=scopes_of(row["scopes"]),
    )


def scopes_of(stored: str | None) -> tuple[str, ...] | None:
    return None if stored is None else tuple(stored.split())


class PiccoloApiKeyRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def add(
        self,
        name: str,
        prefix: str,
        key_hash: str,
        now: datetime,
        scopes: tuple[str, ...] | None = None,
    ) -> ApiKeyRecord:
        with unique_violations():
            rows = await ApiKeyRow.insert(
                ApiKeyRow(
                    tenant=self._tenant,
                    name=name,
                    prefix=prefix,
                    key_hash=key_hash,
                    created_at=now,
                    scopes=None if scopes is None else " ".join(scopes),
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

    async def page(self, after: MomentPosition | None, limit: int) -> Page[ApiKeyRecord]:
        query = ApiKeyRow.select().where(ApiKeyRow.tenant == self._tenant)
        return await read_page(query, ApiKeyRow.created_at, ApiKeyRow.id, after, limit, _key)

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

    async def hold(self, key_id: UUID) -> bool:
        return await hold_api_key(self._tenant, key_id)

    async def hold_revocations(self) -> None:
        """SQLite's `BEGIN IMMEDIATE` already runs one writer at a time."""


_NAMESPACE = 0x6B657973
"""The first key of the advisory lock of a tenant's key revocations ("keys"); the second is
the tenant's id hashed."""
_REVOKING = f"SELECT pg_advisory_xact_lock({_NAMESPACE}, hashtext($1::uuid::text))"


class PostgresApiKeyRepository(PiccoloApiKeyRepository):
    async def hold_revocations(self) -> None:
        """A transaction-scoped advisory lock of the tenant, taken alone, in a statement of its
        own before the keys are read: the read's snapshot is then taken after the revocation
        the lock waited for committed. Locking the two keys' rows instead would not do: two
        revocations of two different keys lock different rows. Only revocations take it, first
        in their transaction, so it stands before every other lock they take (the key's row,
        the grants, their tokens, the endpoints) and waits for nothing but another
        revocation."""
        await transaction_connection(ApiKeyRow).execute(_REVOKING, self._tenant)


async def hold_api_key(tenant: UUID, key_id: UUID) -> bool:
    """Whether the tenant's key is live, its row locked for the transaction: setting
    `revoked_at` to the null it is locks it on PostgreSQL, so a revocation waits for this
    transaction, or this one for the revocation and then finds the key revoked (SQLite's
    `BEGIN IMMEDIATE` already runs one writer at a time)."""
    held = (
        await ApiKeyRow.update({ApiKeyRow.revoked_at: None})
        .where(
            (ApiKeyRow.tenant == tenant) & (ApiKeyRow.id == key_id) & ApiKeyRow.revoked_at.is_null()
        )
        .returning(ApiKeyRow.id)
    )
    return bool(held)
