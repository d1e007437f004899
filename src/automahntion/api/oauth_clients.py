"""`/v1/admin/oauth-clients`: the admin registers, lists and revokes widgets' OAuth clients."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal, get_args
from uuid import UUID

import msgspec
from litestar import Controller
from litestar.params import JSONBody

from automahntion.api import scopes
from automahntion.api.pagination import Cursor, Limit, encode_cursor, moment_after, next_cursor
from automahntion.api.path_ids import ClientId
from automahntion.api.routing import delete, get, post
from automahntion.api.schemas import Schema
from automahntion.api.wiring import Units, Wired
from automahntion.app.access import oauth
from automahntion.app.access.records import OAuthClientRecord
from automahntion.app.clock import Clock

TenantScope = Literal[
    "settings:read",
    "settings:write",
    "settings:recipients",
    "settings:transport",
    "invoices:read",
    "invoices:write",
    "lexoffice:write",
    "feedback:read",
    "billing:read",
    "billing:write",
    "webhooks:read",
    "webhooks:write",
]
if set(get_args(TenantScope)) != set(scopes.TENANT_SCOPES):
    raise RuntimeError("TenantScope must list exactly the scopes of api.scopes.TENANT_SCOPES")

_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
"""White space spelled out: `\\s` means different things to Python (which checks) and to
ECMAScript (what OpenAPI patterns are)."""
REDIRECT_URI_PATTERN = (
    r"^(https://[A-Za-z0-9.-]+|http://(127\.0\.0\.1|localhost|\[::1\]))"
    r"(:([0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
    r"(/[^#\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*)?$"
)
NAME_PATTERN = f"^[^\\u0000]*[^{_SPACE}\\u0000][^\\u0000]*$"
RedirectUri = Annotated[
    str, msgspec.Meta(pattern=REDIRECT_URI_PATTERN, max_length=oauth.MAX_URI_LENGTH)
]
RedirectUris = Annotated[
    list[RedirectUri],
    msgspec.Meta(
        min_length=1,
        max_length=oauth.MAX_REDIRECT_URIS,
        description="Compared exactly. https, or http on 127.0.0.1, [::1] or localhost",
        extra_json_schema={
            "extra": {
                "items": {
                    "type": "string",
                    "pattern": REDIRECT_URI_PATTERN,
                    "maxLength": oauth.MAX_URI_LENGTH,
                },
                "examples": [["https://widget.example/oauth/callback"]],
            }
        },
    ),
]
"""(Litestar documents no constraint of list items by itself, hence `extra`.)"""
ClientName = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=oauth.MAX_NAME_LENGTH,
        pattern=NAME_PATTERN,
        description="Shown to the tenant on the consent page",
    ),
]


class OAuthClientIn(Schema):
    """A widget to register as an OAuth client."""

    name: ClientName
    redirect_uris: RedirectUris
    scopes: Annotated[list[TenantScope], msgspec.Meta(min_length=1)]
    """What the client may ask a tenant for."""
    confidential: bool = False
    """A confidential client (with a backend) gets a secret; a public one (in the browser) none."""


class OAuthClientOut(Schema):
    """A registered OAuth client; never its secret."""

    id: UUID
    client_id: str
    name: str
    redirect_uris: list[str]
    scopes: list[str]
    confidential: bool
    created_at: datetime
    revoked_at: datetime | None = None


class OAuthClientCreated(OAuthClientOut):
    """An OAuth client just registered, with its secret (shown once)."""

    client_secret: str | None = None
    """Only for a confidential client, and only in this response: it is stored hashed."""


class OAuthClientPage(Schema):
    """A page of OAuth clients."""

    items: list[OAuthClientOut]
    next_cursor: str | None = None


def _out(record: OAuthClientRecord) -> OAuthClientOut:
    return OAuthClientOut(
        id=record.id,
        client_id=record.client_id,
        name=record.name,
        redirect_uris=list(record.redirect_uris),
        scopes=list(record.scopes),
        confidential=record.confidential,
        created_at=record.created_at,
        revoked_at=record.revoked_at,
    )


def client_cursor(record: OAuthClientRecord) -> str:
    created = record.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return encode_cursor(f"{created}|{record.id}")


class OAuthClientController(Controller):
    path = "/admin/oauth-clients"
    tags = ["admin"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/", scope=scopes.ADMIN, status_code=201)
    async def register(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        data: JSONBody[OAuthClientIn],
    ) -> OAuthClientCreated:
        """Register an OAuth client

        Admin tokens only. `clientSecret` (confidential clients) is in this answer only. Register
        an embedded widget. A tenant then grants it some of `scopes` at `/oauth/authorize`
        (authorization code with PKCE S256)."""
        registered = await oauth.register_client(
            units,
            name=data.name,
            redirect_uris=data.redirect_uris,
            scopes=data.scopes,
            confidential=data.confidential,
            grantable=scopes.TENANT_SCOPES,
            now=clock.now(),
        )
        out = _out(registered.record)
        return OAuthClientCreated(
            **{f: getattr(out, f) for f in out.__struct_fields__},
            client_secret=registered.client_secret,
        )

    @get("/", scope=scopes.ADMIN)
    async def list_clients(
        self, units: Wired[Units], limit: Limit = 50, cursor: Cursor = None
    ) -> OAuthClientPage:
        """List OAuth clients

        Admin tokens only. Every registered widget with its redirect URIs, scopes and origins;
        never a secret."""
        found = await oauth.list_clients(units, moment_after(cursor), limit)
        return OAuthClientPage(
            items=[_out(r) for r in found.items], next_cursor=next_cursor(found, client_cursor)
        )

    @delete("/{oauthClientId:uuid}", scope=scopes.ADMIN)
    async def revoke(self, units: Wired[Units], clock: Wired[Clock], client: ClientId) -> None:
        """Revoke an OAuth client

        Admin tokens only. Revoke the client: its tokens stop working at once, and it gets no new
        ones."""
        await oauth.revoke_client(units, client, clock.now())
