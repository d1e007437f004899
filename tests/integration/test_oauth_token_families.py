"""Issue 15, finding 11: through the real token endpoints, a replayed authorization code or
a reused (rotated) refresh token ends every token of its family (RFC 6749 §4.1.2, RFC 9700
§4.14); and `settings:write` alone neither adds recipients nor sets an SMTP server."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from automahntion.api.scopes import TENANT_SCOPES
from tests.integration import test_oauth_widgets
from tests.integration.test_oauth_widgets import World, _authorize_params, _bearer, _code, _exchange

world = test_oauth_widgets.world

PROBE = "/v1/settings"


async def _tokens(world: World, scope: str) -> tuple[str, dict[str, Any]]:
    _, api_key = await world.tenant()
    client_id = (await world.register(scope.split()))["clientId"]
    verifier = secrets.token_urlsafe(48)
    code = await _code(world.http, client_id, scope, api_key, verifier)
    issued = await _exchange(world.http, client_id, code, verifier)
    assert issued.status_code == 200, issued.text
    return client_id, {"code": code, "verifier": verifier, **issued.json()}


async def _refresh(http: httpx.AsyncClient, client_id: str, refresh: str) -> httpx.Response:
    return await http.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh, "client_id": client_id},
    )


async def _works(http: httpx.AsyncClient, access: str) -> bool:
    return (await http.get(PROBE, headers=_bearer(access))).status_code == 200


async def test_a_reused_refresh_token_ends_the_whole_family(world: World) -> None:
    http = world.http
    client_id, first = await _tokens(world, "settings:read")
    _, bystander = await _tokens(world, "settings:read")
    second = (await _refresh(http, client_id, first["refresh_token"])).json()
    third = (await _refresh(http, client_id, second["refresh_token"])).json()
    assert await _works(http, third["access_token"])

    reused = await _refresh(http, client_id, first["refresh_token"])
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    assert not await _works(http, third["access_token"])
    assert (await _refresh(http, client_id, third["refresh_token"])).status_code == 400
    assert await _works(http, bystander["access_token"])


async def test_a_replayed_code_ends_the_tokens_it_issued(world: World) -> None:
    http = world.http
    client_id, first = await _tokens(world, "settings:read")
    renewed = (await _refresh(http, client_id, first["refresh_token"])).json()
    assert await _works(http, renewed["access_token"])

    replay = await _exchange(http, client_id, first["code"], first["verifier"])
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert not await _works(http, renewed["access_token"])
    assert (await _refresh(http, client_id, renewed["refresh_token"])).status_code == 400


async def test_recipients_and_transport_need_their_own_scopes(world: World) -> None:
    http = world.http
    _, writer = await _tokens(world, "settings:write settings:read")
    headers = _bearer(writer["access_token"])
    for field, value in (("bcc", ["spion@evil.example"]), ("cc", ["x@evil.example"])):
        refused = await http.patch("/v1/settings", json={field: value}, headers=headers)
        assert refused.status_code == 403, refused.text
        assert "settings:recipients" in refused.json()["detail"]
    refused = await http.patch(
        "/v1/settings", json={"replyTo": "spion@evil.example"}, headers=headers
    )
    assert refused.status_code == 403
    assert (await http.get("/v1/settings", headers=headers)).json()["bcc"] == []
    assert (
        await http.patch("/v1/settings", json={"sendingHour": 7}, headers=headers)
    ).status_code == 200
    smtp = {"host": "smtp.evil.example", "port": 587, "fromAddress": "a@evil.example"}
    for method, path in (("PUT", "/v1/smtp"), ("DELETE", "/v1/smtp")):
        denied = await http.request(method, path, json=smtp, headers=headers)
        assert denied.status_code == 403, (path, denied.text)

    _, granted = await _tokens(world, "settings:write settings:recipients")
    allowed = await http.patch(
        "/v1/settings",
        json={"bcc": ["archiv@baeckerei.example"]},
        headers=_bearer(granted["access_token"]),
    )
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()["bcc"] == ["archiv@baeckerei.example"]


async def test_the_consent_page_says_what_recipients_and_transport_allow(world: World) -> None:
    scope = "settings:write settings:recipients settings:transport"
    client_id = (await world.register(scope.split()))["clientId"]
    page = await world.http.get(
        "/oauth/authorize", params=_authorize_params(client_id, scope, secrets.token_urlsafe(48))
    )
    assert page.status_code == 200
    for name in scope.split():
        assert TENANT_SCOPES[name] in page.text
    assert "ohne Empfänger und Versandserver" in page.text
    assert "jede künftige Mahnung mitlesen" in page.text
    assert "SMTP-Versandserver" in page.text


async def test_the_billing_email_needs_billing_write(world: World) -> None:
    """`PUT /v1/billing/email` takes `billing:write`; `PATCH /v1/account` may not set the same
    address with `settings:write` alone (the consent page promised settings, levels and
    templates, not where the subscription's invoices go)."""
    http = world.http
    _, writer = await _tokens(world, "settings:write settings:read")
    headers = _bearer(writer["access_token"])
    before = (await http.get("/v1/account", headers=headers)).json()["billingEmail"]
    refused = await http.patch(
        "/v1/account", json={"billingEmail": "rechnung@evil.example"}, headers=headers
    )
    assert refused.status_code == 403, refused.text
    assert "billing:write" in refused.json()["detail"]
    assert (await http.get("/v1/account", headers=headers)).json()["billingEmail"] == before
    renamed = await http.patch("/v1/account", json={"name": "Bäckerei Neu"}, headers=headers)
    assert renamed.status_code == 200, renamed.text

    _, granted = await _tokens(world, "settings:write billing:write")
    allowed = await http.patch(
        "/v1/account",
        json={"billingEmail": "rechnung@baeckerei.example"},
        headers=_bearer(granted["access_token"]),
    )
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()["billingEmail"] == "rechnung@baeckerei.example"


async def test_a_refreshed_access_token_keeps_the_idempotency_keys_of_its_grant(
    world: World,
) -> None:
    """An access token lives an hour: a widget whose retry comes after a refresh sends the same
    `Idempotency-Key` with the new token and must get the first answer, not a second endpoint.
    Another grant's token still runs its own request."""
    http = world.http
    scope = "webhooks:write webhooks:read"
    client_id, first = await _tokens(world, scope)
    body = {"url": "https://hooks.example.com/automahntion", "eventTypes": ["invoice.paid"]}
    key = {"Idempotency-Key": "endpoint-1"}
    created = await http.post(
        "/v1/webhook-endpoints", json=body, headers=_bearer(first["access_token"]) | key
    )
    assert created.status_code == 201, created.text
    renewed = (await _refresh(http, client_id, first["refresh_token"])).json()
    retried = await http.post(
        "/v1/webhook-endpoints", json=body, headers=_bearer(renewed["access_token"]) | key
    )
    assert retried.status_code == 201, retried.text
    assert retried.headers.get("idempotent-replayed") == "true"
    assert retried.json()["id"] == created.json()["id"]
    listed = await http.get("/v1/webhook-endpoints", headers=_bearer(renewed["access_token"]))
    assert [item["id"] for item in listed.json()["items"]] == [created.json()["id"]]
