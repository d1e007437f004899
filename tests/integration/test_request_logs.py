"""Issue 18, items 3 and 5: `automahntion serve` as an operator runs it writes nothing but JSON
lines, one access line per request with the id the response names in `X-Request-Id`; a 500 is
problem+json and logged once with its traceback and that id; a 401 names its challenge."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from tests.integration.conftest import (
    drop_postgres_database,
    drop_postgres_database_later,
    migrated_postgres_database,
)
from tests.integration.lexoffice_env import Sandbox, free_port, serving_api, settings_for
from tests.integration.lexoffice_env import TestClock as StartClock
from tests.integration.test_worker import REDIS_URL

API_KEY = "amk_" + "r" * 43
BEARER = {"Authorization": f"Bearer {API_KEY}"}
SECRET = "geheim-im-query"


async def _tenant_with_key(settings: Settings) -> UUID:
    container = await Container.start(settings, StartClock())
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Bäckerei Logfeld", "chef@baeckerei.example"),
            container.clock.now(),
            API_KEY,
        )
    finally:
        await container.stop()
    return created.tenant.id


def _serve_and_call(sandbox_url: str, output: Path) -> tuple[UUID, dict[str, httpx.Response]]:
    """Calls a server on its own database; the last call after that database was dropped."""
    name, url = migrated_postgres_database()
    try:
        settings = replace(
            settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
            redis_url=REDIS_URL,
        )
        tenant_id = asyncio.run(_tenant_with_key(settings))
        with (
            output.open("w+") as log,
            serving_api(settings, log) as api_url,
            httpx.Client(base_url=api_url, trust_env=False) as http,
        ):
            responses = {
                "named": http.get("/v1/api-keys", headers={**BEARER, "X-Request-Id": "lb-7.a:1"}),
                "query": http.get(f"/v1/invoices?limit=5&token={SECRET}", headers=BEARER),
                "anonymous": http.get("/v1/api-keys", headers={"X-Request-Id": "x" * 129}),
                "revoked": http.get("/v1/api-keys", headers={"Authorization": "Bearer amk_gone"}),
                "unknown": http.get("/nowhere"),
            }
            drop_postgres_database(name)
            responses["broken"] = http.get("/v1/api-keys", headers=BEARER)
    finally:
        drop_postgres_database_later(name)
    return tenant_id, responses


@pytest.fixture(scope="module")
def served(
    sandbox_url: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[UUID, dict[str, httpx.Response], Path]:
    output = tmp_path_factory.mktemp("serve") / "serve.log"
    tenant_id, responses = _serve_and_call(sandbox_url, output)
    return tenant_id, responses, output


def _lines(output: Path) -> list[dict[str, Any]]:
    """Every line the server wrote, each of which must be a JSON object."""
    return [json.loads(line) for line in output.read_text().splitlines() if line.strip()]


def test_serve_logs_json_access_lines_and_each_500_once_with_the_request_id(
    served: tuple[UUID, dict[str, httpx.Response], Path],
) -> None:
    tenant_id, responses, output = served
    lines = _lines(output)
    access = {line["request_id"]: line for line in lines if line.get("event") == "access"}
    ids = {name: response.headers["x-request-id"] for name, response in responses.items()}

    assert ids["named"] == "lb-7.a:1"
    assert re.fullmatch(r"[0-9a-f]{32}", ids["anonymous"])
    assert len(set(ids.values())) == len(ids)
    assert len(access) == len([line for line in lines if line.get("event") == "access"])
    for name, response in responses.items():
        line = access[ids[name]]
        assert line["status"] == response.status_code, name
        assert line["method"] == "GET"
        assert line["client"] == "127.0.0.1"
        assert isinstance(line["duration_ms"], float)
    assert responses["named"].status_code == 200
    assert access[ids["named"]]["path"] == "/v1/api-keys"
    assert access[ids["named"]]["tenant_id"] == str(tenant_id)
    assert access[ids["query"]]["path"] == "/v1/invoices"
    assert SECRET not in output.read_text()
    assert "tenant_id" not in access[ids["anonymous"]]
    assert access[ids["unknown"]]["status"] == 404

    broken = responses["broken"]
    assert broken.status_code == 500
    assert broken.headers["content-type"].startswith("application/problem+json")
    assert ids["broken"] in broken.json()["detail"]
    [error] = [line for line in lines if line["level"] in ("error", "critical")]
    assert error["request_id"] == ids["broken"]
    assert error["exception"].startswith("Traceback")


def test_every_401_names_the_bearer_challenge(
    served: tuple[UUID, dict[str, httpx.Response], Path],
) -> None:
    _, responses, _ = served
    assert responses["anonymous"].status_code == 401
    assert responses["anonymous"].headers["www-authenticate"] == "Bearer"
    assert responses["revoked"].status_code == 401
    assert responses["revoked"].headers["www-authenticate"] == 'Bearer error="invalid_token"'
