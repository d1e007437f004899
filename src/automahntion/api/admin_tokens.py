"""`/v1/admin/tokens`: the internal admin lists, issues and revokes admin tokens."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from litestar import Controller, Request
from litestar.params import JSONBody

from automahntion.api import scopes
from automahntion.api.admin_token_schemas import (
    AdminTokenCreated,
    AdminTokenIn,
    AdminTokenPage,
    admin_token_out,
)
from automahntion.api.auth import calling_admin_token
from automahntion.api.pagination import Cursor, Limit, encode_cursor, moment_after, next_cursor
from automahntion.api.path_ids import AdminTokenId
from automahntion.api.routing import delete, get, post
from automahntion.api.wiring import Units, Wired
from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.access.records import AdminTokenRecord
from automahntion.app.admin.tokens import admin_tokens, revoke_admin_token
from automahntion.app.clock import Clock


def token_cursor(record: AdminTokenRecord) -> str:
    created = record.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return encode_cursor(f"{created}|{record.id}")


class AdminTokenController(Controller):
    path = "/admin/tokens"
    tags = ["admin"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.ADMIN)
    async def list_tokens(
        self, units: Wired[Units], limit: Limit = 50, cursor: Cursor = None
    ) -> AdminTokenPage:
        """List admin tokens

        Admin tokens only. Every admin token, oldest first, with its last use; revoked ones too
        (with `revokedAt`). Never a token itself nor its hash."""
        found = await admin_tokens(units, moment_after(cursor), limit)
        return AdminTokenPage(
            items=[admin_token_out(r) for r in found.items],
            next_cursor=next_cursor(found, token_cursor),
        )

    @post("/", scope=scopes.ADMIN, status_code=201)
    async def create(
        self, units: Wired[Units], clock: Wired[Clock], data: JSONBody[AdminTokenIn]
    ) -> AdminTokenCreated:
        """Issue an admin token

        Admin tokens only. `token` is in this answer only (it is stored hashed): hand it to its
        user now."""
        issued = await issue_admin_token(units, data.name, clock.now())
        out = admin_token_out(issued.record)
        return AdminTokenCreated(
            **{f: getattr(out, f) for f in out.__struct_fields__}, token=issued.token
        )

    @delete("/{tokenId:uuid}", scope=scopes.ADMIN)
    async def revoke(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        request: Request[Any, Any, Any],
        token: AdminTokenId,
    ) -> None:
        """Revoke an admin token

        Admin tokens only. Refused from now on. 409 for a token revoked before, or for the token
        this request is made with (revoke it with another one)."""
        await revoke_admin_token(units, token, calling_admin_token(request), clock.now())
