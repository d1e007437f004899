"""This service as an OAuth 2.0 authorization server for embedded widgets.

The admin registers a widget as a client with exact redirect URIs and the scopes it may ask
for. A tenant grants it some of them on the consent page; the widget then calls the API with
an access token (`amo_…`, one hour) and renews it with a refresh token (`amr_…`, 30 days,
replaced at every use). Every secret is stored only as its SHA-256 hash.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from ipaddress import ip_address
from urllib.parse import urlsplit
from uuid import UUID

from automahntion.app.access.api_keys import ApproverRevoked
from automahntion.app.access.credentials import hash_secret, new_secret
from automahntion.app.access.records import (
    AuthorizationCodeRecord,
    NewAuthorizationCode,
    NewOAuthToken,
    OAuthClientRecord,
    OAuthTokenRecord,
)
from automahntion.app.pages import MomentPosition, Page
from automahntion.app.storage import UnitOfWork
from automahntion.app.webhooks.records import CREDENTIAL_REVOKED, credential_of_oauth_grant
from automahntion.domain.errors import DomainError, FieldProblem, ValidationFailed

ACCESS_TOKEN_PREFIX = "amo_"
REFRESH_TOKEN_PREFIX = "amr_"
CLIENT_ID_PREFIX = "amc_"
CLIENT_SECRET_PREFIX = "amcs_"
ACCESS_TOKEN_LIFETIME = timedelta(hours=1)
REFRESH_TOKEN_LIFETIME = timedelta(days=30)
CODE_LIFETIME = timedelta(minutes=10)
MAX_NAME_LENGTH = 200
MAX_REDIRECT_URIS = 10
MAX_URI_LENGTH = 2000
LOOPBACK_HOSTS = frozenset({"localhost"})
SCHEMA_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What `\\s` means in the OpenAPI (ECMAScript) pattern of a name: a name the schema accepts
is never refused as blank here."""


class GrantAlreadyUsed(DomainError):
    """A code or refresh token was used by a concurrent request first."""

    code = "grant-already-used"


@dataclass(frozen=True)
class RegisteredClient:
    record: OAuthClientRecord
    client_secret: str | None
    """Shown this once; None for a public client."""


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def redirect_uri_problem(uri: str) -> str | None:
    """Why `uri` cannot be registered: https with a host, or http on a loopback host (for
    development); never a fragment."""
    if len(uri) > MAX_URI_LENGTH:
        return f"must be at most {MAX_URI_LENGTH} characters"
    try:
        parts = urlsplit(uri)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "is not a URL"
    if not host or parts.username is not None or parts.password is not None:
        return "needs a host and no user information"
    if parts.fragment or uri.endswith("#"):
        return "must not have a fragment"
    if any(c in SCHEMA_WHITESPACE or ord(c) < 0x20 or ord(c) == 0x7F for c in uri):
        return "must not contain white space or control characters"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and _is_loopback(host):
        return None
    return "must be an https URL (http only for 127.0.0.1, [::1] or localhost)"


