"""OAuth clients of embedded widgets, their authorization codes and tokens (secrets hashed)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.keyset import read_page
from automahntion.adapters.db.tables import OAuthClient as ClientRow
from automahntion.adapters.db.tables import OAuthGrant as CodeRow
from automahntion.adapters.db.tables import OAuthToken as TokenRow
from automahntion.app.access.records import (
    AuthorizationCodeRecord,
    NewAuthorizationCode,
    NewOAuthToken,
    OAuthClientRecord,
    OAuthTokenRecord,
)
from automahntion.app.errors import NotFound
from automahntion.app.pages import MomentPosition, Page


def _strings(value: Any) -> tuple[str, ...]:
    items = json.loads(value) if isinstance(value, str) else value
    return tuple(str(item) for item in items)


def _client(row: dict[str, Any]) -> OAuthClientRecord:
    return OAuthClientRecord(
        id=row["id"],
        client_id=row["client_id"],
        name=row["name"],
        redirect_uris=_strings(row["redirect_uris"]),
        scopes=_strings(row["scopes"]),
        secret_hash=row["client_secret_hash"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
    )


def _code(row: dict[str, Any]) -> AuthorizationCodeRecord:
    return AuthorizationCodeRecord(
        id=row["id"],
        tenant_id=row["tenant"],
        client_ref=row["client"],
        redirect_uri=row["redirect_uri"],
        scope=row["scope"],
        code_challenge=row["code_challenge"],
        code_challenge_method=row["code_challenge_method"],
        expires_at=row["expires_at"],
        used_at=row["used_at"],
        approved_by=row["approved_by"],
    )


def _token(row: dict[str, Any]) -> OAuthTokenRecord:
    return OAuthTokenRecord(
        id=row["id"],
        tenant_id=row["tenant"],
        client_ref=row["client"],
        scope=row["scope"],
        issued_at=row["issued_at"],
        expires_in=row["expires_in"],
        revoked_at=row["revoked_at"],
        family=row["family"],
    )


_TOKEN_COLUMNS = (
    TokenRow.id,
    TokenRow.tenant,
    TokenRow.client,
    TokenRow.scope,
    TokenRow.issued_at,
    TokenRow.expires_in,
    TokenRow.revoked_at,
    TokenRow.family,
)


class PiccoloOAuthRepository:
    async def add_client(
        self,
        *,
        client_id: str,
        name: str,
        redirect_uris: Sequence[str],
        scopes: Sequence[str],
        secret_hash: str | None,
        now: datetime,
    ) -> OAuthClientRecord:
        with unique_violations():
            rows = await ClientRow.insert(
                ClientRow(
                    client_id=client_id,
                    client_secret_hash=secret_hash,
                    name=name,
                    redirect_uris=json.dumps(list(redirect_uris)),
                    scopes=json.dumps(list(scopes)),
                    created_at=now,
                )
            ).returning(*ClientRow.all_columns())
        return _client(rows[0])

    async def clients(self) -> list[OAuthClientRecord]:
        rows = await ClientRow.select().order_by(ClientRow.created_at)
        return [_client(row) for row in rows]

    async def clients_page(
        self, after: MomentPosition | None, limit: int
    ) -> Page[OAuthClientRecord]:
        query = ClientRow.select()
        moment, ident = ClientRow.created_at, ClientRow.id
        return await read_page(query, moment, ident, after, limit, _client)

    async def active_client(self, client_id: str) -> OAuthClientRecord | None:
        row = (
            await ClientRow.select()
            .where((ClientRow.client_id == client_id) & ClientRow.revoked_at.is_null())
            .first()
        )
        return None if row is None else _client(row)

    async def revoke_client(self, client_ref: UUID, at: datetime) -> list[UUID]:
        changed = (
            await ClientRow.update({ClientRow.revoked_at: at})
            .where((ClientRow.id == client_ref) & ClientRow.revoked_at.is_null())
            .returning(ClientRow.id)
        )
        if not changed:
            raise NotFound("oauth client", client_ref)
        revoked = (
            await TokenRow.update({TokenRow.revoked_at: at})
            .where((TokenRow.client == client_ref) & TokenRow.revoked_at.is_null())
            .returning(TokenRow.id, TokenRow.family)
        )
        return list(dict.fromkeys(row["family"] or row["id"] for row in revoked))

    async def add_code(self, code: NewAuthorizationCode) -> None:
        with unique_violations():
            await CodeRow.insert(
                CodeRow(
                    tenant=code.tenant_id,
                    client=code.client_ref,
                    code_hash=code.code_hash,
                    redirect_uri=code.redirect_uri,
                    scope=code.scope,
                    code_challenge=code.code_challenge,
                    code_challenge_method=code.code_challenge_method,
                    expires_at=code.expires_at,
                    approved_by=code.approved_by,
                )
            )

    async def code(self, code_hash: str) -> AuthorizationCodeRecord | None:
        row = await CodeRow.select().where(CodeRow.code_hash == code_hash).first()
        return None if row is None else _code(row)

    async def use_code(self, code_id: UUID, at: datetime) -> bool:
        changed = (
            await CodeRow.update({CodeRow.used_at: at})
            .where((CodeRow.id == code_id) & CodeRow.used_at.is_null())
            .returning(CodeRow.id)
        )
        return bool(changed)

    async def add_token(self, token: NewOAuthToken) -> OAuthTokenRecord:
        with unique_violations():
            rows = await TokenRow.insert(
                TokenRow(
                    tenant=token.tenant_id,
                    client=token.client_ref,
                    access_token_hash=token.access_token_hash,
                    refresh_token_hash=token.refresh_token_hash,
                    scope=token.scope,
                    issued_at=token.issued_at,
                    expires_in=token.expires_in,
                    family=token.family,
                )
            ).returning(*_TOKEN_COLUMNS)
        return _token(rows[0])

    async def _active_token(self, where: Any) -> OAuthTokenRecord | None:
        row = (
            await TokenRow.select(*_TOKEN_COLUMNS)
            .where(where & TokenRow.revoked_at.is_null())
            .where(TokenRow.client.revoked_at.is_null())
            .first()
        )
        return None if row is None else _token(row)

    async def active_token_by_access(self, token_hash: str) -> OAuthTokenRecord | None:
        return await self._active_token(TokenRow.access_token_hash == token_hash)

    async def active_token_by_refresh(self, token_hash: str) -> OAuthTokenRecord | None:
        return await self._active_token(TokenRow.refresh_token_hash == token_hash)

    async def revoke_token(self, token_id: UUID, at: datetime) -> bool:
        changed = (
            await TokenRow.update({TokenRow.revoked_at: at})
            .where((TokenRow.id == token_id) & TokenRow.revoked_at.is_null())
            .returning(TokenRow.id)
        )
        return bool(changed)

    async def token_by_refresh(self, token_hash: str) -> OAuthTokenRecord | None:
        row = (
            await TokenRow.select(*_TOKEN_COLUMNS)
            .where(TokenRow.refresh_token_hash == token_hash)
            .first()
        )
        return None if row is None else _token(row)

    async def revoke_family(self, family: UUID, at: datetime) -> int:
        changed = (
            await TokenRow.update({TokenRow.revoked_at: at})
            .where((TokenRow.family == family) | (TokenRow.id == family))
            .where(TokenRow.revoked_at.is_null())
            .returning(TokenRow.id)
        )
        return len(changed)

    async def end_grants_approved_by(self, key_id: UUID, at: datetime) -> list[UUID]:
        held = (
            await CodeRow.update({CodeRow.approved_by: key_id})
            .where(CodeRow.approved_by == key_id)
            .returning(CodeRow.id)
        )
        grants = [row["id"] for row in held]
        if not grants:
            return []
        await CodeRow.update({CodeRow.used_at: at}).where(
            CodeRow.id.is_in(grants) & CodeRow.used_at.is_null()
        )
        await TokenRow.update({TokenRow.revoked_at: at}).where(
            TokenRow.family.is_in(grants) & TokenRow.revoked_at.is_null()
        )
        return grants

    async def hold_grant_of(self, token_id: UUID) -> None:
        await CodeRow.raw(
            'UPDATE "oauth_grant" SET "id" = "id" WHERE "id" = '
            '(SELECT "family" FROM "oauth_token" WHERE "id" = {})',
            token_id,
        )
