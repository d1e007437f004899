"""Who is calling, and what they may do.

Every request to a route that is not marked public presents `Authorization: Bearer …`:
an integrator's API key (`amk_…`, one tenant, every scope unless it was limited to `scopes`),
an OAuth access token of an embedded widget (one tenant, the scopes granted), or an admin
token (`ama_…`, the admin API only). Each route names the scope it needs in its
`opt["scope"]`; a route without one takes API keys that are not limited to scopes only.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)
from litestar.types import Scope

from automahntion.api import scopes
from automahntion.api.routing import PUBLIC
from automahntion.api.wiring import Wired, Wiring, wiring_of
from automahntion.app.access.credentials import (
    ADMIN_TOKEN_PREFIX,
    KEY_PREFIX,
    admin_token_in_use,
    api_key_of_request,
)
from automahntion.app.access.oauth import ACCESS_TOKEN_PREFIX, access_token_in_use
from automahntion.app.clock import Clock
from automahntion.app.webhooks.records import credential_of_api_key, credential_of_oauth_grant

PUBLIC_PATHS = ("^/schema", "^/health$", "^/ready$")
"""Paths that take no credentials although their handlers are not ours (the OpenAPI routes)."""
_PUBLIC_PATH = re.compile("|".join(PUBLIC_PATHS))


class CallerKind(StrEnum):
    API_KEY = "api_key"
    OAUTH = "oauth"
    ADMIN = "admin"


@dataclass(frozen=True)
class Caller:
    kind: CallerKind
    credential_id: str
    """Stable per credential: what rate limits and idempotency keys are counted by."""
    tenant_id: UUID | None
    scopes: frozenset[str]
    list_version: int | None = None
    """The tenant's list version, read with an API key (None: not read)."""
    revocable: str | None = None
    """The credential as the tenant revokes it (the API key; an OAuth token's whole grant,
    through every refresh): what a webhook endpoint it registers answers to."""


FULL_POWER = frozenset({*scopes.TENANT_SCOPES, scopes.KEYS})
"""What an API key without `scopes` may do."""

Resolver = Callable[[Wiring, str, datetime], Awaitable[Caller | None]]


async def _api_key(wiring: Wiring, token: str, now: datetime) -> Caller | None:
    found = await api_key_of_request(wiring.request_reads, wiring.units, token, now)
    if found is None:
        return None
    granted = (
        FULL_POWER
        if found.scopes is None
        else frozenset(found.scopes) & frozenset(scopes.TENANT_SCOPES)
    )
    return Caller(
        CallerKind.API_KEY,
        f"key:{found.key_id}",
        found.tenant_id,
        granted,
        found.list_version,
        revocable=credential_of_api_key(found.key_id),
    )


_ADMIN = "admin:"


async def _admin(wiring: Wiring, token: str, now: datetime) -> Caller | None:
    found = await admin_token_in_use(wiring.units, token, now)
    if found is None:
        return None
    return Caller(CallerKind.ADMIN, f"{_ADMIN}{found.id}", None, frozenset({scopes.ADMIN}))


async def _oauth(wiring: Wiring, token: str, now: datetime) -> Caller | None:
    found = await access_token_in_use(wiring.units, token, now)
    if found is None:
        return None
    granted = frozenset(found.scope.split()) & frozenset(scopes.TENANT_SCOPES)
    # The grant (the family of tokens refreshed from one authorization code), not the
    # hour-long access token: a retry after a refresh keeps its Idempotency-Key.
    grant = found.family or found.id
    return Caller(
        CallerKind.OAUTH,
        f"oauth:{grant}",
        found.tenant_id,
        granted,
        revocable=credential_of_oauth_grant(grant),
    )


RESOLVERS: dict[str, Resolver] = {
    KEY_PREFIX: _api_key,
    ADMIN_TOKEN_PREFIX: _admin,
    ACCESS_TOKEN_PREFIX: _oauth,
}
"""Token prefix → how to find the caller behind such a token."""


async def _caller(connection: ASGIConnection[Any, Any, Any, Any], token: str) -> Caller | None:
    resolver = next((r for p, r in RESOLVERS.items() if token.startswith(p)), None)
    if resolver is None:
        return None
    wiring = wiring_of(connection.app.state)
    return await resolver(wiring, token, wiring.clock.now())


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


class CredentialsMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        token = bearer_token(connection.headers.get("authorization"))
        if token is None:
            raise NotAuthorizedException(
                "credentials are required: Authorization: Bearer <API key or access token>"
            )
        caller = await _caller(connection, token)
        if caller is None:
            raise NotAuthorizedException(
                "unknown, expired or revoked credentials",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return AuthenticationResult(user=caller, auth=token)


def caller_in(scope: Scope) -> Caller | None:
    """The caller the credentials middleware found; None on routes without credentials."""
    caller = scope.get("user")
    return caller if isinstance(caller, Caller) else None


def caller_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Caller:
    caller = caller_in(connection.scope)
    if caller is None:
        raise NotAuthorizedException("credentials are required")
    return caller


def calling_admin_token(connection: ASGIConnection[Any, Any, Any, Any]) -> UUID:
    """The id of the admin token `connection` was made with (on an admin-scoped route)."""
    return UUID(caller_of(connection).credential_id.removeprefix(_ADMIN))


async def check_scope(
    connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler
) -> None:
    """The caller holds the scope the route names; checked on every request by `ScopeCheck`
    before the body is read."""
    if route_handler.opt.get(PUBLIC) or _PUBLIC_PATH.match(connection.scope["path"]):
        return
    caller = caller_of(connection)
    needed = route_handler.opt.get("scope")
    if needed == scopes.ADMIN:
        if caller.kind is not CallerKind.ADMIN:
            raise PermissionDeniedException("this is the admin API: it takes an admin token")
        return
    if caller.tenant_id is None:
        raise PermissionDeniedException("this route acts for a tenant: use its API key")
    if needed is None or needed == scopes.KEYS:
        if caller.kind is not CallerKind.API_KEY or scopes.KEYS not in caller.scopes:
            raise PermissionDeniedException(
                "this route takes an API key of the tenant that is not limited to scopes"
            )
        return
    if needed not in caller.scopes:
        raise PermissionDeniedException(f"the scope {needed!r} is required")


RECIPIENT_FIELDS = frozenset({"reply_to", "cc", "bcc"})


def require_scope(request: Request[Any, Any, Any], scope: str, reason: str) -> None:
    """A scope some part of a request needs beyond its route's (403 without it)."""
    if scope not in caller_of(request).scopes:
        raise PermissionDeniedException(f"the scope {scope!r} is required {reason}")


async def tenant_of_request(request: Request[Any, Any, Any], clock: Wired[Clock]) -> UUID:
    """The tenant the caller acts for (the app-wide `tenant_id` dependency).

    It names `clock` only so that Litestar resolves the dependencies one after the other
    (`api/wiring.py`)."""
    del clock
    tenant_id = caller_of(request).tenant_id
    if tenant_id is None:
        raise PermissionDeniedException("this route acts for a tenant: use its API key")
    return tenant_id