def checked_client(
    name: str, redirect_uris: Sequence[str], scopes: Sequence[str], grantable: Collection[str]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    problems: list[FieldProblem] = []
    if not name.strip(SCHEMA_WHITESPACE) or len(name) > MAX_NAME_LENGTH:
        problems.append(FieldProblem("name", f"must be 1 to {MAX_NAME_LENGTH} characters"))
    if not redirect_uris or len(redirect_uris) > MAX_REDIRECT_URIS:
        problems.append(FieldProblem("redirectUris", f"needs 1 to {MAX_REDIRECT_URIS} URLs"))
    for index, uri in enumerate(redirect_uris):
        problem = redirect_uri_problem(uri)
        if problem is not None:
            problems.append(FieldProblem(f"redirectUris[{index}]", problem))
    if not scopes:
        problems.append(FieldProblem("scopes", "needs at least one scope"))
    for index, scope in enumerate(scopes):
        if scope not in grantable:
            problems.append(FieldProblem(f"scopes[{index}]", f"{scope!r} is not a tenant scope"))
    if problems:
        raise ValidationFailed(problems)
    return (
        name.strip(SCHEMA_WHITESPACE),
        tuple(dict.fromkeys(redirect_uris)),
        tuple(dict.fromkeys(scopes)),
    )


async def register_client(
    units: Callable[[], UnitOfWork],
    *,
    name: str,
    redirect_uris: Sequence[str],
    scopes: Sequence[str],
    confidential: bool,
    grantable: Collection[str],
    now: datetime,
) -> RegisteredClient:
    name, uris, chosen = checked_client(name, redirect_uris, scopes, grantable)
    secret = new_secret(CLIENT_SECRET_PREFIX) if confidential else None
    async with units() as uow:
        record = await uow.oauth.add_client(
            client_id=CLIENT_ID_PREFIX + secrets.token_urlsafe(18),
            name=name,
            redirect_uris=uris,
            scopes=chosen,
            secret_hash=None if secret is None else hash_secret(secret),
            now=now,
        )
    return RegisteredClient(record, secret)


async def list_clients(
    units: Callable[[], UnitOfWork], after: MomentPosition | None, limit: int
) -> Page[OAuthClientRecord]:
    async with units() as uow:
        return await uow.oauth.clients_page(after, limit)


async def _disable_endpoints_of(uow: UnitOfWork, families: Collection[UUID], now: datetime) -> None:
    """The webhook endpoints registered with these grants: they were revoked."""
    credentials = [credential_of_oauth_grant(f) for f in families]
    await uow.registered_endpoints.disable_registered_by(credentials, now, CREDENTIAL_REVOKED)


async def revoke_client(units: Callable[[], UnitOfWork], client_ref: UUID, now: datetime) -> None:
    """Every grant of the client ends, and the webhook endpoints they registered are disabled."""
    async with units() as uow:
        families = await uow.oauth.revoke_client(client_ref, now)
        await _disable_endpoints_of(uow, families, now)


def access_token_expires_at(token: OAuthTokenRecord) -> datetime:
    return token.issued_at + timedelta(seconds=token.expires_in)


def access_token_expired(token: OAuthTokenRecord, now: datetime) -> bool:
    return now >= access_token_expires_at(token)


def refresh_token_expired(token: OAuthTokenRecord, now: datetime) -> bool:
    return now >= token.issued_at + REFRESH_TOKEN_LIFETIME


def code_expired(code: AuthorizationCodeRecord, now: datetime) -> bool:
    return now >= code.expires_at


async def access_token_in_use(
    units: Callable[[], UnitOfWork], raw: str, now: datetime
) -> OAuthTokenRecord | None:
    """The valid token behind an access token: unexpired, unrevoked, of an unrevoked client."""
    if not raw.startswith(ACCESS_TOKEN_PREFIX):
        return None
    async with units() as uow:
        token = await uow.oauth.active_token_by_access(hash_secret(raw))
    if token is None or access_token_expired(token, now):
        return None
    return token


@dataclass(frozen=True)
class Preloaded:
    """What the synchronous grant logic may look at, read before it runs."""

    client: OAuthClientRecord | None = None
    code: AuthorizationCodeRecord | None = None
    token: OAuthTokenRecord | None = None


async def preload(
    units: Callable[[], UnitOfWork],
    *,
    client_id: str | None,
    code: str | None = None,
    refresh_token: str | None = None,
    any_token: str | None = None,
) -> Preloaded:
    """The active client named `client_id`, the code and the active token the request
    presents (by their hashes; `any_token` may be an access or a refresh token)."""
    async with units() as uow:
        client = await uow.oauth.active_client(client_id) if client_id else None
        found_code = await uow.oauth.code(hash_secret(code)) if code else None
        token = None
        if refresh_token:
            token = await uow.oauth.active_token_by_refresh(hash_secret(refresh_token))
        elif any_token:
            token = await uow.oauth.active_token_by_access(hash_secret(any_token))
            if token is None:
                token = await uow.oauth.active_token_by_refresh(hash_secret(any_token))
    return Preloaded(client, found_code, token)


@dataclass
class Outcome:
    """What a grant decided, to be stored after it ran (all of it or nothing)."""

    new_code: NewAuthorizationCode | None = None
    used_code: UUID | None = None
    replaced_token: UUID | None = None
    new_token: NewOAuthToken | None = None
    revoked_token: UUID | None = None
    revoked_family: UUID | None = None
    """The grant `revoked_token` belongs to (RFC 7009 revocation): its endpoints are disabled."""


async def store_outcome(units: Callable[[], UnitOfWork], outcome: Outcome, now: datetime) -> None:
    """Raises (storing nothing) `GrantAlreadyUsed` if another request used the code or refresh
    token meanwhile, `ApproverRevoked` if the approving key was revoked (locked first, then the
    grant, then its tokens: the order a revocation of that key takes)."""
    async with units() as uow:
        code = outcome.new_code
        approver = None if code is None else code.approved_by
        if code and approver and not await uow.tenant(code.tenant_id).api_keys.hold(approver):
            raise ApproverRevoked("the API key that approved was revoked")
        if outcome.used_code is not None and not await uow.oauth.use_code(outcome.used_code, now):
            raise GrantAlreadyUsed("the authorization code was used already")
        if outcome.replaced_token is not None:
            await uow.oauth.hold_grant_of(outcome.replaced_token)
            if not await uow.oauth.revoke_token(outcome.replaced_token, now):
                raise GrantAlreadyUsed("the refresh token was used already")
        if outcome.revoked_token is not None:
            await uow.oauth.revoke_token(outcome.revoked_token, now)
            if outcome.revoked_family is not None:
                await _disable_endpoints_of(uow, [outcome.revoked_family], now)
        if outcome.new_code is not None:
            await uow.oauth.add_code(outcome.new_code)
        if outcome.new_token is not None:
            await uow.oauth.add_token(outcome.new_token)


def new_access_token() -> str:
    return new_secret(ACCESS_TOKEN_PREFIX)


def new_refresh_token() -> str:
    return new_secret(REFRESH_TOKEN_PREFIX)


async def revoke_replayed_grant(
    units: Callable[[], UnitOfWork],
    *,
    code: AuthorizationCodeRecord | None = None,
    code_used_meanwhile: bool = False,
    refresh_token: str | None = None,
    now: datetime,
) -> int:
    """A code used before, or a refresh token already rotated, presented again means one of
    them leaked: every token descending from that code is revoked (RFC 6749 §4.1.2,
    RFC 9700 §4.14). `code` is the record the request's code was preloaded as (not looked up
    again); `code_used_meanwhile`: another request used it after it was read. How many live
    tokens that ended."""
    family = None
    if code is not None and (code.used_at is not None or code_used_meanwhile):
        family = code.id
    async with units() as uow:
        if family is None and refresh_token:
            token = await uow.oauth.token_by_refresh(hash_secret(refresh_token))
            replayed = token is not None and token.revoked_at is not None
            family = (token.family or token.id) if replayed and token is not None else None
        if family is None:
            return 0
        ended = await uow.oauth.revoke_family(family, now)
        await _disable_endpoints_of(uow, [family], now)
        return ended
