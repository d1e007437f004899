"""`RequestReads`: one statement each, outside a unit of work. PostgreSQL's take a pooled
connection for the one statement; SQLite's go through Piccolo. The composition root picks one
with the engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.db import pooled
from automahntion.adapters.db.repositories.api_keys import scopes_of
from automahntion.adapters.db.tables import ApiKey
from automahntion.app.access.records import ActiveApiKey

_API_KEY = (
    "SELECT k.tenant, k.id, k.last_used_at, k.scopes, COALESCE(v.version, 0) AS list_version "
    "FROM api_key k LEFT JOIN list_version v ON v.tenant = k.tenant "
    "WHERE k.key_hash = {} AND k.revoked_at IS NULL"
)
_LIST_VERSION = "SELECT COALESCE(MAX(version), 0) AS version FROM list_version WHERE tenant = {}"
_API_KEY_POSTGRES = _API_KEY.format("$1")
_LIST_VERSION_POSTGRES = _LIST_VERSION.format("$1")


def _key(row: Mapping[str, Any] | None) -> ActiveApiKey | None:
    if row is None:
        return None
    return ActiveApiKey(
        row["tenant"], row["id"], row["last_used_at"], scopes_of(row["scopes"]), row["list_version"]
    )


class PostgresRequestReads:
    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine

    async def api_key(self, key_hash: str) -> ActiveApiKey | None:
        return _key(await pooled.fetchrow(self._engine, _API_KEY_POSTGRES, key_hash))

    async def list_version(self, tenant_id: UUID) -> int:
        version: int = await pooled.fetchval(self._engine, _LIST_VERSION_POSTGRES, tenant_id)
        return version


class SqliteRequestReads:
    async def api_key(self, key_hash: str) -> ActiveApiKey | None:
        rows = await ApiKey.raw(_API_KEY, key_hash)
        return _key(rows[0] if rows else None)

    async def list_version(self, tenant_id: UUID) -> int:
        rows = await ApiKey.raw(_LIST_VERSION, tenant_id)
        return int(rows[0]["version"])
