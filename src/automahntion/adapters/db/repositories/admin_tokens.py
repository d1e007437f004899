"""Tokens of the internal admin API, stored hashed."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.keyset import read_page
from automahntion.adapters.db.tables import AdminToken as AdminTokenRow
from automahntion.app.access.records import AdminTokenRecord
from automahntion.app.errors import NotFound
from automahntion.app.pages import MomentPosition, Page


def _token(row: dict[str, Any]) -> AdminTokenRecord:
    return AdminTokenRecord(
        id=row["id"],
        name=row["name"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


class PiccoloAdminTokens:
    async def add(self, name: str, prefix: str, token_hash: str, now: datetime) -> AdminTokenRecord:
        with unique_violations():
            rows = await AdminTokenRow.insert(
                AdminTokenRow(name=name, prefix=prefix, token_hash=token_hash, created_at=now)
            ).returning(*AdminTokenRow.all_columns())
        return _token(rows[0])

    async def all(self) -> list[AdminTokenRecord]:
        rows = await AdminTokenRow.select().order_by(AdminTokenRow.created_at)
        return [_token(row) for row in rows]

    async def page(self, after: MomentPosition | None, limit: int) -> Page[AdminTokenRecord]:
        query = AdminTokenRow.select()
        moment, ident = AdminTokenRow.created_at, AdminTokenRow.id
        return await read_page(query, moment, ident, after, limit, _token)

    async def active_by_hash(self, token_hash: str) -> AdminTokenRecord | None:
        row = (
            await AdminTokenRow.select()
            .where(AdminTokenRow.token_hash == token_hash)
            .where(AdminTokenRow.revoked_at.is_null())
            .first()
        )
        return None if row is None else _token(row)

    async def revoke(self, token_id: UUID, at: datetime) -> None:
        changed = (
            await AdminTokenRow.update({AdminTokenRow.revoked_at: at})
            .where(AdminTokenRow.id == token_id)
            .where(AdminTokenRow.revoked_at.is_null())
            .returning(AdminTokenRow.id)
        )
        if not changed:
            raise NotFound("admin token", token_id)

    async def touch(self, token_id: UUID, at: datetime) -> None:
        await AdminTokenRow.update({AdminTokenRow.last_used_at: at}).where(
            AdminTokenRow.id == token_id
        )
