"""Issue 15, finding 1: an `Idempotency-Key` replays a stored answer only to the credential
that caused it, after that credential's scope check, and a new API key is never kept in clear
(the dump of a PostgreSQL database made with the real `pg_dump` shows none)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from automahntion.app.idempotency.replay import request_digest
from tests.integration.api_callers import Callers, bearer, start_callers
from tests.integration.conftest import drop_postgres_database_later, migrated_postgres_database

pytest_plugins = ["tests.integration.api_callers"]

NEW_KEY = {"name": "Kasse"}


async def _create_key(callers: Callers, token: str, key: str | None) -> tuple[int, dict[str, str]]:
    headers = bearer(token) | ({"Idempotency-Key": key} if key else {})
    response = await callers.http.post("/v1/api-keys", json=NEW_KEY, headers=headers)
    return response.status_code, response.json()


async def test_a_widget_never_gets_the_key_an_integrator_created(callers: Callers) -> None:
    created = await _create_key(callers, callers.api_key, "schluessel-1")
    widget = await callers.widget("feedback:read")
    replayed = await _create_key(callers, widget, "schluessel-1")
    assert created[0] == 201
    assert created[1]["apiKey"].startswith("amk_")
    assert replayed[0] == 403
    assert created[1]["apiKey"] not in str(replayed[1])
    assert replayed[1]["type"] == "/problems/forbidden"


async def test_another_key_of_the_tenant_runs_its_own_request(callers: Callers) -> None:
    first = await _create_key(callers, callers.api_key, "schluessel-2")
    second_key = first[1]["apiKey"]
    again = await _create_key(callers, callers.api_key, "schluessel-2")
    other = await _create_key(callers, second_key, "schluessel-2")
    assert again == first
    assert other[0] == 201
    assert other[1]["id"] != first[1]["id"]
    assert other[1]["apiKey"] not in (first[1]["apiKey"], second_key)


async def test_a_refusal_is_not_kept_and_a_corrected_retry_runs(callers: Callers) -> None:
    headers = bearer(callers.api_key) | {"Idempotency-Key": "vorlage-1"}
    url = "/v1/levels/M1/template"
    unknown = await callers.http.put(
        url, json={"subject": "Mahnung", "body": "{{ unbekannt }}"}, headers=headers
    )
    corrected = await callers.http.put(
        url, json={"subject": "Mahnung", "body": "Bitte zahlen Sie."}, headers=headers
    )
    assert unknown.status_code == 422, unknown.text
    assert corrected.status_code == 200, corrected.text
    assert "idempotent-replayed" not in corrected.headers


async def _idempotency_rows(url: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        return list(await connection.fetch('SELECT * FROM "idempotency_key"'))
    finally:
        await connection.close()


def _pg_dump(url: str) -> str:
    done = subprocess.run(
        ["pg_dump", "--data-only", url], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name, url = migrated_postgres_database()
    yield url
    drop_postgres_database_later(name)


async def test_a_pg_dump_holds_no_raw_key(postgres_url: str, tmp_path: Path) -> None:
    raw_keys: list[str] = []
    async for callers in start_callers(postgres_url, tmp_path):
        widget = await callers.widget("feedback:read")
        refused = await _create_key(callers, widget, "schluessel-4")
        for key in ("schluessel-4", None, "schluessel-5"):
            status, body = await _create_key(callers, callers.api_key, key)
            assert status == 201
            raw_keys.append(body["apiKey"])
        replayed = await _create_key(callers, callers.api_key, "schluessel-5")
    assert refused[0] == 403
    assert (replayed[0], replayed[1]["apiKey"]) == (201, raw_keys[-1])
    rows = await _idempotency_rows(postgres_url)
    assert sorted(row["key"] for row in rows) == ["schluessel-4", "schluessel-5"]
    assert {row["response_status"] for row in rows} == {201}
    dump = _pg_dump(postgres_url)
    assert "schluessel-5" in dump
    assert request_digest("POST", "/v1/api-keys", json.dumps(NEW_KEY).encode()) not in dump
    for raw in raw_keys:
        assert raw not in dump
        assert raw.removeprefix("amk_") not in dump
