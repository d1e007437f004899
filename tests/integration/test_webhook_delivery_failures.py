"""A delivery attempt that fails other than by an unreachable endpoint (here: its secret no
longer opens, as after a change of the secret key) counts as a refused attempt on both engines:
retried with backoff and the endpoint disabled after three days saying why, instead of being
taken again by every sweep for ever."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from automahntion.adapters.db.tables import WebhookDelivery as DeliveryRow
from automahntion.adapters.db.tables import WebhookEndpoint as EndpointRow
from automahntion.app.events.records import EventType
from tests.integration import test_webhooks_out
from tests.integration.test_webhooks_out import World, _endpoint, bearer

world = test_webhooks_out.world
receiver = test_webhooks_out.receiver


async def _delivery(tenant: UUID) -> dict[str, object]:
    [row] = await DeliveryRow.select(
        DeliveryRow.state,
        DeliveryRow.attempts,
        DeliveryRow.next_attempt_at,
        DeliveryRow.last_error,
    ).where(DeliveryRow.tenant == tenant)
    return row


async def test_an_attempt_failing_unexpectedly_is_counted_and_backs_off(world: World) -> None:
    tenant, key = await world.tenant("Rebhang")
    made = await _endpoint(world, key, url=world.url + "/sealed")
    await EndpointRow.update({EndpointRow.secret_encrypted: "gAAAA-not-a-sealed-secret"}).where(
        EndpointRow.id == UUID(made["id"])
    )
    started = world.clock.now()
    await world.record(tenant, EventType.INVOICE_PAID, "RE-1")
    await world.settle()
    first = await _delivery(tenant)
    assert first["attempts"] == 1
    assert first["state"] == "pending"
    assert first["next_attempt_at"] == started + timedelta(seconds=5)
    assert "SecretUnreadable" in str(first["last_error"])

    await world.later(timedelta(minutes=1))
    await world.later(timedelta(minutes=1))
    assert (await _delivery(tenant))["attempts"] == 2, "backoff: not again at every sweep"

    for _ in range(4):
        await world.later(timedelta(days=1))
    path = f"/v1/webhook-endpoints/{made['id']}"
    shown = (await world.client.get(path, headers=bearer(key))).json()
    assert shown["enabled"] is False
    assert "SecretUnreadable" in shown["disabledReason"]
    assert world.receiver.taken() == []
