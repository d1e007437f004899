"""Ports: the credentials callers present — API keys, admin tokens — and the widgets' OAuth
clients, codes and tokens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.access.records import (
    AdminTokenRecord,
    ApiKeyRecord,
    AuthorizationCodeRecord,
    NewAuthorizationCode,
    NewOAuthToken,
    OAuthClientRecord,
    OAuthTokenRecord,
)
from automahntion.app.pages import MomentPosition, Page


class ApiKeyRepository(Protocol):
    async def add(
        self,
        name: str,
        prefix: str,
        key_hash: str,
        now: datetime,
        scopes: tuple[str, ...] | None = None,
    ) -> ApiKeyRecord: ...
    async def all(self) -> list[ApiKeyRecord]: ...
    async def page(self, after: MomentPosition | None, limit: int) -> Page[ApiKeyRecord]:
        """Up to `limit` after `after`, oldest first (ties by id)."""
        ...

    async def revoke(self, key_id: UUID, at: datetime) -> None: ...
    async def touch(self, key_id: UUID, at: datetime) -> None: ...
    async def hold(self, key_id: UUID) -> bool:
        """Locks the key's row until the unit of work ends, if it is active (False if not): a
        revocation waits for this transaction, or this one for the revocation."""
        ...

    async def hold_revocations(self) -> None:
        """Until the unit of work ends, the tenant's other key revocations wait for this one;
        called before the keys are read, the read sees what the revocation before revoked."""
        ...


class AdminTokenRepository(Protocol):
    async def add(
        self, name: str, prefix: str, token_hash: str, now: datetime
    ) -> AdminTokenRecord: ...

    async def all(self) -> list[AdminTokenRecord]: ...
    async def page(self, after: MomentPosition | None, limit: int) -> Page[AdminTokenRecord]:
        """Up to `limit` after `after`, oldest first (ties by id)."""
        ...

    async def active_by_hash(self, token_hash: str) -> AdminTokenRecord | None: ...
    async def revoke(self, token_id: UUID, at: datetime) -> None: ...
    async def touch(self, token_id: UUID, at: datetime) -> None: ...


class OAuthRepository(Protocol):
    """The widgets' clients, authorization codes and tokens. Codes and tokens are found by
    the hash of their secret, which also names their tenant."""

    async def add_client(
        self,
        *,
        client_id: str,
        name: str,
        redirect_uris: Sequence[str],
        scopes: Sequence[str],
        secret_hash: str | None,
        now: datetime,
    ) -> OAuthClientRecord: ...
    async def clients_page(
        self, after: MomentPosition | None, limit: int
    ) -> Page[OAuthClientRecord]:
        """Up to `limit` after `after`, oldest first (ties by id)."""
        ...

    async def clients(self) -> list[OAuthClientRecord]:
        """Every client, revoked ones too."""
        ...

    async def active_client(self, client_id: str) -> OAuthClientRecord | None: ...
    async def revoke_client(self, client_ref: UUID, at: datetime) -> list[UUID]:
        """Revokes the client and every token issued to it; `NotFound` if unknown or revoked.
        The families (grants) of the tokens it revoked."""
        ...

    async def add_code(self, code: NewAuthorizationCode) -> None: ...
    async def code(self, code_hash: str) -> AuthorizationCodeRecord | None: ...
    async def use_code(self, code_id: UUID, at: datetime) -> bool:
        """Marks the code used; False if it was used before (a code works once)."""
        ...

    async def add_token(self, token: NewOAuthToken) -> OAuthTokenRecord: ...
    async def active_token_by_access(self, token_hash: str) -> OAuthTokenRecord | None:
        """The unrevoked token of an unrevoked client (expiry is the caller's to check)."""
        ...

    async def active_token_by_refresh(self, token_hash: str) -> OAuthTokenRecord | None: ...
    async def token_by_refresh(self, token_hash: str) -> OAuthTokenRecord | None:
        """Revoked or not: a rotated refresh token presented again is a replay."""
        ...

    async def revoke_family(self, family: UUID, at: datetime) -> int:
        """Revokes every token descending from one authorization code; how many were live."""
        ...

    async def revoke_token(self, token_id: UUID, at: datetime) -> bool:
        """False if it was revoked before."""
        ...

    async def end_grants_approved_by(self, key_id: UUID, at: datetime) -> list[UUID]:
        """The grants the API key approved end: their codes locked (the key is locked
        before), an unused one marked used, and every token descending from them revoked.
        The grants (families)."""
        ...

    async def hold_grant_of(self, token_id: UUID) -> None:
        """Locks the grant the token descends from, as `end_grants_approved_by` does before
        its tokens: a refresh and a revocation of the grant's approver take turns."""
        ...
