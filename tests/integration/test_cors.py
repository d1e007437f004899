"""CORS for browser widgets (issue 18, item 2): exactly the origins of the redirect URIs
registered with active OAuth clients, on the token endpoints and the routes of their scopes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import uuid4

import httpx
import pytest

from automahntion.api import cors
from automahntion.api.scopes import TENANT_SCOPES
from automahntion.app.access.oauth import RegisteredClient, register_client, revoke_client
from automahntion.bootstrap.settings import Settings
from tests.integration.conftest import SECRET_KEY
from tests.integration.in_process_api import InProcessApi, in_process_api, migrated_sqlite

WIDGET = "https://widget.example"
OTHER = "https://evil.example"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=migrated_sqlite(tmp_path_factory, "cors"),
        secret_key=SECRET_KEY,
        documents_dir=str(tmp_path_factory.mktemp("documents")),
    )


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[InProcessApi]:
    async with in_process_api(settings) as running:
        yield running


async def _register(
    api: InProcessApi, *uris: str, scopes: tuple[str, ...] = ("invoices:read",)
) -> RegisteredClient:
    return await register_client(
        api.container.database.unit_of_work,
        name="Widget",
        redirect_uris=list(uris),
        scopes=list(scopes),
        confidential=False,
        grantable=TENANT_SCOPES,
        now=api.container.clock.now(),
    )


async def _preflight(
    api: InProcessApi, path: str, origin: str, method: str = "GET"
) -> httpx.Response:
    return await api.client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization,idempotency-key",
        },
    )


def _vary(response: httpx.Response) -> list[str]:
    return [v.strip() for v in response.headers.get("vary", "").split(",")]


async def test_a_preflight_from_a_registered_origin_is_allowed(api: InProcessApi) -> None:
    await _register(api, WIDGET + "/callback")
    for path, method in (("/v1/invoices", "GET"), ("/oauth/token", "POST")):
        answer = await _preflight(api, path, WIDGET, method)
        assert answer.status_code == 204, path
        assert answer.headers["access-control-allow-origin"] == WIDGET
        assert answer.headers["access-control-allow-methods"] == method
        allowed = answer.headers["access-control-allow-headers"].lower()
        for header in ("authorization", "content-type", "idempotency-key"):
            assert header in allowed
        assert "Origin" in _vary(answer)
        assert "access-control-allow-credentials" not in answer.headers


@pytest.mark.parametrize(
    ("origin", "path"),
    [
        (OTHER, "/v1/invoices"),
        (OTHER, "/oauth/token"),
        ("null", "/oauth/token"),
        (WIDGET + ":8443", "/v1/invoices"),
        ("http://widget.example", "/v1/invoices"),
        (WIDGET, "/v1/settings"),
        (WIDGET, "/v1/admin/oauth-clients/"),
        (WIDGET, "/v1/api-keys"),
        (WIDGET, "/oauth/authorize"),
    ],
)
async def test_anything_else_gets_no_cors_headers(
    api: InProcessApi, origin: str, path: str
) -> None:
    await _register(api, WIDGET + "/callback")
    method = "POST" if path == "/oauth/token" else "GET"
    answer = await _preflight(api, path, origin, method)
    assert not [h for h in answer.headers if h.startswith("access-control-")]
    actual = await api.client.request(method, path, headers={"Origin": origin})
    assert "access-control-allow-origin" not in actual.headers


async def test_answers_to_a_registered_origin_can_be_read(api: InProcessApi) -> None:
    await _register(api, WIDGET + "/callback")
    listed = await api.client.get("/v1/invoices", headers={"Origin": WIDGET})
    assert listed.status_code == 200
    assert listed.headers["access-control-allow-origin"] == WIDGET
    exposed = listed.headers["access-control-expose-headers"].lower()
    for header in ("ratelimit-remaining", "retry-after", "etag", "x-request-id"):
        assert header in exposed
    assert "Origin" in _vary(listed)

    unauthorized = await api.client.get(
        "/v1/invoices", headers={"Origin": WIDGET, "Authorization": "Bearer amo_unknown"}
    )
    assert unauthorized.status_code == 401
    assert unauthorized.headers["access-control-allow-origin"] == WIDGET

    token = await api.client.post(
        "/oauth/token", data={"grant_type": "authorization_code"}, headers={"Origin": WIDGET}
    )
    assert token.status_code == 401
    assert token.json()["error"] == "invalid_client"
    assert token.headers["access-control-allow-origin"] == WIDGET


async def test_a_revoked_client_no_longer_opens_its_origin(api: InProcessApi) -> None:
    client = await _register(api, "https://revoked.example/cb")
    origin = "https://revoked.example"
    assert (await _preflight(api, "/v1/invoices", origin)).headers.get(
        "access-control-allow-origin"
    ) == origin
    await revoke_client(
        api.container.database.unit_of_work, client.record.id, api.container.clock.now()
    )
    assert (
        "access-control-allow-origin" not in (await _preflight(api, "/v1/invoices", origin)).headers
    )


async def test_each_origin_gets_the_routes_of_its_own_clients_scopes(api: InProcessApi) -> None:
    await _register(api, "https://settings.example/cb", scopes=("settings:read",))
    await _register(api, "http://127.0.0.1:51234/widget.html", scopes=("invoices:read",))
    settings_origin = "https://settings.example"
    assert (await _preflight(api, "/v1/settings", settings_origin)).headers.get(
        "access-control-allow-origin"
    ) == settings_origin
    assert (
        "access-control-allow-origin"
        not in (await _preflight(api, "/v1/invoices", settings_origin)).headers
    )
    loopback = "http://127.0.0.1:51234"
    assert (await _preflight(api, "/v1/invoices", loopback)).headers.get(
        "access-control-allow-origin"
    ) == loopback


async def test_a_request_without_origin_reads_no_origins(
    api: InProcessApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up: list[str] = []
    real = cors.registered_origin_scopes

    async def counting(units: Any, origin: str) -> frozenset[str] | None:
        looked_up.append(origin)
        return await real(units, origin)

    monkeypatch.setattr(cors, "registered_origin_scopes", counting)
    plain = await api.client.get("/v1/invoices")
    assert plain.status_code == 200
    assert "Origin" in _vary(plain)
    assert "access-control-allow-origin" not in plain.headers
    assert looked_up == []
    await api.client.get("/v1/invoices", headers={"Origin": OTHER})
    assert looked_up == [OTHER]


async def test_a_widget_may_send_and_read_what_the_api_documents(api: InProcessApi) -> None:
    """The OpenAPI document names `Idempotent-Replayed` on the answers of every unsafe request
    and takes the caller's own `X-Request-Id`; the 401 challenge says an access token expired."""
    await _register(api, WIDGET + "/callback", scopes=("invoices:write",))
    preflight = await api.client.options(
        f"/v1/invoices/{uuid4()}/pause",
        headers={
            "Origin": WIDGET,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization,idempotency-key,x-request-id",
        },
    )
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "x-request-id" in allowed
    answer = await api.client.put(
        f"/v1/invoices/{uuid4()}/pause", json={}, headers={"Origin": WIDGET}
    )
    assert answer.headers["access-control-allow-origin"] == WIDGET
    exposed = answer.headers["access-control-expose-headers"].lower()
    for header in ("idempotent-replayed", "www-authenticate"):
        assert header in exposed
