"""The payment re-check against the lexoffice sandbox over HTTP, counting its requests: a day of
due e-mails costs a few voucher-list pages and one payments read per invoice that left the list
(paid, voided), where it cost one payments read per message before."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs
from uuid import UUID

import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.dunning import Outcome, run_cycle
from automahntion.app.lexoffice.connect import connect_api_key
from automahntion.app.lexoffice.languages import read_ahead
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.quota import Plan
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.smtp_sink import Sink

DUE = 30


@dataclass
class World:
    sandbox: Sandbox
    sink: Sink
    container: Container
    org: str
    tenant: UUID
    ids: list[str]


@pytest.fixture
async def world(sandbox: Sandbox, tmp_path: Any) -> AsyncIterator[World]:
    url = migrated_sqlite_at(tmp_path / "recheck.sqlite3")
    settings = replace(
        settings_for(sandbox, url, "http://127.0.0.1:9"), mail_from="mahnung@automahntion.example"
    )
    clock = TestClock()
    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host, sink.port, settings.mail_from, tls="none", allow_private_hosts=True
        )
        container = await Container.start(settings, clock, mail=mail)
        try:
            org = sandbox.organization("Großhandel Nord")
            oid = org["organizationId"]
            ids = _seed(sandbox, oid, DUE)
            tenant = await _connected(container, clock, org)
            yield World(sandbox, sink, container, oid, tenant, ids)
        finally:
            await container.stop()


def _seed(box: Sandbox, org: str, count: int, prefix: str = "RE") -> list[str]:
    contacts = [box.contact(org, f"Kunde {n}", business=[f"k{n}@kunde.example"]) for n in range(5)]
    vouchers = [
        {
            "voucherType": "invoice",
            "voucherNumber": f"{prefix}-{n:03d}",
            "voucherDate": "2026-10-01",
            "dueDate": "2026-11-20",
            "totalAmount": 100.0,
            "contactId": contacts[n % len(contacts)],
        }
        for n in range(count)
    ]
    path = f"/organizations/{org}/vouchers:bulk"
    created = box.control("POST", path, json={"vouchers": vouchers})
    return list(created["ids"])


async def _connected(container: Container, clock: TestClock, org: dict[str, Any]) -> UUID:
    units = container.database.unit_of_work
    created = await create_tenant(
        units,
        NewTenant(org["companyName"], "chef@grosshandel.example", plan=Plan.PRO),
        clock.now(),
        "amk_" + org["organizationId"].replace("-", "") * 2,
    )
    tenant_id = created.tenant.id
    await connect_api_key(
        units,
        container.gateways,
        tenant_id,
        org["apiKey"],
        now=clock.now(),
        webhook_url="http://127.0.0.1:9/v1/webhooks/lexoffice",
    )
    await activate(units, tenant_id, clock.now())
    await sync_tenant(units, container.gateways, tenant_id, container.clock)
    await read_ahead(units, container.gateways, tenant_id, container.clock)
    return tenant_id


def _voucher(world: World, n: int, action: str, **body: Any) -> None:
    path = f"/organizations/{world.org}/vouchers/{world.ids[n]}/{action}"
    world.sandbox.control("POST", path, json=body)


def _paths(world: World) -> list[str]:
    return [entry["path"] for entry in world.sandbox.requests(world.org, "/v1")]


async def test_a_day_of_due_e_mails_costs_three_list_requests_and_a_read_per_closed_invoice(
    world: World,
) -> None:
    _voucher(world, 0, "payments", amount=100.0)
    _voucher(world, 1, "void")
    _voucher(world, 2, "status", status="sepadebit")
    _voucher(world, 3, "status", status="transferred")
    _voucher(world, 4, "payments", amount=40.0)
    world.sandbox.clear_requests()
    report = await run_cycle(world.container.dunning, world.tenant)
    outcomes = {line.invoice_number: (line.kind, line.outcome) for line in report.lines}
    assert outcomes["RE-000"] == (Outcome.NOT_SENT, "not sent: lexoffice says paid, open 0")
    assert outcomes["RE-001"] == (Outcome.NOT_SENT, "not sent: lexoffice says voided, open 0")
    assert outcomes["RE-002"][1] == "not sent: lexoffice says sepadebit, open 10000"
    assert outcomes["RE-003"][1] == "not sent: lexoffice says transferred, open 10000"
    sent = [number for number, (kind, _) in outcomes.items() if kind is Outcome.SENT]
    assert len(sent) == DUE - 4 == len(world.sink.messages)
    paths = _paths(world)
    assert paths.count("/v1/voucherlist") == 3, "open, sepadebit, transferred"
    assert sorted(p for p in paths if p.startswith("/v1/payments")) == sorted(
        f"/v1/payments/{world.ids[n]}" for n in (0, 1)
    ), "read alone: only the invoices that left the list"
    assert len(paths) == 5, f"one read per message would have been {DUE}: {paths}"
    reduced = next(m for m in world.sink.messages if "RE-004" in str(m.message["Subject"]))
    body = reduced.message.get_body(preferencelist=("plain",))
    assert "60,00" in str(body.get_content()), "the amount open now, as the list shows it"


async def test_the_list_is_read_per_status_and_page_up_to_the_latest_voucher_date(
    world: World,
) -> None:
    more = _seed(world.sandbox, world.org, 260, prefix="NEU")
    _voucher(world, 0, "status", status="sepadebit")
    _voucher(world, 1, "status", status="transferred")
    _voucher(world, 2, "void")
    async with world.container.database.unit_of_work() as uow:
        invoices = [s.invoice for s in await uow.tenant(world.tenant).invoices.all()]
    api = await world.container.gateways.for_tenant(world.tenant)
    world.sandbox.clear_requests()
    states = await api.listed_payment_states(invoices)
    assert {states[world.ids[n]].status for n in (0, 1)} == {
        InvoiceStatus.SEPADEBIT,
        InvoiceStatus.TRANSFERRED,
    }
    assert world.ids[2] not in states, "voided: left the list"
    assert set(states) == {i.lexoffice_id for i in invoices} - {world.ids[2]}
    assert not set(more) & set(states), "only the invoices asked for"
    logged = world.sandbox.requests(world.org, "/v1/voucherlist")
    queries = [parse_qs(entry["query"]) for entry in logged]
    open_pages = math.ceil((DUE - 3 + 260) / 250)
    assert [q["voucherStatus"] for q in queries] == [["open"]] * open_pages + [
        ["sepadebit"],
        ["transferred"],
    ]
    assert {q["voucherDateTo"][0] for q in queries} == {"2026-10-01"}


async def test_one_unreadable_amount_in_the_list_holds_no_other_message(world: World) -> None:
    """An amount `Decimal` overflows on (`"1e999999999"`) in the list raised
    `decimal.Overflow` out of the batched re-check: every message of the tenant's day was held,
    and the list was read again for each. Now that invoice is read alone, and all are sent."""
    path = f"/organizations/{world.org}/records/{world.ids[0]}/malformed"
    bad = {"set": {"openAmount": "1e999999999"}, "views": ["voucherlist"]}
    world.sandbox.control("PUT", path, json=bad)
    world.sandbox.clear_requests()
    report = await run_cycle(world.container.dunning, world.tenant)
    outcomes = {line.invoice_number: line.kind for line in report.lines}
    assert outcomes == {f"RE-{n:03d}": Outcome.SENT for n in range(DUE)}
    assert len(world.sink.messages) == DUE
    paths = _paths(world)
    assert paths.count("/v1/voucherlist") == 3
    assert [p for p in paths if p.startswith("/v1/payments")] == [f"/v1/payments/{world.ids[0]}"]


async def test_an_unreadable_payment_state_fails_the_recheck_of_its_message_only(
    world: World,
) -> None:
    """An invoice whose amount the list and the payments read both give unreadable: its message
    is not sent and is due again the next sending day, as when lexoffice cannot be asked (the
    re-check failed, for invalid data), not held as an unexpected failure; the others go out."""
    path = f"/organizations/{world.org}/records/{world.ids[0]}/malformed"
    bad = {"set": {"openAmount": "1e999999999"}, "views": ["voucherlist", "payments"]}
    world.sandbox.control("PUT", path, json=bad)
    report = await run_cycle(world.container.dunning, world.tenant)
    lines = {line.invoice_number: line for line in report.lines}
    assert {number: line.kind for number, line in lines.items() if number != "RE-000"} == {
        f"RE-{n:03d}": Outcome.SENT for n in range(1, DUE)
    }
    unreadable = lines["RE-000"]
    assert unreadable.kind is Outcome.NOT_SENT, unreadable
    assert unreadable.outcome.startswith("payment re-check failed ("), unreadable.outcome
    assert unreadable.outcome.endswith("): due again next sending day")
    assert "Betrag nicht lesbar" in unreadable.outcome
    assert len(world.sink.messages) == DUE - 1
