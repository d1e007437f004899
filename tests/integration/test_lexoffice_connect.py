"""Connecting a tenant to lexoffice through our API, refreshing and losing the tokens."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
import pytest

from automahntion.app.lexoffice import connect
from automahntion.app.lexoffice.connect_state import STATE_LIFETIME, ConnectStateInvalid, begin
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason
from automahntion.app.lexoffice.ports import LexofficeDisconnected
from automahntion.app.lexoffice.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
)
from tests.integration.event_faults import REFUSED, events_refused
from tests.integration.lexoffice_connect_flow import start
from tests.integration.lexoffice_env import Service, eventually

API_KEY = "amk_" + "connect" * 6


def _browser(service: Service) -> httpx.Client:
    """A user agent with a cookie jar, as a browser is; credentials only where it is given them."""
    return httpx.Client(base_url=service.api_url, trust_env=False, timeout=30)


def _start(browser: httpx.Client, api_key: str) -> str:
    """The start as an integrator runs it (its server asks, the browser confirms on our begin
    page): lexoffice's authorize URL, with the flow's cookie in `browser`."""
    return start(browser, api_key)


def _consent(service: Service, authorize: str, org: dict[str, Any]) -> str:
    """The lexoffice user of `org` grants access: the callback URL lexoffice sends back."""
    consent = httpx.get(
        authorize + f"&organization_id={org['organizationId']}",
        follow_redirects=False,
        trust_env=False,
    )
    assert consent.status_code == 302
    callback = consent.headers["location"]
    assert callback.startswith(service.api_url + "/v1/lexoffice/callback?")
    return str(callback)


async def _connect_through_the_browser_flow(service: Service, org: dict[str, Any]) -> UUID:
    key = API_KEY + org["organizationId"][:8]
    tenant = await service.tenant(key)
    with _browser(service) as browser:
        authorize = _start(browser, key)
        assert authorize.startswith(service.sandbox.url + "/oauth2/authorize?")
        assert "code_challenge=" in authorize
        done = browser.get(_consent(service, authorize, org))
        assert done.status_code == 200, done.text
        assert done.json() == {
            "connected": True,
            "organizationId": org["organizationId"],
            "companyName": org["companyName"],
            "webhooks": True,
        }
    with service.api(key) as api:
        status = api.get("/v1/lexoffice/connection").json()
    assert status["connected"] is True
    assert (status["kind"], status["organizationId"]) == ("oauth", org["organizationId"])
    return tenant.id


def _state_refused(answer: httpx.Response, why: str) -> None:
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"] == "/problems/connect-state-invalid"
    assert why in answer.json()["detail"]


async def _connection(service: Service, tenant_id: UUID) -> LexofficeConnection:
    async with service.container.database.unit_of_work() as uow:
        connection = await uow.tenant(tenant_id).connection.get()
    assert connection is not None
    return connection


def _token_calls(service: Service) -> int:
    calls = service.sandbox.control("GET", "/requests", params={"pathPrefix": "/oauth2/token"})
    return len(calls["requests"])


def _events(service: Service, key: str, type: str) -> list[dict[str, Any]]:
    with service.api(key) as api:
        answer = api.get("/v1/events", params={"type": type})
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


async def test_the_connect_flow_end_to_end_with_pkce_and_webhooks(service: Service) -> None:
    org = service.sandbox.organization("Hotel Lindenhof")
    tenant_id = await _connect_through_the_browser_flow(service, org)
    connection = await _connection(service, tenant_id)
    assert connection.kind is ConnectionKind.OAUTH
    assert connection.access_token
    assert connection.refresh_token
    subscriptions = httpx.get(
        service.sandbox.url + "/v1/event-subscriptions",
        headers={"Authorization": f"Bearer {org['apiKey']}"},
        trust_env=False,
    ).json()["content"]
    assert {s["eventType"] for s in subscriptions} >= {
        "payment.changed",
        "invoice.status.changed",
        "contact.changed",
        "token.revoked",
    }
    assert {s["callbackUrl"] for s in subscriptions} == {service.api_url + "/v1/webhooks/lexoffice"}
    with service.api(API_KEY + org["organizationId"][:8]) as api:
        synced = api.post("/v1/lexoffice/sync")
    assert synced.status_code == 200, synced.text
    assert synced.json()["full"] is True


async def test_a_forged_or_reused_callback_state_is_refused(service: Service) -> None:
    with httpx.Client(base_url=service.api_url, trust_env=False) as http:
        forged = http.get("/v1/lexoffice/callback", params={"code": "x", "state": "forged"})
    assert forged.status_code == 409
    assert forged.headers["content-type"].startswith("application/problem+json")
    assert forged.json()["type"] == "/problems/connect-state-invalid"


async def test_a_started_link_finished_in_another_browser_connects_nobody(
    service: Service,
) -> None:
    """Login CSRF: an attacker starts connecting their own tenant and hands lexoffice's
    authorize link to a victim, who grants access to the victim's organization. The callback
    comes from the victim's browser, which never got the starter's cookie: refused, and the
    attacker's tenant stays unconnected (it would otherwise read the victim's books)."""
    attacker_key = API_KEY + "attacker"
    attacker = await service.tenant(attacker_key)
    victim_org = service.sandbox.organization("Opfer GmbH")
    with _browser(service) as attacker_browser:
        authorize = _start(attacker_browser, attacker_key)
    callback = _consent(service, authorize, victim_org)
    with _browser(service) as victim_browser:
        victims = victim_browser.get(callback)
    _state_refused(victims, "started in another browser")
    with _browser(service) as other_flow:
        _start(other_flow, attacker_key)
        with_another_cookie = other_flow.get(callback)
    _state_refused(with_another_cookie, "started in another browser")
    async with service.container.database.unit_of_work() as uow:
        assert await uow.tenant(attacker.id).connection.get() is None


async def test_a_state_works_once_and_a_second_code_for_it_changes_nothing(
    service: Service,
) -> None:
    key = API_KEY + "once"
    tenant = await service.tenant(key)
    mine = service.sandbox.organization("Meine GmbH")
    other = service.sandbox.organization("Andere GmbH")
    with _browser(service) as browser:
        authorize = _start(browser, key)
        first = _consent(service, authorize, mine)
        second = _consent(service, authorize, other)
        assert browser.get(first).status_code == 200
        replayed = browser.get(first)
        with_another_code = browser.get(second)
    _state_refused(replayed, "used already")
    _state_refused(with_another_code, "used already")
    connection = await _connection(service, tenant.id)
    assert connection.organization_id == mine["organizationId"]


async def test_an_expired_state_is_refused_before_lexoffice_is_asked(service: Service) -> None:
    tenant = await service.tenant(API_KEY + "expired")
    container = service.container
    assert container.oauth is not None
    now = service.clock.current
    state = parse_qs(
        urlsplit(
            begin(
                container.database.secrets,
                container.oauth,
                tenant.id,
                now,
                "v" * 64,
                browser_nonce="nonce",
                started_by="key:test",
            )
        ).query
    )["state"][0]
    calls = _token_calls(service)
    with pytest.raises(ConnectStateInvalid, match="unknown or expired"):
        await connect.finish(
            container.database.unit_of_work,
            container.database.secrets,
            container.oauth,
            container.gateways,
            state=state,
            browser_nonce="nonce",
            code="any",
            now=now + STATE_LIFETIME + timedelta(seconds=1),
            webhook_url=container.webhook_url,
        )
    assert _token_calls(service) == calls
    async with container.database.unit_of_work() as uow:
        assert await uow.tenant(tenant.id).connection.get() is None


async def test_a_declined_authorization_is_told_as_refused_and_stores_nothing(
    service: Service,
) -> None:
    key = API_KEY + "declined"
    tenant = await service.tenant(key)
    with _browser(service) as http:
        state = parse_qs(urlsplit(_start(http, key)).query)["state"][0]
        declined = http.get(
            "/v1/lexoffice/callback", params={"error": "access_denied", "state": state}
        )
        again = http.get(
            "/v1/lexoffice/callback", params={"error": "access_denied", "state": state}
        )
        forged = http.get(
            "/v1/lexoffice/callback", params={"error": "access_denied", "state": "forged"}
        )
    assert declined.status_code == 400, declined.text
    assert declined.headers["content-type"].startswith("application/problem+json")
    assert declined.json()["type"] == "/problems/lexoffice-authorization-refused"
    assert "access_denied" in declined.json()["detail"]
    _state_refused(again, "used already")
    assert forged.status_code == 409
    async with service.container.database.unit_of_work() as uow:
        assert await uow.tenant(tenant.id).connection.get() is None


async def test_an_expired_token_is_refreshed_once_and_the_rotated_one_stored(
    service: Service,
) -> None:
    org = service.sandbox.organization()
    tenant_id = await _connect_through_the_browser_flow(service, org)
    before = await _connection(service, tenant_id)
    calls_before = _token_calls(service)
    service.clock.current += timedelta(hours=2)
    first = await service.container.gateways.for_tenant(tenant_id)
    second = await service.container.gateways.for_tenant(tenant_id)
    profiles = await asyncio.gather(first.profile(), second.profile())
    after = await _connection(service, tenant_id)
    assert {p.organization_id for p in profiles} == {org["organizationId"]}
    assert _token_calls(service) == calls_before + 1
    assert after.refresh_token != before.refresh_token
    assert after.access_token != before.access_token
    assert after.expires_at is not None
    assert after.expires_at > service.clock.current
    reused = httpx.post(
        service.sandbox.url + "/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": before.refresh_token or ""},
        auth=(
            service.settings.lexoffice_client_id or "",
            service.settings.lexoffice_client_secret or "",
        ),
        trust_env=False,
    )
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"


async def test_revoked_tokens_leave_the_tenant_visibly_disconnected(service: Service) -> None:
    org = service.sandbox.organization()
    tenant_id = await _connect_through_the_browser_flow(service, org)
    service.sandbox.control("POST", f"/organizations/{org['organizationId']}/revoke-tokens")

    async def disconnected() -> bool:
        return (await _connection(service, tenant_id)).status is ConnectionStatus.DISCONNECTED

    await eventually(disconnected)
    connection = await _connection(service, tenant_id)
    assert connection.disconnected_reason == DisconnectReason(DisconnectCode.REVOKED)
    assert connection.access_token is None
    with service.api(API_KEY + org["organizationId"][:8]) as api:
        status = api.get("/v1/lexoffice/connection").json()
        sync = api.post("/v1/lexoffice/sync")
    assert status["connected"] is False
    assert status["disconnectedReason"] == "lexoffice hat den Zugriff widerrufen"
    assert status["disconnectedReasonCode"] == "revoked"
    [event] = _events(service, API_KEY + org["organizationId"][:8], "lexoffice.disconnected")
    assert (event["data"]["reasonCode"], event["data"]["reason"], event["data"]["kind"]) == (
        "revoked",
        "lexoffice hat den Zugriff widerrufen",
        "oauth",
    )
    assert sync.status_code == 409
    assert sync.json()["type"] == "/problems/lexoffice-not-connected"


async def test_a_refused_refresh_disconnects_instead_of_crashing(service: Service) -> None:
    org = service.sandbox.organization()
    tenant_id = await _connect_through_the_browser_flow(service, org)
    connection = await _connection(service, tenant_id)
    async with service.container.database.unit_of_work() as uow:
        await uow.tenant(tenant_id).connection.save(
            LexofficeConnection(
                ConnectionKind.OAUTH,
                organization_id=connection.organization_id,
                access_token="stale",
                refresh_token="not-a-refresh-token",
                expires_at=service.clock.current - timedelta(minutes=1),
            )
        )
    api = await service.container.gateways.for_tenant(tenant_id)
    async with events_refused(service.container.database.engine, "lexoffice.disconnected"):
        with pytest.raises(Exception, match=REFUSED):
            await api.profile()
    kept = await _connection(service, tenant_id)
    with pytest.raises(LexofficeDisconnected, match="invalid_grant"):
        await api.profile()
    with pytest.raises(LexofficeDisconnected):
        await (await service.container.gateways.for_tenant(tenant_id)).profile()
    after = await _connection(service, tenant_id)
    assert kept.status is ConnectionStatus.CONNECTED, "rolled back with its event"
    assert after.status is ConnectionStatus.DISCONNECTED
    assert after.disconnected_reason is not None
    assert after.disconnected_reason.code is DisconnectCode.REFRESH_REFUSED
    assert "invalid_grant" in after.disconnected_reason.english
    assert after.disconnected_reason.german == "lexoffice hat die Anmeldung nicht mehr angenommen"
    [event] = _events(service, API_KEY + org["organizationId"][:8], "lexoffice.disconnected")
    assert event["data"] == {
        "organizationId": org["organizationId"],
        "kind": "oauth",
        "reasonCode": "refresh_refused",
        "reason": "lexoffice hat die Anmeldung nicht mehr angenommen",
        "disconnectedAt": "2026-11-27T08:00:00Z",
    }


async def test_a_private_api_key_connects_and_a_wrong_one_is_refused(service: Service) -> None:
    org = service.sandbox.organization("Kita Sonnenblume")
    tenant = await service.tenant(API_KEY + "key")
    with service.api(API_KEY + "key") as api:
        wrong = api.post("/v1/lexoffice/api-key", json={"apiKey": "nope"})
        right = api.post("/v1/lexoffice/api-key", json={"apiKey": org["apiKey"]})
    assert wrong.status_code == 409
    assert wrong.json()["type"] == "/problems/lexoffice-key-refused"
    assert wrong.json()["detail"] == "lexoffice_api_key: lexoffice does not accept this key"
    assert right.status_code == 200, right.text
    assert (await _connection(service, tenant.id)).kind is ConnectionKind.API_KEY


async def test_calls_without_an_api_key_get_401_problem_json(service: Service) -> None:
    with httpx.Client(base_url=service.api_url, trust_env=False) as http:
        missing = http.get("/v1/lexoffice/connection")
        unknown = http.get(
            "/v1/lexoffice/connection", headers={"Authorization": "Bearer amk_" + "x" * 40}
        )
    for response in (missing, unknown):
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
