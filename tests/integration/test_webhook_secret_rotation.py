"""Rotating a webhook endpoint's signing secret, on both engines, against a receiver on
127.0.0.1 (Standard Webhooks): the new secret shown once; for 24 hours by the injected clock
every delivery carries `v1,<new> v1,<previous>`, retries of events queued before the rotation
included; then only the new one. A second rotation within the grace period drops the oldest
secret; an `Idempotency-Key` retry answers the same secret and rotates once; another tenant's
endpoint answers 404."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from standardwebhooks.webhooks import Webhook

from automahntion.adapters.db.tables import WebhookEndpoint as EndpointRow
from automahntion.app.events.records import EventType
from tests.integration import test_webhooks_out
from tests.integration.test_webhooks_out import World, _endpoint, bearer
from tests.webhook_receiver import Received

world = test_webhooks_out.world
receiver = test_webhooks_out.receiver

PROBLEM = "application/problem+json"


def _rfc3339(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def _rotate(world: World, key: str, endpoint_id: str, **headers: str) -> dict[str, Any]:
    answer = await world.client.post(
        f"/v1/webhook-endpoints/{endpoint_id}/secret/rotate", headers=bearer(key) | headers
    )
    assert answer.status_code == 200, answer.text
    rotated: dict[str, Any] = answer.json()
    return rotated


def _signatures(callback: Received) -> list[str]:
    return callback.headers["webhook-signature"].split(" ")


def _signed_by(callback: Received, secret: str) -> bool:
    """Whether one of the callback's signatures is the one the `standardwebhooks` package
    computes with `secret` (its `verify` also checks the timestamp against the wall clock,
    which the tests' injected clock has left behind)."""
    headers = callback.headers
    stamp = datetime.fromtimestamp(int(headers["webhook-timestamp"]), UTC)
    expected = Webhook(secret).sign(headers["webhook-id"], stamp, callback.body.decode())
    return expected in _signatures(callback)


def _delivered(world: World, event_id: str) -> Received:
    (taken,) = [r for r in world.receiver.taken() if r.headers["webhook-id"] == event_id]
    return taken


async def test_for_a_day_after_a_rotation_deliveries_carry_the_new_and_the_previous_signature(
    world: World,
) -> None:
    tenant, key = await world.tenant("Wendelstein")
    created = await _endpoint(world, key, url=world.url + "/wendel")
    first = created["secret"]
    world.receiver.answer_next(500)
    queued_before = await world.record(tenant, EventType.INVOICE_PAID, "RE-41")
    await world.settle()
    assert world.receiver.taken() == []

    rotated_at = world.clock.now()
    rotation = await _rotate(world, key, created["id"], **{"Idempotency-Key": "rotate-1"})
    second = rotation["secret"]
    assert second.startswith("whsec_")
    assert second != first
    assert rotation == {
        "secret": second,
        "previousSecretExpiresAt": _rfc3339(rotated_at + timedelta(hours=24)),
    }
    replay = await world.client.post(
        f"/v1/webhook-endpoints/{created['id']}/secret/rotate",
        headers=bearer(key) | {"Idempotency-Key": "rotate-1"},
    )
    assert replay.status_code == 200
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == rotation, "a retry answers the same secret and rotates once"
    shown = await world.client.get(f"/v1/webhook-endpoints/{created['id']}", headers=bearer(key))
    assert "secret" not in shown.json()
    rows = await EndpointRow.select(
        EndpointRow.secret_encrypted, EndpointRow.previous_secret_encrypted
    ).where(EndpointRow.tenant == tenant)
    assert all(s not in str(rows) for s in (first, second)), "both kept sealed"

    await world.later(timedelta(seconds=5))
    retried = _delivered(world, queued_before)
    assert len(_signatures(retried)) == 2
    assert _signatures(retried)[0].startswith("v1,")
    Webhook(second).verify(retried.body, retried.headers)
    Webhook(first).verify(retried.body, retried.headers)

    world.clock.current = rotated_at + timedelta(hours=23)
    within = await world.record(tenant, EventType.MESSAGE_SENT, "RE-42")
    await world.settle()
    assert [_signed_by(_delivered(world, within), s) for s in (second, first)] == [True, True]

    world.clock.current = rotated_at + timedelta(hours=24)
    after = await world.record(tenant, EventType.MESSAGE_SENT, "RE-43")
    await world.settle()
    expired = _delivered(world, after)
    assert len(_signatures(expired)) == 1
    assert _signed_by(expired, second)
    assert not _signed_by(expired, first)


async def test_a_second_rotation_within_the_grace_period_keeps_only_the_secret_before_it(
    world: World,
) -> None:
    tenant, key = await world.tenant("Zugspitze")
    created = await _endpoint(world, key, url=world.url + "/zug")
    first = created["secret"]
    second = (await _rotate(world, key, created["id"]))["secret"]
    world.clock.current += timedelta(hours=2)
    again_at = world.clock.now()
    again = await _rotate(world, key, created["id"], **{"Idempotency-Key": "rotate-2"})
    third = again["secret"]
    assert again["previousSecretExpiresAt"] == _rfc3339(again_at + timedelta(hours=24))

    event = await world.record(tenant, EventType.INVOICE_PAID, "RE-51")
    await world.settle()
    delivered = _delivered(world, event)
    assert len(_signatures(delivered)) == 2
    assert [_signed_by(delivered, s) for s in (third, second, first)] == [True, True, False]

    world.clock.current = again_at + timedelta(hours=24, seconds=1)
    last = await world.record(tenant, EventType.INVOICE_PAID, "RE-52")
    await world.settle()
    only = _delivered(world, last)
    assert [_signed_by(only, s) for s in (third, second, first)] == [True, False, False]
    assert len(_signatures(only)) == 1


async def test_only_the_tenant_holding_the_endpoint_with_webhooks_write_may_rotate(
    world: World,
) -> None:
    tenant, key = await world.tenant("Watzmann")
    _, other_key = await world.tenant("Hochkalter")
    created = await _endpoint(world, key, url=world.url + "/watz")
    path = f"/v1/webhook-endpoints/{created['id']}/secret/rotate"
    for foreign in (
        world.client.post(path, headers=bearer(other_key)),
        world.client.post(
            "/v1/webhook-endpoints/00000000-0000-4000-8000-000000000000/secret/rotate",
            headers=bearer(key),
        ),
    ):
        answer = await foreign
        assert answer.status_code == 404, answer.text
        assert answer.headers["content-type"].startswith(PROBLEM)
    reader = await world.client.post(
        "/v1/api-keys",
        json={"name": "nur lesen", "scopes": ["webhooks:read"]},
        headers=bearer(key),
    )
    refused = await world.client.post(path, headers=bearer(reader.json()["apiKey"]))
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith(PROBLEM)

    event = await world.record(tenant, EventType.INVOICE_PAID, "RE-61")
    await world.settle()
    unchanged = _delivered(world, event)
    assert len(_signatures(unchanged)) == 1
    Webhook(created["secret"]).verify(unchanged.body, unchanged.headers)
