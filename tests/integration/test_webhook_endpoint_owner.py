"""A webhook endpoint answers to the credential that registered it, on both engines, against a
receiver on 127.0.0.1.

- `feedback.received` goes only to endpoints registered by a caller holding `feedback:read`
  (`GET /v1/events` hides those events from the others): an empty filter of a
  `webhooks:write`-only key takes every other event; naming feedback without the scope is a
  403 at create and at PATCH.
- Revoking the API key or the OAuth grant that registered an endpoint disables it, saying why;
  enabling it again with another key makes that key its credential.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

import httpx

from automahntion.adapters.db.tables import WebhookDelivery as DeliveryRow
from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.events.records import EventType
from automahntion.app.webhooks.delivery import WITHHELD
from automahntion.app.webhooks.records import CREDENTIAL_REVOKED
from tests.integration import test_webhooks_out
from tests.integration.test_oauth_widgets import _code, _exchange
from tests.integration.test_webhooks_out import World, _endpoint, bearer

world = test_webhooks_out.world
receiver = test_webhooks_out.receiver

PROBLEM = "application/problem+json"


async def _key(world: World, key: str, name: str, scopes: list[str] | None) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name}
    if scopes is not None:
        body["scopes"] = scopes
    answer = await world.client.post("/v1/api-keys", json=body, headers=bearer(key))
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def _shown(world: World, key: str, endpoint_id: str) -> dict[str, Any]:
    answer = await world.client.get(f"/v1/webhook-endpoints/{endpoint_id}", headers=bearer(key))
    assert answer.status_code == 200, answer.text
    shown: dict[str, Any] = answer.json()
    return shown


def _types_on(world: World, path: str) -> list[str]:
    return [json.loads(r.body)["type"] for r in world.receiver.taken(path)]


def _refused_for_scope(answer: httpx.Response) -> None:
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    problem = answer.json()
    assert problem["status"] == 403
    assert "feedback:read" in problem["detail"]


async def test_without_feedback_read_an_endpoint_gets_every_event_but_feedback(
    world: World,
) -> None:
    tenant, key = await world.tenant("Kornblume")
    widget = (await _key(world, key, "Widget", ["webhooks:write", "webhooks:read"]))["apiKey"]
    everything = await _endpoint(world, key, url=world.url + "/owner")
    await _endpoint(world, widget, url=world.url + "/widget")
    await world.record(tenant, EventType.INVOICE_PAID, "RE-1")
    await world.record(tenant, EventType.FEEDBACK_RECEIVED, "RE-2")
    await world.settle()
    assert sorted(_types_on(world, "/owner")) == ["feedback.received", "invoice.paid"]
    assert _types_on(world, "/widget") == ["invoice.paid"]

    moved = await world.client.patch(
        f"/v1/webhook-endpoints/{everything['id']}",
        json={"url": world.url + "/moved"},
        headers=bearer(widget),
    )
    assert moved.status_code == 200, moved.text
    await world.record(tenant, EventType.FEEDBACK_RECEIVED, "RE-3")
    await world.record(tenant, EventType.MESSAGE_SENT, "RE-4")
    await world.settle()
    assert _types_on(world, "/moved") == ["message.sent"], "feedback follows no moved URL"

    asked = await world.client.post(
        "/v1/webhook-endpoints",
        json={"url": world.url + "/asked", "eventTypes": ["feedback.received"]},
        headers=bearer(key),
    )
    assert asked.status_code == 201, asked.text
    await world.record(tenant, EventType.FEEDBACK_RECEIVED, "RE-5")
    await world.settle()
    assert _types_on(world, "/asked") == ["feedback.received"]


async def test_feedback_waiting_for_a_retry_is_not_sent_where_a_widget_moved_it(
    world: World,
) -> None:
    tenant, key = await world.tenant("Distelweg")
    widget = (await _key(world, key, "Widget", ["webhooks:write"]))["apiKey"]
    owner = await _endpoint(world, key, url=world.url + "/owner")
    world.receiver.answer_next(500)
    await world.record(tenant, EventType.FEEDBACK_RECEIVED, "RE-1")
    await world.settle()
    assert [r.status for r in world.receiver.received] == [500]

    moved = await world.client.patch(
        f"/v1/webhook-endpoints/{owner['id']}",
        json={"url": world.url + "/moved"},
        headers=bearer(widget),
    )
    assert moved.status_code == 200, moved.text
    await world.later(timedelta(seconds=5))
    assert [r.path for r in world.receiver.received] == ["/owner"]
    rows = await DeliveryRow.select(DeliveryRow.state, DeliveryRow.last_error).where(
        DeliveryRow.tenant == tenant
    )
    assert [(r["state"], r["last_error"]) for r in rows] == [("failed", WITHHELD)]


async def test_naming_feedback_without_feedback_read_is_refused(world: World) -> None:
    _, key = await world.tenant("Mohnfeld")
    widget = (await _key(world, key, "Widget", ["webhooks:write", "webhooks:read"]))["apiKey"]
    limited = await _endpoint(world, widget, url=world.url + "/widget", eventTypes=[])
    named = {"url": world.url + "/named", "eventTypes": ["invoice.paid", "feedback.received"]}
    _refused_for_scope(
        await world.client.post("/v1/webhook-endpoints", json=named, headers=bearer(widget))
    )
    _refused_for_scope(
        await world.client.patch(
            f"/v1/webhook-endpoints/{limited['id']}",
            json={"eventTypes": ["feedback.received"]},
            headers=bearer(widget),
        )
    )
    listed = await world.client.get("/v1/webhook-endpoints", headers=bearer(key))
    assert [(e["url"], e["eventTypes"]) for e in listed.json()["items"]] == [(limited["url"], [])]


async def test_a_revoked_api_keys_endpoints_stop_and_say_why(world: World) -> None:
    tenant, key = await world.tenant("Wiesengrund")
    widget = await _key(world, key, "Widget", ["webhooks:write"])
    mine = await _endpoint(world, key, url=world.url + "/owner")
    theirs = await _endpoint(world, widget["apiKey"], url=world.url + "/widget")

    revoked = await world.client.delete(f"/v1/api-keys/{widget['id']}", headers=bearer(key))
    assert revoked.status_code == 204, revoked.text
    shown = await _shown(world, key, theirs["id"])
    assert shown["enabled"] is False
    assert shown["disabledReason"] == CREDENTIAL_REVOKED
    assert "widerrufen" in shown["disabledReason"]
    assert (await _shown(world, key, mine["id"]))["enabled"] is True
    await world.record(tenant, EventType.INVOICE_PAID, "RE-1")
    await world.settle()
    assert _types_on(world, "/owner") == ["invoice.paid"]
    assert _types_on(world, "/widget") == []

    second = await _key(world, key, "Zweiter", None)
    enabled = await world.client.patch(
        f"/v1/webhook-endpoints/{theirs['id']}",
        json={"enabled": True},
        headers=bearer(second["apiKey"]),
    )
    assert enabled.status_code == 200, enabled.text
    assert enabled.json()["enabled"] is True
    assert enabled.json()["disabledReason"] is None
    await world.settle()
    await world.record(tenant, EventType.FEEDBACK_RECEIVED, "RE-2")
    await world.settle()
    assert _types_on(world, "/widget") == ["feedback.received"], "the second key's right"

    gone = await world.client.delete(f"/v1/api-keys/{second['id']}", headers=bearer(key))
    assert gone.status_code == 204
    again = await _shown(world, key, theirs["id"])
    assert again["enabled"] is False, "it answers to the key that enabled it again"
    assert again["disabledReason"] == CREDENTIAL_REVOKED


async def _grant(
    world: World, http: httpx.AsyncClient, admin: dict[str, str], api_key: str, scope: str
) -> tuple[str, dict[str, Any]]:
    registered = await http.post(
        "/v1/admin/oauth-clients",
        json={
            "name": "Mahnungs-Widget",
            "redirectUris": ["http://127.0.0.1:9/widget/callback"],
            "scopes": scope.split(),
            "confidential": False,
        },
        headers=admin,
    )
    assert registered.status_code == 201, registered.text
    client_id: str = registered.json()["clientId"]
    verifier = secrets.token_urlsafe(48)
    code = await _code(http, client_id, scope, api_key, verifier)
    issued = await _exchange(http, client_id, code, verifier)
    assert issued.status_code == 200, issued.text
    return client_id, {"code": code, "verifier": verifier, "id": registered.json()["id"]} | (
        issued.json()
    )


async def test_a_revoked_oauth_grants_endpoints_stop_and_say_why(world: World) -> None:
    tenant, key = await world.tenant("Heideblick")
    admin = await issue_admin_token(
        world.container.database.unit_of_work, "owner tests", world.clock.now()
    )
    admins = bearer(admin.token)
    scope = "webhooks:write webhooks:read"
    http = world.client
    client_id, first = await _grant(world, http, admins, key, scope)
    made = await _endpoint(world, first["access_token"], url=world.url + "/revoked")
    refreshed = await http.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": client_id,
        },
    )
    assert refreshed.status_code == 200, refreshed.text
    renewed = refreshed.json()["access_token"]
    assert (await _shown(world, renewed, made["id"]))["enabled"] is True
    ended = await http.post("/oauth/revoke", data={"token": renewed, "client_id": client_id})
    assert ended.status_code == 200
    shown = await _shown(world, key, made["id"])
    assert shown["enabled"] is False, "the grant ended, through every refresh"
    assert shown["disabledReason"] == CREDENTIAL_REVOKED

    _, second = await _grant(world, http, admins, key, scope)
    by_client = await _endpoint(world, second["access_token"], url=world.url + "/client")
    removed = await http.delete(f"/v1/admin/oauth-clients/{second['id']}", headers=admins)
    assert removed.status_code == 204
    assert (await _shown(world, key, by_client["id"]))["disabledReason"] == CREDENTIAL_REVOKED

    third_client, third = await _grant(world, http, admins, key, scope)
    replayed = await _endpoint(world, third["access_token"], url=world.url + "/replayed")
    again = await _exchange(http, third_client, third["code"], third["verifier"])
    assert again.status_code == 400
    assert (await _shown(world, key, replayed["id"]))["disabledReason"] == CREDENTIAL_REVOKED

    await world.record(tenant, EventType.INVOICE_PAID, "RE-1")
    await world.settle()
    assert world.receiver.taken() == []
