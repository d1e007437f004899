"""Our API in the test's own event loop (httpx's ASGI transport), on a container wired from
settings as `serve` wires it, with one tenant and its API key."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import UUID

import httpx
import pytest

from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.web import create_app
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.lexoffice_env import TestClock


@dataclass
class InProcessApi:
    client: httpx.AsyncClient
    container: Container
    tenant_id: UUID


def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    return migrated_sqlite_at(tmp_path_factory.mktemp(name) / "api.sqlite3")


@contextlib.asynccontextmanager
async def in_process_api(settings: Settings, *, timeout: float = 30) -> AsyncIterator[InProcessApi]:
    container = await Container.start(settings, TestClock())
    key = "amk_" + secrets.token_urlsafe(32)
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Bäckerei", f"chef-{secrets.token_hex(4)}@baeckerei.example"),
            container.clock.now(),
            key,
        )
        transport = httpx.ASGITransport(app=create_app(container))  # type: ignore[arg-type]
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://api.test",
            headers={"Authorization": f"Bearer {key}"},
            timeout=timeout,
        ) as client:
            yield InProcessApi(client, container, created.tenant.id)
    finally:
        await container.stop()


async def walk_ids(api: InProcessApi, path: str, limit: int) -> list[str]:
    """The ids of every page of the list at `path`, first to last, following `nextCursor`."""
    walked: list[str] = []
    params: dict[str, str | int] = {"limit": limit}
    while True:
        response = await api.client.get(path, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        walked += [item["id"] for item in body["items"]]
        if body["nextCursor"] is None:
            return walked
        params["cursor"] = body["nextCursor"]
