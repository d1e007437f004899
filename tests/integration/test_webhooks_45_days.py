"""Issue 18, "done means": 45 simulated days of dunning against the lexoffice sandbox and a real
SMTP server, with two webhook endpoints on a receiver that refuses the first deliveries and
some later ones. Each endpoint takes every event it asked for exactly once, each signature
holds (as the `standardwebhooks` package computes it), and the bodies are the events
`GET /v1/events` lists."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from automahntion.adapters.jobs.inprocess import InProcessJobs
from automahntion.app.daily import DailyPorts, run_day
from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.app.webhooks.delivery import sweep
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.web import create_app
from automahntion.domain.calendar import BERLIN
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.sandbox_server import running
from tests.smtp_sink import Sink
from tests.webhook_receiver import Received, Receiver

START = date(2026, 11, 27)
DAYS = 45
ASKED = ["message.sent", "invoice.paid", "invoice.needs_attention"]


@dataclass
class World:
    sandbox: Sandbox
    sink: Sink
    container: Container
    clock: TestClock
    receiver: Receiver
    receiver_url: str

    def at(self, day: date) -> None:
        self.sandbox.control("PUT", "/today", json={"date": day.isoformat()})
        self.clock.current = datetime.combine(day, time(7, 0), BERLIN).astimezone(UTC)

    async def settle(self) -> None:
        jobs = self.container.jobs
        assert isinstance(jobs, InProcessJobs)
        await jobs.drain()
        await sweep(self.container.webhooks)
        await jobs.drain()


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    box = Receiver()
    with running(box) as url:
        yield box, url


@pytest.fixture
async def world(
    sandbox: Sandbox, tmp_path: Path, receiver: tuple[Receiver, str]
) -> AsyncIterator[World]:
    url = migrated_sqlite_at(tmp_path / "webhook-days.sqlite3")
    clock = TestClock()
    with Sink() as sink:
        settings = replace(
            settings_for(sandbox, url, "http://127.0.0.1:9"),
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            mail_from="mahnung@automahntion.example",
            documents_dir=str(tmp_path / "documents"),
            webhook_allow_loopback=True,
        )
        container = await Container.start(settings, clock)
        try:
            yield World(sandbox, sink, container, clock, *receiver)
        finally:
            await container.stop()


def _invoice(box: Sandbox, org: str, number: str, due: str, contact: str) -> str:
    voucher_date = (date.fromisoformat(due) - timedelta(days=14)).isoformat()
    return box.voucher(
        org,
        voucherNumber=number,
        voucherDate=voucher_date,
        dueDate=due,
        totalAmount=100.0,
        contactId=contact,
    )


async def _tenant(world: World) -> tuple[Any, str, dict[str, str]]:
    """A connected, active tenant with overdue invoices; its API key; voucher ids by number."""
    box = world.sandbox
    world.at(START)
    org = box.organization("Bäckerei Sonnenschein GmbH")
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    hotel = box.contact(oid, "Hotel Lindenhof", office=["info@hotel.example"])
    vouchers = {
        "RE-A": _invoice(box, oid, "RE-A", "2026-11-24", cafe),
        "RE-B": _invoice(box, oid, "RE-B", "2026-12-09", cafe),
        "RE-C": _invoice(box, oid, "RE-C", "2026-12-18", hotel),
        "RE-D": _invoice(box, oid, "RE-D", "2026-11-20", hotel),
        "RE-F": _invoice(box, oid, "RE-F", "2026-10-28", hotel),
    }
    key = "amk_" + "sonnenschein".ljust(43, "x")
    units = world.container.database.unit_of_work
    created = await create_tenant(
        units,
        NewTenant("Bäckerei Sonnenschein GmbH", "chef@baeckerei.example"),
        world.clock.now(),
        key,
        await verify_api_key(world.container.gateways, org["apiKey"]),
    )
    await activate(units, created.tenant.id, world.clock.now())
    return created.tenant.id, key, {"org": oid, **vouchers}


async def _endpoint(client: httpx.AsyncClient, key: str, **body: Any) -> str:
    answer = await client.post(
        "/v1/webhook-endpoints", json=body, headers={"Authorization": f"Bearer {key}"}
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["secret"])


async def _listed(client: httpx.AsyncClient, key: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100} | ({"cursor": cursor} if cursor else {})
        page = (
            await client.get(
                "/v1/events", params=params, headers={"Authorization": f"Bearer {key}"}
            )
        ).json()
        items += page["items"]
        cursor = page["nextCursor"]
        if not page["items"]:
            return items


def _verified(received: Received, secret: str) -> dict[str, Any]:
    headers = received.headers
    stamp = datetime.fromtimestamp(int(headers["webhook-timestamp"]), UTC)
    signed = Webhook(secret).sign(headers["webhook-id"], stamp, received.body.decode())
    assert headers["webhook-signature"] == signed
    body: dict[str, Any] = json.loads(received.body)
    assert body["id"] == headers["webhook-id"]
    return body


async def test_every_event_of_45_days_reaches_each_endpoint_once_signed(world: World) -> None:
    tenant, key, vouchers = await _tenant(world)
    box, oid = world.sandbox, vouchers["org"]
    transport = httpx.ASGITransport(app=create_app(world.container))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        secrets = {
            "/asked": await _endpoint(
                client, key, url=world.receiver_url + "/asked", eventTypes=ASKED
            ),
            "/all": await _endpoint(client, key, url=world.receiver_url + "/all"),
        }
        world.receiver.answer_next(500, 502, 503, 500)
        world.sink.refuse_next(1, 550, "5.1.1 Mailbox unavailable", at="rcpt")
        ports = DailyPorts(
            world.container.dunning, world.container.thank_yous, world.container.digest
        )
        for offset in range(DAYS):
            day = START + timedelta(days=offset)
            world.at(day)
            payments = {date(2026, 12, 10): "RE-D", date(2026, 12, 28): "RE-B"}
            if day in payments:
                box.control(
                    "POST",
                    f"/organizations/{oid}/vouchers/{vouchers[payments[day]]}/payments",
                    json={"amount": 100.0},
                )
            if day == date(2026, 12, 21):
                world.receiver.answer_next(503, 500, 504, 500, 503, 502)
            await run_day(ports, tenant)
            await world.settle()
        for _ in range(2):
            world.clock.current += timedelta(days=1)
            await world.settle()
        events = await _listed(client, key)

    kinds = Counter(e["type"] for e in events)
    assert kinds["message.sent"] >= 10, kinds
    assert kinds["invoice.paid"] == 2, kinds
    assert kinds["invoice.needs_attention"] >= 1, kinds
    assert kinds["message.failed"] >= 1, kinds
    by_id = {e["id"]: e for e in events}
    asked = {e["id"] for e in events if e["type"] in ASKED}
    refused = [r for r in world.receiver.received if r.status >= 500]
    assert len(refused) == 10
    for path, wanted in (("/asked", asked), ("/all", set(by_id))):
        taken = world.receiver.taken(path)
        counts = Counter(r.headers["webhook-id"] for r in taken)
        assert set(counts) == wanted, path
        assert set(counts.values()) == {1}, f"{path}: an event was taken twice"
        for received in taken:
            assert _verified(received, secrets[path]) == by_id[received.headers["webhook-id"]]
    assert {r.headers["webhook-id"] for r in refused} <= asked | set(by_id)
