"""This service as the OAuth 2.0 authorization server of embedded widgets, end to end.

Against `automahntion serve` in its own process: the admin registers a client, a tenant signs
in with its API key on the consent page, the widget exchanges the code with PKCE, calls the
API with the scopes granted, refreshes, and revokes. The expiry tests run the same app in
this process on a clock they move.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import httpx
import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata

from automahntion.api.scopes import TENANT_SCOPES
from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.tenants.records import Tenant
from automahntion.bootstrap.web import create_app
from tests.integration.helpers import invoice
from tests.integration.lexoffice_env import Service

REDIRECT = "http://127.0.0.1:9/widget/callback"
OTHER_REDIRECT = "https://widget.example/callback"


def _key() -> str:
    return "amk_" + secrets.token_urlsafe(32)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class World:
    http: httpx.AsyncClient
    service: Service
    admin: dict[str, str]

    async def register(self, scopes: list[str], *, confidential: bool = False) -> dict[str, Any]:
        response = await self.http.post(
            "/v1/admin/oauth-clients",
            json={
                "name": "Mahnungs-Widget",
                "redirectUris": [REDIRECT, OTHER_REDIRECT],
                "scopes": scopes,
                "confidential": confidential,
            },
            headers=self.admin,
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    async def tenant(self) -> tuple[Tenant, str]:
        key = _key()
        return await self.service.tenant(key), key


def _authorize_params(client_id: str, scope: str, verifier: str, **extra: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "zustand-123",
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
        **extra,
    }


def _query(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def _code(
    http: httpx.AsyncClient, client_id: str, scope: str, api_key: str, verifier: str
) -> str:
    """The tenant approves on the consent page; the code the widget receives."""
    response = await http.post(
        "/oauth/authorize",
        params=_authorize_params(client_id, scope, verifier),
        data={"api_key": api_key, "decision": "approve"},
    )
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?")
    query = _query(location)
    assert query["state"] == "zustand-123"
    return query["code"]


async def _exchange(
    http: httpx.AsyncClient, client_id: str, code: str, verifier: str | None
) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": client_id,
    }
    if verifier is not None:
        form["code_verifier"] = verifier
    return await http.post("/oauth/token", data=form)


@pytest.fixture
async def world(service: Service) -> AsyncIterator[World]:
    admin = await issue_admin_token(
        service.container.database.unit_of_work, "oauth tests", service.clock.now()
    )
    async with httpx.AsyncClient(base_url=service.api_url, trust_env=False, timeout=30) as http:
        yield World(http, service, _bearer(admin.token))


async def test_public_widget_flow_from_consent_to_revocation(world: World) -> None:
    http = world.http
    _, api_key = await world.tenant()
    client = await world.register(["settings:read", "invoices:read"])
    client_id = client["clientId"]
    assert client["clientSecret"] is None
    assert client["confidential"] is False

    verifier = secrets.token_urlsafe(48)
    page = await http.get(
        "/oauth/authorize", params=_authorize_params(client_id, "settings:read", verifier)
    )
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    html = page.text
    assert '<html lang="de">' in html
    assert "<script" not in html
    assert "Mahnungs-Widget" in html
    assert TENANT_SCOPES["settings:read"] in html
    assert TENANT_SCOPES["invoices:read"] not in html
    assert '<label for="api-key">' in html
    assert 'name="api_key"' in html
    assert "API-Schlüssel" in html

    refused = await http.post(
        "/oauth/authorize",
        params=_authorize_params(client_id, "settings:read", verifier),
        data={"api_key": "amk_" + "x" * 43, "decision": "approve"},
    )
    assert refused.status_code == 400
    assert "location" not in refused.headers
    assert 'role="alert"' in refused.text
    assert 'aria-invalid="true"' in refused.text

    code = await _code(http, client_id, "settings:read", api_key, verifier)

    wrong = await _exchange(http, client_id, code, secrets.token_urlsafe(48))
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    missing = await _exchange(http, client_id, code, None)
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"

    issued = await _exchange(http, client_id, code, verifier)
    assert issued.status_code == 200, issued.text
    assert issued.headers["cache-control"] == "no-store"
    tokens = issued.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert tokens["scope"] == "settings:read"
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    assert access.startswith("amo_")
    assert refresh.startswith("amr_")

    allowed = await http.get("/v1/lexoffice/connection", headers=_bearer(access))
    assert allowed.status_code == 200
    assert allowed.json()["connected"] is False
    for method, path in (
        ("GET", "/v1/lexoffice/connect"),
        ("GET", f"/v1/invoices/{uuid4()}/documents"),
        ("GET", "/v1/admin/oauth-clients/"),
    ):
        forbidden = await http.request(method, path, headers=_bearer(access))
        assert forbidden.status_code == 403, path
        assert forbidden.headers["content-type"].startswith("application/problem+json")

    refreshed = await http.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh, "client_id": client_id},
    )
    assert refreshed.status_code == 200, refreshed.text
    renewed = refreshed.json()
    assert renewed["access_token"] != access
    assert renewed["refresh_token"] != refresh
    assert renewed["scope"] == "settings:read"
    assert (await http.get("/v1/lexoffice/connection", headers=_bearer(access))).status_code == 401
    new_access = renewed["access_token"]
    ok = await http.get("/v1/lexoffice/connection", headers=_bearer(new_access))
    assert ok.status_code == 200

    revoked = await http.post("/oauth/revoke", data={"token": new_access, "client_id": client_id})
    assert revoked.status_code == 200
    gone = await http.get("/v1/lexoffice/connection", headers=_bearer(new_access))
    assert gone.status_code == 401
    assert gone.headers["content-type"].startswith("application/problem+json")
    after_revoke = await http.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": renewed["refresh_token"],
            "client_id": client_id,
        },
    )
    assert after_revoke.status_code == 400
    assert after_revoke.json()["error"] == "invalid_grant"
    replayed = await http.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh, "client_id": client_id},
    )
    assert replayed.status_code == 400
    assert replayed.json()["error"] == "invalid_grant"
    unknown = await http.post(
        "/oauth/revoke", data={"token": "amo_unknown", "client_id": client_id}
    )
    assert unknown.status_code == 200
    again = await _exchange(http, client_id, code, verifier)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


async def test_a_token_acts_for_its_tenant_only(world: World) -> None:
    http = world.http
    tenant, api_key = await world.tenant()
    other, other_key = await world.tenant()
    units = world.service.container.database.unit_of_work
    now = world.service.clock.now()
    async with units() as uow:
        for holder in (tenant, other):
            await uow.tenant(holder.id).invoices.upsert([invoice("RE-OAUTH")], now)
        mine = (await uow.tenant(tenant.id).invoices.by_lexoffice_id("lx-RE-OAUTH")).id
        theirs = (await uow.tenant(other.id).invoices.by_lexoffice_id("lx-RE-OAUTH")).id
    client = await world.register(["invoices:read"])
    verifier = secrets.token_urlsafe(48)
    code = await _code(http, client["clientId"], "invoices:read", api_key, verifier)
    access = (await _exchange(http, client["clientId"], code, verifier)).json()["access_token"]

    documents = f"/v1/invoices/{theirs}/documents"
    owner = await http.get(documents, headers=_bearer(other_key))
    assert owner.status_code == 200
    assert owner.json() == []
    foreign = await http.get(documents, headers=_bearer(access))
    assert foreign.status_code == 404
    assert foreign.headers["content-type"].startswith("application/problem+json")
    own = await http.get(f"/v1/invoices/{mine}/documents", headers=_bearer(access))
    assert own.status_code == 200


async def test_confidential_client_with_authlib_and_revoking_the_client(world: World) -> None:
    http = world.http
    _, api_key = await world.tenant()
    client = await world.register(["settings:read", "settings:write"], confidential=True)
    client_id, secret = client["clientId"], client["clientSecret"]
    assert secret
    assert client["confidential"] is True

    widget = AsyncOAuth2Client(
        client_id,
        secret,
        scope="settings:read settings:write",
        redirect_uri=REDIRECT,
        code_challenge_method="S256",
        token_endpoint=f"{world.service.api_url}/oauth/token",
        trust_env=False,
    )
    async with widget:
        verifier = secrets.token_urlsafe(48)
        url, _state = widget.create_authorization_url(
            f"{world.service.api_url}/oauth/authorize", code_verifier=verifier
        )
        page = await http.get(url)
        assert page.status_code == 200
        assert TENANT_SCOPES["settings:write"] in page.text
        approved = await http.post(url, data={"api_key": api_key, "decision": "approve"})
        assert approved.status_code == 302
        token = await widget.fetch_token(
            authorization_response=approved.headers["location"], code_verifier=verifier
        )
        assert token["access_token"].startswith("amo_")
        assert set(token["scope"].split()) == {"settings:read", "settings:write"}
        status = await widget.get(f"{world.service.api_url}/v1/lexoffice/connection")
        assert status.status_code == 200

    code = await _code(http, client_id, "settings:read", api_key, verifier)
    without_secret = await _exchange(http, client_id, code, verifier)
    assert without_secret.status_code in (400, 401)
    assert without_secret.json()["error"] == "invalid_client"
    posted = await http.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": client_id,
            "client_secret": secret,
            "code_verifier": verifier,
        },
    )
    assert posted.status_code == 200, posted.text
    access = posted.json()["access_token"]

    listed = await http.get("/v1/admin/oauth-clients/", headers=world.admin)
    assert listed.status_code == 200
    mine = next(c for c in listed.json()["items"] if c["clientId"] == client_id)
    assert "clientSecret" not in mine
    assert mine["revokedAt"] is None
    deleted = await http.delete(f"/v1/admin/oauth-clients/{mine['id']}", headers=world.admin)
    assert deleted.status_code == 204
    assert (await http.get("/v1/lexoffice/connection", headers=_bearer(access))).status_code == 401
    again = await http.delete(f"/v1/admin/oauth-clients/{mine['id']}", headers=world.admin)
    assert again.status_code == 404
    refused = await http.get("/oauth/authorize", params=_authorize_params(client_id, "", verifier))
    assert refused.status_code == 400
    assert "location" not in refused.headers


async def test_bad_requests_never_redirect_to_an_unregistered_uri(world: World) -> None:
    http = world.http
    _, api_key = await world.tenant()
    client = await world.register(["settings:read"])
    client_id = client["clientId"]
    verifier = secrets.token_urlsafe(48)

    for params in (
        _authorize_params("amc_unknown", "settings:read", verifier),
        _authorize_params(
            client_id, "settings:read", verifier, redirect_uri="https://evil.example/"
        ),
        {
            k: v
            for k, v in _authorize_params(client_id, "", verifier).items()
            if k != "redirect_uri"
        },
    ):
        page = await http.get("/oauth/authorize", params=params)
        assert page.status_code == 400
        assert "location" not in page.headers
        assert "nicht zurückgeleitet" in page.text

    def redirected_error(response: httpx.Response) -> str:
        assert response.status_code == 302
        location = response.headers["location"]
        assert location.startswith(REDIRECT + "?")
        assert _query(location)["state"] == "zustand-123"
        return _query(location)["error"]

    without_pkce = {
        k: v
        for k, v in _authorize_params(client_id, "settings:read", verifier).items()
        if not k.startswith("code_challenge")
    }
    assert redirected_error(await http.get("/oauth/authorize", params=without_pkce)) == (
        "invalid_request"
    )
    plain = _authorize_params(client_id, "settings:read", verifier, code_challenge_method="plain")
    assert redirected_error(await http.get("/oauth/authorize", params=plain)) == "invalid_request"
    broader = _authorize_params(client_id, "settings:read billing:write", verifier)
    assert redirected_error(await http.get("/oauth/authorize", params=broader)) == "invalid_scope"
    denied = await http.post(
        "/oauth/authorize",
        params=_authorize_params(client_id, "settings:read", verifier),
        data={"decision": "deny"},
    )
    assert redirected_error(denied) == "access_denied"
    assert "code" not in _query(denied.headers["location"])

    code = await _code(http, client_id, "settings:read", api_key, verifier)
    elsewhere = await http.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": OTHER_REDIRECT,
            "client_id": client_id,
            "code_verifier": verifier,
        },
    )
    assert elsewhere.status_code == 400
    assert elsewhere.json()["error"] == "invalid_grant"
    other = await world.register(["settings:read"])
    stolen = await _exchange(http, other["clientId"], code, verifier)
    assert stolen.status_code == 400
    assert stolen.json()["error"] == "invalid_grant"
    assert (await _exchange(http, client_id, code, verifier)).status_code == 200


async def test_client_registration_rules(world: World) -> None:
    http = world.http
    _, api_key = await world.tenant()
    body = {"name": "W", "redirectUris": [REDIRECT], "scopes": ["settings:read"]}
    as_tenant = await http.post("/v1/admin/oauth-clients", json=body, headers=_bearer(api_key))
    assert as_tenant.status_code == 403
    for field, value in (
        ("redirectUris", ["http://widget.example/callback"]),
        ("redirectUris", ["https://widget.example/cb#fragment"]),
        ("redirectUris", []),
        ("scopes", ["admin"]),
        ("scopes", []),
        ("name", ""),
    ):
        refused = await http.post(
            "/v1/admin/oauth-clients", json={**body, field: value}, headers=world.admin
        )
        assert refused.status_code == 422, (field, value, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert any(e["field"].startswith(field) for e in refused.json()["errors"])


async def test_metadata_document(world: World) -> None:
    response = await world.http.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    metadata = AuthorizationServerMetadata(response.json())
    metadata.validate()
    issuer = world.service.api_url
    assert metadata["issuer"] == issuer
    assert metadata["token_endpoint"] == issuer + "/oauth/token"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert set(metadata["scopes_supported"]) == set(TENANT_SCOPES)
    schema = (await world.http.get("/schema/openapi.json")).json()
    assert "/.well-known/oauth-authorization-server" in schema["paths"]
    assert "/v1/admin/oauth-clients" in {p.rstrip("/") for p in schema["paths"]}


async def test_codes_and_tokens_expire(service: Service) -> None:
    """The app in this process, on the test's clock."""
    clock = service.clock
    admin = await issue_admin_token(service.container.database.unit_of_work, "expiry", clock.now())
    key = _key()
    await service.tenant(key)
    transport = httpx.ASGITransport(app=create_app(service.container))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url=service.api_url) as http:
        world = World(http, service, _bearer(admin.token))
        client_id = (await world.register(["settings:read"]))["clientId"]
        verifier = secrets.token_urlsafe(48)
        start = clock.current
        try:
            late_code = await _code(http, client_id, "settings:read", key, verifier)
            clock.current = start + timedelta(minutes=10, seconds=1)
            late = await _exchange(http, client_id, late_code, verifier)
            assert late.status_code == 400
            assert late.json()["error"] == "invalid_grant"

            code = await _code(http, client_id, "settings:read", key, verifier)
            tokens = (await _exchange(http, client_id, code, verifier)).json()
            issued = clock.current
            clock.current = issued + timedelta(minutes=59)
            fresh = await http.get(
                "/v1/lexoffice/connection", headers=_bearer(tokens["access_token"])
            )
            assert fresh.status_code == 200
            clock.current = issued + timedelta(hours=1)
            stale = await http.get(
                "/v1/lexoffice/connection", headers=_bearer(tokens["access_token"])
            )
            assert stale.status_code == 401

            clock.current = issued + timedelta(days=30)
            expired = await http.post(
                "/oauth/token",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": tokens["refresh_token"],
                    "client_id": client_id,
                },
            )
            assert expired.status_code == 400
            assert expired.json()["error"] == "invalid_grant"
        finally:
            clock.current = start
