"""What every route shares: credentials, problem+json, Idempotency-Key, size and rate limits,
and the OpenAPI document in the repository being the one the server serves."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.lexoffice_env import Sandbox, TestClock, free_port, serving_api, settings_for
from tests.smtp_sink import Sink

KEY_A = "amk_" + "c" * 43
KEY_B = "amk_" + "d" * 43
OPENAPI_FILE = Path(__file__).parents[2] / "openapi" / "v1.json"


async def _setup(settings: Settings) -> str:
    """Two tenants with known keys; returns an admin token."""
    container = await Container.start(settings, TestClock())
    try:
        for name, key in (("Optik Scharf", KEY_A), ("Café Klein", KEY_B)):
            await create_tenant(
                container.database.unit_of_work,
                NewTenant(name, f"chef@{key[4]}.example"),
                container.clock.now(),
                key,
            )
        issued = await issue_admin_token(
            container.database.unit_of_work, "support", container.clock.now()
        )
        return issued.token
    finally:
        await container.stop()


@pytest.fixture(scope="module")
def world(
    sandbox_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Sink, str]]:
    folder = tmp_path_factory.mktemp("conventions")
    url = migrated_sqlite_at(folder / "api.sqlite3")
    with Sink() as sink:
        settings = replace(
            settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            mail_from="no-reply@automahntion.example",
            documents_dir=str(folder / "documents"),
        )
        admin_token = asyncio.run(_setup(settings))
        with serving_api(settings) as api_url:
            yield api_url, sink, admin_token


def _client(url: str, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=url, headers=headers, trust_env=False, timeout=30)


def _problem(response: httpx.Response, status: int, kind: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    assert body["type"] == f"/problems/{kind}"
    assert body["status"] == status
    return body


def test_credentials_are_required_and_checked(world: tuple[str, Sink, str]) -> None:
    api_url, _, admin_token = world
    with _client(api_url) as anonymous:
        _problem(anonymous.get("/v1/lexoffice/connection"), 401, "unauthorized")
        assert anonymous.get("/health").status_code == 200
    with _client(api_url, "amk_" + "x" * 43) as unknown:
        _problem(unknown.get("/v1/lexoffice/connection"), 401, "unauthorized")
    with _client(api_url, "Basic abc") as garbage:
        _problem(garbage.get("/v1/lexoffice/connection"), 401, "unauthorized")
    with _client(api_url, admin_token) as admin:
        _problem(admin.get("/v1/lexoffice/connection"), 403, "forbidden")
    with _client(api_url, KEY_A) as tenant:
        assert tenant.get("/v1/lexoffice/connection").json()["connected"] is False


def test_unreadable_input_is_a_422_naming_the_field(world: tuple[str, Sink, str]) -> None:
    api_url, _, _ = world
    with _client(api_url, KEY_A) as api:
        missing = api.put("/v1/smtp", json={"port": 25, "fromAddress": "a@b.example"})
        wrong_type = api.put(
            "/v1/smtp", json={"host": "mail.example", "port": "x", "fromAddress": "a@b.example"}
        )
        not_json = api.put(
            "/v1/smtp", content=b"{nope", headers={"content-type": "application/json"}
        )
    body = _problem(missing, 422, "validation-failed")
    assert "host" in json.dumps(body["errors"])
    body = _problem(wrong_type, 422, "validation-failed")
    assert "port" in json.dumps(body["errors"])
    assert not_json.status_code in (400, 422)
    assert not_json.headers["content-type"].startswith("application/problem+json")


def test_a_repeated_idempotency_key_replays_and_sends_nothing_twice(
    world: tuple[str, Sink, str],
) -> None:
    api_url, sink, _ = world
    before = len(sink.messages)
    with _client(api_url, KEY_A) as api:
        first = api.post("/v1/test-email", headers={"Idempotency-Key": "test-mail-1"})
        again = api.post("/v1/test-email", headers={"Idempotency-Key": "test-mail-1"})
        elsewhere = api.post(
            "/v1/smtp/test-connection",
            headers={"Idempotency-Key": "test-mail-1"},
            json={"host": "127.0.0.1", "port": 1, "fromAddress": "a@b.example", "tls": "none"},
        )
        key_headers = {"Idempotency-Key": "new-key-1"}
        created = api.post("/v1/api-keys", headers=key_headers, json={"name": "Kasse"})
        created_again = api.post("/v1/api-keys", headers=key_headers, json={"name": "Kasse"})
        keys = api.get("/v1/api-keys").json()["items"]
    with _client(api_url, KEY_B) as other:
        other_tenant = other.post("/v1/test-email", headers={"Idempotency-Key": "test-mail-1"})
    assert first.status_code == 200, first.text
    assert (again.status_code, again.json()) == (200, first.json())
    assert again.headers["idempotent-replayed"] == "true"
    _problem(elsewhere, 409, "idempotency-key-reused")
    assert other_tenant.status_code == 200
    assert len(sink.messages) == before + 2
    assert created.status_code == 201, created.text
    assert created_again.json() == created.json()
    assert [k["name"] for k in keys].count("Kasse") == 1


def test_an_oversized_body_is_refused(world: tuple[str, Sink, str]) -> None:
    api_url, _, _ = world
    with _client(api_url, KEY_A) as api:
        response = api.put(
            "/v1/smtp",
            content=b'{"host": "' + b"x" * (2 * 1024 * 1024) + b'"}',
            headers={"content-type": "application/json"},
        )
    _problem(response, 413, "request-too-large")


def test_the_repository_holds_the_served_openapi_document(world: tuple[str, Sink, str]) -> None:
    api_url, _, _ = world
    with _client(api_url) as anonymous:
        served = anonymous.get("/schema/openapi.json").json()
    assert served == json.loads(OPENAPI_FILE.read_text()), (
        "openapi/v1.json is out of date: run `make sdk` (it regenerates the document and the SDK)"
    )


def test_every_operation_declares_its_errors_as_problem_json() -> None:
    document = json.loads(OPENAPI_FILE.read_text())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    media = set(response.get("content", {}))
                    assert media == {"application/problem+json"}, (method, path, status)


def test_a_spent_rate_limit_answers_429_with_retry_after(sandbox_url: str, tmp_path: Path) -> None:
    url = migrated_sqlite_at(tmp_path / "rate.sqlite3")
    settings = replace(
        settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
        api_rate_limit=5,
    )
    asyncio.run(_setup(settings))
    with serving_api(settings) as api_url:
        with _client(api_url, KEY_A) as api:
            answers = [api.get("/v1/lexoffice/connection") for _ in range(6)]
        with _client(api_url, KEY_B) as other:
            other_answer = other.get("/v1/lexoffice/connection")
        with _client(api_url) as anonymous:
            health = [anonymous.get("/health").status_code for _ in range(8)]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    _problem(answers[5], 429, "rate-limited")
    assert int(answers[5].headers["retry-after"]) >= 1
    assert other_answer.status_code == 200
    assert health == [200] * 8
