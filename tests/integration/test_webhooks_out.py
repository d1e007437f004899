"""Webhooks out on both engines, against a receiver on 127.0.0.1: endpoints per tenant (another
tenant's id answers 404), signed deliveries retried with backoff until taken, and an endpoint
refusing for three days disabled and its tenant told."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from automahntion.adapters.db.tables import WebhookDelivery as DeliveryRow
from automahntion.adapters.db.tables import WebhookEndpoint as EndpointRow
from automahntion.adapters.jobs.inprocess import InProcessJobs
from automahntion.app.events.records import EventType
from automahntion.app.review.attention import AttentionKind, attention_items, send_digest
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.app.webhooks.delivery import SWEEP_GRACE, sweep
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.web import create_app
from tests.integration.conftest import SECRET_KEY
from tests.sandbox_server import free_port, running
from tests.smtp_sink import Sink
from tests.webhook_receiver import Receiver


class Clock:
    def __init__(self) -> None:
        self.current = datetime.now(UTC).replace(microsecond=0)

    def now(self) -> datetime:
        return self.current


@dataclass
class World:
    container: Container
    clock: Clock
    receiver: Receiver
    url: str
    sink: Sink
    client: httpx.AsyncClient

    async def tenant(self, name: str) -> tuple[UUID, str]:
        key = "amk_" + uuid4().hex + uuid4().hex[:11]
        created = await create_tenant(
            self.container.database.unit_of_work,
            NewTenant(name, f"chef@{name.lower()}.example"),
            self.clock.now(),
            key,
        )
        return created.tenant.id, key

    async def record(self, tenant_id: UUID, type: EventType, number: str) -> str:
        async with self.container.database.unit_of_work() as uow:
            event_id = await uow.tenant(tenant_id).events.record(
                type, {"invoiceId": str(uuid4()), "invoiceNumber": number}, self.clock.now()
            )
        return str(event_id)

    async def settle(self) -> None:
        jobs = self.container.jobs
        assert isinstance(jobs, InProcessJobs)
        await jobs.drain()

    async def later(self, by: timedelta) -> None:
        """The clock moves on; the sweep queues what fell due."""
        self.clock.current += by + SWEEP_GRACE
        await sweep(self.container.webhooks)
        await self.settle()


@pytest.fixture(scope="module")
def receiver() -> Iterator[tuple[Receiver, str]]:
    box = Receiver()
    with running(box) as url:
        yield box, url


@pytest.fixture(params=("sqlite", "postgres"))
async def world(
    request: pytest.FixtureRequest,
    migrated_urls: dict[str, str],
    receiver: tuple[Receiver, str],
) -> AsyncIterator[World]:
    box, url = receiver
    box.received.clear()
    clock = Clock()
    with Sink() as sink:
        settings = Settings(
            database_url=migrated_urls[request.param],
            secret_key=SECRET_KEY,
            webhook_allow_loopback=True,
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            smtp_allow_private_hosts=True,
        )
        container = await Container.start(settings, clock)
        transport = httpx.ASGITransport(app=create_app(container))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield World(container, clock, box, url, sink, client)
        finally:
            await container.stop()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def _endpoint(world: World, key: str, **body: Any) -> dict[str, Any]:
    answer = await world.client.post("/v1/webhook-endpoints", json=body, headers=bearer(key))
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def _verified(callback: Any, secret: str) -> dict[str, Any]:
    """The body, once its signature holds as the `standardwebhooks` package computes it."""
    headers = callback.headers
    stamp = datetime.fromtimestamp(int(headers["webhook-timestamp"]), UTC)
    expected = Webhook(secret).sign(headers["webhook-id"], stamp, callback.body.decode())
    assert headers["webhook-signature"] == expected
    body: dict[str, Any] = json.loads(callback.body)
    assert body["id"] == headers["webhook-id"]
    return body


async def test_endpoints_are_kept_per_tenant_with_a_secret_shown_once(world: World) -> None:
    tenant, key = await world.tenant("Morgenrot")
    _, other_key = await world.tenant("Abendrot")
    created = await _endpoint(
        world, key, url=world.url + "/hooks", eventTypes=["invoice.paid", "message.sent"]
    )
    secret = created["secret"]
    assert secret.startswith("whsec_")
    assert created["enabled"] is True
    assert created["disabledReason"] is None
    path = f"/v1/webhook-endpoints/{created['id']}"
    listed = (await world.client.get("/v1/webhook-endpoints", headers=bearer(key))).json()
    one = (await world.client.get(path, headers=bearer(key))).json()
    assert [e["id"] for e in listed["items"]] == [created["id"]]
    assert "secret" not in listed["items"][0]
    assert "secret" not in one
    assert one["eventTypes"] == ["invoice.paid", "message.sent"]
    rows = await EndpointRow.select(EndpointRow.secret_encrypted).where(
        EndpointRow.tenant == tenant
    )
    assert secret not in rows[0]["secret_encrypted"]

    for foreign in (
        world.client.get(path, headers=bearer(other_key)),
        world.client.patch(path, json={"enabled": False}, headers=bearer(other_key)),
        world.client.delete(path, headers=bearer(other_key)),
    ):
        assert (await foreign).status_code == 404
    other_list = await world.client.get("/v1/webhook-endpoints", headers=bearer(other_key))
    assert other_list.json()["items"] == []

    refused = {
        "unknown type": {"url": world.url, "eventTypes": ["invoice.exploded"]},
        "plain http": {"url": "http://hooks.example.com/in"},
        "private": {"url": "https://10.1.2.3/in"},
        "metadata": {"url": "https://169.254.169.254/latest"},
        "unknown field": {"url": world.url, "secret": "whsec_mine"},
    }
    for why, body in refused.items():
        answer = await world.client.post("/v1/webhook-endpoints", json=body, headers=bearer(key))
        assert answer.status_code == 422, (why, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    patched = await world.client.patch(
        path, json={"eventTypes": ["invoice.whatever"]}, headers=bearer(key)
    )
    assert patched.status_code == 422
    changed = await world.client.patch(
        path, json={"eventTypes": [], "enabled": False}, headers=bearer(key)
    )
    assert changed.json()["eventTypes"] == []
    assert changed.json()["enabled"] is False

    reader = await world.client.post(
        "/v1/api-keys", json={"name": "nur lesen", "scopes": ["invoices:read"]}, headers=bearer(key)
    )
    limited = reader.json()["apiKey"]
    assert (
        await world.client.get("/v1/webhook-endpoints", headers=bearer(limited))
    ).status_code == 403
    assert (await world.client.delete(path, headers=bearer(key))).status_code == 204
    assert (await world.client.get(path, headers=bearer(key))).status_code == 404


async def test_a_refused_delivery_is_retried_with_the_same_id_until_it_is_taken(
    world: World,
) -> None:
    tenant, key = await world.tenant("Sonnenschein")
    paid_only = await _endpoint(world, key, url=world.url + "/paid", eventTypes=["invoice.paid"])
    everything = await _endpoint(world, key, url=world.url + "/all")
    world.receiver.answer_next(500, 503)
    event_id = await world.record(tenant, EventType.INVOICE_PAID, "RE-1")
    await world.settle()
    sent_id = await world.record(tenant, EventType.MESSAGE_SENT, "RE-2")
    await world.settle()
    first = list(world.receiver.received)
    assert {r.status for r in first if r.headers["webhook-id"] == event_id} == {500, 503}
    refused_paid = next(r for r in first if r.path == "/paid")
    Webhook(paid_only["secret"]).verify(refused_paid.body, refused_paid.headers)

    await world.later(timedelta(seconds=5))
    taken_paid = world.receiver.taken("/paid")
    taken_all = world.receiver.taken("/all")
    assert [r.headers["webhook-id"] for r in taken_paid] == [event_id]
    assert sorted(r.headers["webhook-id"] for r in taken_all) == sorted([event_id, sent_id])
    bodies = [_verified(r, paid_only["secret"]) for r in taken_paid]
    bodies += [_verified(r, everything["secret"]) for r in taken_all]
    listed = await world.client.get("/v1/events", headers=bearer(key))
    by_id = {e["id"]: e for e in listed.json()["items"]}
    assert all(body == by_id[body["id"]] for body in bodies)

    await world.later(timedelta(days=1))
    assert len(world.receiver.taken()) == 3, "nothing is delivered twice"
    states = await DeliveryRow.select(DeliveryRow.state, DeliveryRow.attempts).where(
        DeliveryRow.tenant == tenant
    )
    assert sorted((r["state"], r["attempts"]) for r in states) == [
        ("delivered", 1), ("delivered", 2), ("delivered", 2)
    ]  # fmt: skip


async def test_an_endpoint_refusing_for_three_days_is_disabled_and_its_tenant_told(
    world: World,
) -> None:
    tenant, key = await world.tenant("Lindenhof")
    dead = f"http://127.0.0.1:{free_port()}/gone"
    created = await _endpoint(world, key, url=dead)
    path = f"/v1/webhook-endpoints/{created['id']}"
    waiting = await world.record(tenant, EventType.INVOICE_NEEDS_ATTENTION, "RE-7")
    await world.settle()
    for _ in range(3):
        assert (await world.client.get(path, headers=bearer(key))).json()["enabled"] is True
        await world.later(timedelta(days=1))
    endpoint = (await world.client.get(path, headers=bearer(key))).json()
    assert endpoint["enabled"] is False
    assert "deaktiviert" in endpoint["disabledReason"]
    assert (
        "seit der Deaktivierung werden dem Endpunkt nicht zugestellt" in endpoint["disabledReason"]
    )
    assert "ConnectError" in endpoint["disabledReason"]
    items = await attention_items(world.container.database.unit_of_work, tenant, world.clock.now())
    told = [i for i in items if i.kind is AttentionKind.WEBHOOK_ENDPOINT_DISABLED]
    assert len(told) == 1
    assert dead in told[0].detail
    assert await send_digest(world.container.digest, tenant) == 1
    mail = world.sink.messages[-1]
    assert mail.envelope_to == ("chef@lindenhof.example",)
    text = mail.message.get_body(preferencelist=("plain",))
    assert text is not None
    assert dead in text.get_content()

    await world.record(tenant, EventType.INVOICE_PAID, "RE-8")
    await world.later(timedelta(days=1))
    assert world.receiver.taken() == []
    enabled = await world.client.patch(
        path, json={"url": world.url + "/back", "enabled": True}, headers=bearer(key)
    )
    assert enabled.json()["disabledReason"] is None
    await world.later(timedelta(minutes=1))
    assert [r.headers["webhook-id"] for r in world.receiver.taken("/back")] == [waiting]


async def test_a_cookie_one_endpoint_sets_never_goes_to_another_tenants_endpoint(
    world: World,
) -> None:
    """Two tenants' endpoints on one host (a shared receiver, one address behind a CDN): what
    one answers is no part of what the other is sent."""
    first, first_key = await world.tenant("Kastanie")
    second, second_key = await world.tenant("Ahornweg")
    world.receiver.headers_on["/kastanie"] = [("set-cookie", "session=kastanie-geheim; Path=/")]
    await _endpoint(world, first_key, url=world.url + "/kastanie")
    await _endpoint(world, second_key, url=world.url + "/ahornweg")
    await world.record(first, EventType.INVOICE_PAID, "RE-21")
    await world.settle()
    await world.record(second, EventType.INVOICE_PAID, "RE-22")
    await world.settle()
    await world.record(first, EventType.INVOICE_PAID, "RE-23")
    await world.settle()
    assert [(r.path, r.headers.get("cookie")) for r in world.receiver.taken()] == [
        ("/kastanie", None), ("/ahornweg", None), ("/kastanie", None)
    ]  # fmt: skip


async def test_waiting_deliveries_are_retried_after_the_endpoint_is_enabled_again_late(
    world: World,
) -> None:
    """Disabled after three days, fixed and enabled again after a week: the events that waited
    are delivered, also when the first attempt after enabling is refused once (a receiver
    coming back, or rate-limiting the deliveries that waited, all due at once)."""
    tenant, key = await world.tenant("Birkenallee")
    created = await _endpoint(world, key, url=f"http://127.0.0.1:{free_port()}/gone")
    path = f"/v1/webhook-endpoints/{created['id']}"
    waiting = await world.record(tenant, EventType.INVOICE_PAID, "RE-31")
    await world.settle()
    for _ in range(7):
        await world.later(timedelta(days=1))
    assert (await world.client.get(path, headers=bearer(key))).json()["enabled"] is False
    world.receiver.answer_next(429)
    enabled = await world.client.patch(
        path, json={"url": world.url + "/birke", "enabled": True}, headers=bearer(key)
    )
    assert enabled.json()["enabled"] is True
    await world.later(timedelta(minutes=1))
    assert [r.status for r in world.receiver.received] == [429]
    await world.later(timedelta(hours=10))  # its attempts go on where they were
    assert [r.headers["webhook-id"] for r in world.receiver.taken("/birke")] == [waiting]
