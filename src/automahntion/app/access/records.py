"""Credentials as stored: API keys, admin tokens, and the OAuth clients, codes and tokens of the
widgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class ActiveApiKey:
    """What authenticating a request needs of an unrevoked API key."""

    tenant_id: UUID
    key_id: UUID
    last_used_at: datetime | None
    scopes: tuple[str, ...] | None = None
    """None: every scope of its tenant, key management included."""
    list_version: int | None = None
    """The tenant's list version, when it was read with the key (`RequestReads`)."""


@dataclass(frozen=True)
class ApiKeyRecord:
    id: UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    scopes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class AdminTokenRecord:
    id: UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class OAuthClientRecord:
    """An embedded widget the admin registered. `client_id` is public; only a confidential
    client has a secret (stored hashed)."""

    id: UUID
    client_id: str
    name: str
    redirect_uris: tuple[str, ...]
    scopes: tuple[str, ...]
    secret_hash: str | None
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def confidential(self) -> bool:
        return self.secret_hash is not None


@dataclass(frozen=True)
class NewAuthorizationCode:
    tenant_id: UUID
    client_ref: UUID
    """`OAuthClientRecord.id`, not the public client id."""
    code_hash: str
    redirect_uri: str
    scope: str
    code_challenge: str
    code_challenge_method: str
    expires_at: datetime
    approved_by: UUID | None = None
    """The API key the tenant approved the grant with: revoking it ends the grant."""


@dataclass(frozen=True)
class AuthorizationCodeRecord:
    id: UUID
    tenant_id: UUID
    client_ref: UUID
    redirect_uri: str
    scope: str
    code_challenge: str
    code_challenge_method: str
    expires_at: datetime
    used_at: datetime | None = None
    approved_by: UUID | None = None
    """None for a grant approved before approvers were recorded."""


@dataclass(frozen=True)
class NewOAuthToken:
    tenant_id: UUID
    client_ref: UUID
    access_token_hash: str
    refresh_token_hash: str | None
    scope: str
    issued_at: datetime
    expires_in: int
    family: UUID | None = None
    """The authorization code it descends from, through every refresh."""


@dataclass(frozen=True)
class OAuthTokenRecord:
    """An access token and its refresh token (one row; both end when it is revoked)."""

    id: UUID
    tenant_id: UUID
    client_ref: UUID
    scope: str
    issued_at: datetime
    expires_in: int
    revoked_at: datetime | None = None
    family: UUID | None = None
