"""Who is calling: an integrator's API key (`Authorization: Bearer amk_…`) names one tenant."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException

from automahntion.app.api_keys import hash_api_key, looks_like_api_key
from automahntion.bootstrap.container import Container


async def tenant_of_request(
    request: Request[Any, Any, Any], container: NamedDependency[Container]
) -> UUID:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not looks_like_api_key(key.strip()):
        raise NotAuthorizedException("an API key is required: Authorization: Bearer amk_…")
    async with container.database.unit_of_work() as uow:
        found = await uow.tenants.tenant_of_api_key(hash_api_key(key.strip()))
        if found is None:
            raise NotAuthorizedException("unknown or revoked API key")
        tenant_id, key_id = found
        await uow.tenant(tenant_id).api_keys.touch(key_id, container.clock.now())
    return tenant_id
