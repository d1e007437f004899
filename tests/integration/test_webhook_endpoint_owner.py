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
from typing import Any

import httpx

from automahntion.app.events.records import EventType
from tests.integration import test_webhooks_out
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
