"""The last active API key without limits stays against two revocations at once: on PostgreSQL
two revocations of one tenant take turns, the later reading what the earlier revoked (SQLite's
`BEGIN IMMEDIATE` runs one writer at a time, so nothing overlaps there)."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

import pytest

from automahntion.app.access.api_keys import LastApiKey, revoke_api_key
from tests.integration import test_webhooks_out
from tests.integration.test_webhook_endpoint_owner import _key
from tests.integration.test_webhook_endpoint_races import ON_POSTGRES, _blocked, _on_postgres
from tests.integration.test_webhooks_out import World, bearer

world = test_webhooks_out.world
receiver = test_webhooks_out.receiver


async def _unlimited_active(world: World, key: str) -> list[str]:
    answer = await world.client.get("/v1/api-keys", headers=bearer(key))
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    return sorted(k["name"] for k in items if k["revokedAt"] is None and k.get("scopes") is None)


@ON_POSTGRES
async def test_two_revocations_of_the_last_two_unlimited_keys_leave_one(
    world: World, migrated_urls: dict[str, str]
) -> None:
    """The first revocation has written and not yet committed when the second reads the keys:
    the second waits for it, then finds its key the last one and is refused."""
    url = _on_postgres(world, migrated_urls)
    tenant, key = await world.tenant("Kabinett")
    second = await _key(world, key, "Zweiter", None)
    assert await _unlimited_active(world, key) == ["Zweiter", "default"]
    first_id = next(
        UUID(k["id"])
        for k in (await world.client.get("/v1/api-keys", headers=bearer(key))).json()["items"]
        if k["name"] == "default"
    )
    written, commit = asyncio.Event(), asyncio.Event()

    @asynccontextmanager
    async def held() -> AsyncIterator[Any]:
        """The database's unit of work, its commit held back until the test allows it."""
        async with world.container.database.unit_of_work() as uow:
            yield uow
            written.set()
            await commit.wait()

    first = asyncio.create_task(
        revoke_api_key(held, tenant, first_id, world.clock.now()), context=contextvars.Context()
    )
    await asyncio.wait_for(written.wait(), 10)
    units = world.container.database.unit_of_work
    then = asyncio.create_task(
        revoke_api_key(units, tenant, UUID(second["id"]), world.clock.now()),
        context=contextvars.Context(),
    )
    try:
        await _blocked(url, then)
    finally:
        commit.set()
        await first
    with pytest.raises(LastApiKey):
        await then
    assert await _unlimited_active(world, second["apiKey"]) == ["Zweiter"]
