"""`/v1/api-keys`: the tenant's API keys. Only an API key may manage them."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller
from litestar.di import NamedDependency
from litestar.params import JSONBody

from automahntion.api import scopes
from automahntion.api.api_key_schemas import (
    ApiKeyCreated,
    ApiKeyIn,
    ApiKeyList,
    api_key_out,
)
from automahntion.api.pagination import Cursor, Limit, moment_after, moment_cursor, next_cursor
from automahntion.api.path_ids import ApiKeyId
from automahntion.api.routing import delete, get, post
from automahntion.api.wiring import Units, Wired
from automahntion.app.access.api_keys import api_keys, revoke_api_key
from automahntion.app.access.credentials import issue_api_key
from automahntion.app.clock import Clock


class ApiKeyController(Controller):
    path = "/api-keys"
    tags = ["api keys"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.KEYS)
    async def list_keys(
        self,
        units: Wired[Units],
        tenant_id: NamedDependency[UUID],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> ApiKeyList:
        """List API keys

        Every API key of the tenant with its name, scopes and last use. Revoked keys too (with
        `revokedAt`); never a key itself."""
        found = await api_keys(units, tenant_id, moment_after(cursor), limit)
        return ApiKeyList(
            items=[api_key_out(k) for k in found.items],
            next_cursor=next_cursor(found, lambda k: moment_cursor(k.created_at, k.id)),
        )

    @post("/", status_code=201, scope=scopes.KEYS)
    async def create(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[ApiKeyIn],
    ) -> ApiKeyCreated:
        """Create an API key

        `apiKey` is shown in this response only; store it now. With `scopes`, the key may do only
        what a widget token of those scopes may."""
        issued = await issue_api_key(
            units,
            tenant_id,
            data.name,
            clock.now(),
            None if data.scopes is None else tuple(dict.fromkeys(data.scopes)),
        )
        key = api_key_out(issued.record)
        return ApiKeyCreated(
            id=key.id,
            name=key.name,
            prefix=key.prefix,
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
            scopes=key.scopes,
            api_key=issued.api_key,
        )

    @delete("/{keyId:uuid}", status_code=204, scope=scopes.KEYS)
    async def revoke(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        key_id: ApiKeyId,
    ) -> None:
        """Revoke an API key

        Revokes at once. 409 for a key revoked before, or for the last active key without limits
        (the only kind that manages keys). Ends the widget grants the key approved."""
        await revoke_api_key(units, tenant_id, key_id, clock.now())
