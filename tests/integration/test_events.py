"""Events out: a short run records `message.sent`, `message.failed`, `invoice.needs_attention`
and `invoice.paid` with the change they tell of, listed by `GET /v1/events` after a cursor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from automahntion.app.daily import DailyPorts, run_day
from automahntion.app.events.records import EventType
from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.web import create_app
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.smtp_sink import Sink

REFUSAL = "5.1.1 Mailbox unavailable"


@dataclass
class World:
    container: Container
    clock: TestClock
    sink: Sink
    sandbox: Sandbox


@pytest.fixture
async def world(sandbox: Sandbox, tmp_path: Path) -> AsyncIterator[World]:
    url = migrated_sqlite_at(tmp_path / "events.sqlite3")
    clock = TestClock()
    with Sink() as sink:
        settings = replace(
            settings_for(sandbox, url, "http://127.0.0.1:9"),
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            mail_from="no-reply@automahntion.example",
        )
        container = await Container.start(settings, clock)
        try:
            yield World(container, clock, sink, sandbox)
        finally:
            await container.stop()


async def short_run(world: World) -> tuple[UUID, str, str]:
    """Two overdue invoices: the reminder of RE-1 is refused, RE-2's goes out; then RE-2 is
    paid and the next sync sees it. Returns the tenant, its API key and RE-2's voucher id."""
    sandbox = world.sandbox
    org = sandbox.organization("Morgenrot")
    oid = org["organizationId"]
    contact = sandbox.contact(oid, "Kunde", business=["kunde@morgenrot.example"])
    for number in ("RE-1", "RE-2"):
        voucher = sandbox.voucher(
            oid, voucherNumber=number, dueDate="2026-11-20", totalAmount=10.0, contactId=contact
        )
    key = "amk_" + "morgenrot".ljust(43, "x")
    units = world.container.database.unit_of_work
    created = await create_tenant(
        units,
        NewTenant("Morgenrot", "chef@morgenrot.example"),
        world.clock.now(),
        key,
        await verify_api_key(world.container.gateways, org["apiKey"]),
    )
    tenant_id = created.tenant.id
    await activate(units, tenant_id, world.clock.now())
    world.sink.refuse_next(1, 550, REFUSAL, at="rcpt")
    container = world.container
    await run_day(DailyPorts(container.dunning, container.thank_yous, container.digest), tenant_id)
    world.clock.current += timedelta(hours=2)
    sandbox.control(
        "POST", f"/organizations/{oid}/vouchers/{voucher}/payments", json={"amount": 10.0}
    )
    await sync_tenant(units, container.gateways, tenant_id, world.clock)
    return tenant_id, key, voucher


async def _all_events(client: httpx.AsyncClient, key: str, limit: int) -> tuple[list[Any], str]:
    items: list[Any] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        answer = await client.get(
            "/v1/events", params=params, headers={"Authorization": f"Bearer {key}"}
        )
        assert answer.status_code == 200, answer.text
        page = answer.json()
        items += page["items"]
        cursor = page["nextCursor"]
        if not page["items"]:
            return items, cursor


async def test_a_short_run_is_listed_in_commit_order_and_a_cursor_returns_only_news(
    world: World,
) -> None:
    tenant_id, key, _ = await short_run(world)
    app = create_app(world.container)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        events, cursor = await _all_events(client, key, limit=1)
        again = await client.get(
            "/v1/events", params={"cursor": cursor}, headers={"Authorization": f"Bearer {key}"}
        )
        foreign = await client.get(
            "/v1/events", params={"cursor": "00"}, headers={"Authorization": f"Bearer {key}"}
        )
        paid = await client.get(
            "/v1/events",
            params={"type": "invoice.paid"},
            headers={"Authorization": f"Bearer {key}"},
        )

    kinds = [e["type"] for e in events]
    assert sorted(kinds) == sorted(
        ["message.failed", "invoice.needs_attention", "message.sent", "invoice.paid"]
    )
    assert kinds.index("message.failed") < kinds.index("invoice.needs_attention")
    assert kinds[-1] == "invoice.paid"
    assert [e["sequence"] for e in events] == [1, 2, 3, 4]
    assert len({e["id"] for e in events}) == 4
    by_kind = {e["type"]: e for e in events}
    attention = by_kind["invoice.needs_attention"]["data"]
    assert "Empfängeradresse ist unbekannt" in attention["detail"]
    assert attention["reasonCode"] == by_kind["message.failed"]["data"]["reasonCode"]
    assert attention["reasonCode"] is not None
    assert by_kind["invoice.needs_attention"]["data"]["reason"] == "message_failed"
    assert by_kind["message.sent"]["data"]["level"] == "R1"
    assert by_kind["invoice.paid"]["data"]["invoiceNumber"] == "RE-2"
    assert (
        by_kind["invoice.paid"]["data"]["invoiceId"] == by_kind["message.sent"]["data"]["invoiceId"]
    )
    assert again.json() == {"items": [], "nextCursor": cursor}
    assert [e["type"] for e in paid.json()["items"]] == ["invoice.paid"]
    assert foreign.json()["items"] == events, "a cursor not of ours counts as the start"
    async with world.container.database.unit_of_work() as uow:
        stored = await uow.tenant(tenant_id).events.after(0, 10, {EventType.MESSAGE_SENT})
    assert [e.data["invoiceId"] for e in stored] == [by_kind["message.sent"]["data"]["invoiceId"]]


async def test_an_event_is_rolled_back_with_the_change_it_tells_of(world: World) -> None:
    tenant_id, _, _ = await short_run(world)
    units = world.container.database.unit_of_work

    async def failing_change() -> None:
        async with units() as uow:
            await uow.tenant(tenant_id).events.record(
                EventType.INVOICE_PAID, {"invoiceId": "x"}, world.clock.now()
            )
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        await failing_change()
    async with units() as uow:
        events = await uow.tenant(tenant_id).events.after(0, 10)
        await uow.tenant(tenant_id).events.record(
            EventType.INVOICE_PAID, {"invoiceId": "y"}, world.clock.now()
        )
    async with units() as uow:
        after = await uow.tenant(tenant_id).events.after(4, 10)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert [(e.seq, e.data["invoiceId"]) for e in after] == [(5, "y")]
