"""Against the lexoffice sandbox over HTTP: each invoice's language read ahead after the sync (or
right before its first message) and kept, English invoices written to in English, and the
dunning lexoffice keeps: its title, its introduction, its lines adding up to what the mail asks,
and its PDF laid out inside the page."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.daily import DailyPorts, run_day
from automahntion.app.dunning import run_cycle
from automahntion.app.lexoffice.connect import connect_api_key
from automahntion.app.lexoffice.languages import read_ahead
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.domain.calendar import BERLIN
from automahntion.domain.levels import Level, default_levels
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.smtp_sink import Sink

START = date(2026, 11, 27)


@dataclass
class World:
    sandbox: Sandbox
    sink: Sink
    container: Container
    clock: TestClock
    folder: Path

    def at(self, day: date) -> None:
        self.sandbox.control("PUT", "/today", json={"date": day.isoformat()})
        self.clock.current = datetime.combine(day, time(7, 0), BERLIN).astimezone(UTC)


@pytest.fixture(params=["sqlite", "postgres"])
async def world(
    request: pytest.FixtureRequest,
    migrated_urls: dict[str, str],
    sandbox: Sandbox,
    tmp_path: Path,
) -> AsyncIterator[World]:
    """On both engines: PostgreSQL reads the cycle's invoices in a statement of its own."""
    url = migrated_urls[request.param]
    settings = replace(
        settings_for(sandbox, url, "http://127.0.0.1:9"),
        mail_from="mahnung@automahntion.example",
        documents_dir=str(tmp_path / "documents"),
    )
    clock = TestClock()
    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host, sink.port, settings.mail_from, tls="none", allow_private_hosts=True
        )
        container = await Container.start(settings, clock, mail=mail)
        try:
            yield World(sandbox, sink, container, clock, tmp_path)
        finally:
            await container.stop()


async def _tenant(world: World, org: dict[str, Any], *, m1_fee: int = 0) -> UUID:
    units = world.container.database.unit_of_work
    created = await create_tenant(
        units,
        NewTenant(org["companyName"], "chef@" + org["organizationId"][:8] + ".example"),
        world.clock.now(),
        "amk_" + org["organizationId"].replace("-", "") * 2,
    )
    tenant = created.tenant.id
    await connect_api_key(
        units,
        world.container.gateways,
        tenant,
        org["apiKey"],
        now=world.clock.now(),
        webhook_url="http://127.0.0.1:9/v1/webhooks/lexoffice",
    )
    levels = [replace(s, fee_cents=m1_fee) if s.level is Level.M1 else s for s in default_levels()]
    async with units() as uow:
        await uow.tenant(tenant).levels.replace_settings(levels)
    await activate(units, tenant, world.clock.now())
    return tenant


def _seed(world: World) -> tuple[dict[str, Any], str, str]:
    box = world.sandbox
    org = box.organization("Hotel Lindenhof GmbH")
    oid = org["organizationId"]
    guest = box.contact(oid, "Lakeside Ltd", business=["accounts@lakeside.example"])
    cafe = box.contact(oid, "Café Morgenrot", business=["kasse@morgenrot.example"])
    english = box.voucher(
        oid,
        voucherNumber="RE-EN",
        voucherDate="2026-11-10",
        dueDate="2026-11-24",
        totalAmount=123.80,
        contactId=guest,
        language="en",
    )
    german = box.voucher(
        oid,
        voucherNumber="RE-DE",
        voucherDate="2026-11-10",
        dueDate="2026-11-24",
        totalAmount=50.0,
        contactId=cafe,
    )
    return org, english, german


async def _languages(world: World, tenant: UUID) -> dict[str, str | None]:
    async with world.container.database.unit_of_work() as uow:
        stored = await uow.tenant(tenant).invoices.all()
    return {s.invoice.voucher_number: s.invoice.language for s in stored}


async def test_languages_are_read_ahead_outside_the_sync_and_kept(world: World) -> None:
    world.at(START)
    org, english, german = _seed(world)
    oid = org["organizationId"]
    tenant = await _tenant(world, org)
    units, gateways = world.container.database.unit_of_work, world.container.gateways
    await sync_tenant(units, gateways, tenant, world.clock)
    assert await _languages(world, tenant) == {"RE-EN": None, "RE-DE": None}
    world.sandbox.clear_requests()
    assert await read_ahead(units, gateways, tenant, world.clock) == 2
    paths = sorted(r["path"] for r in world.sandbox.requests(oid, "/v1"))
    assert paths == sorted(f"/v1/invoices/{i}" for i in (english, german))
    assert await _languages(world, tenant) == {"RE-EN": "en", "RE-DE": "de"}
    world.sandbox.clear_requests()
    await sync_tenant(units, gateways, tenant, world.clock)
    assert await read_ahead(units, gateways, tenant, world.clock) == 0
    assert not world.sandbox.requests(oid, "/v1/invoices")
    assert await _languages(world, tenant) == {"RE-EN": "en", "RE-DE": "de"}, "kept"


async def test_the_read_ahead_keeps_to_its_budget_earliest_due_first(world: World) -> None:
    world.at(START)
    org, *_ = _seed(world)
    oid = org["organizationId"]
    earlier = world.sandbox.voucher(
        oid,
        voucherNumber="RE-OLD",
        voucherDate="2026-10-01",
        dueDate="2026-10-15",
        totalAmount=10.0,
        contactId=world.sandbox.contact(oid, "Alt GmbH", business=["alt@alt.example"]),
        language="en",
    )
    tenant = await _tenant(world, org)
    units, gateways = world.container.database.unit_of_work, world.container.gateways
    await sync_tenant(units, gateways, tenant, world.clock)
    world.sandbox.clear_requests()
    assert await read_ahead(units, gateways, tenant, world.clock, budget=1) == 1
    assert [r["path"] for r in world.sandbox.requests(oid, "/v1")] == [f"/v1/invoices/{earlier}"]
    assert await _languages(world, tenant) == {"RE-OLD": "en", "RE-EN": None, "RE-DE": None}
    assert await read_ahead(units, gateways, tenant, world.clock, budget=1) == 1
    read = await _languages(world, tenant)
    assert sorted(n for n, language in read.items() if language) == ["RE-DE", "RE-OLD"], (
        "the next run goes on"
    )


async def test_an_unread_language_is_read_before_the_first_message(world: World) -> None:
    world.at(START)
    org, english, _ = _seed(world)
    tenant = await _tenant(world, org)
    units, gateways = world.container.database.unit_of_work, world.container.gateways
    await sync_tenant(units, gateways, tenant, world.clock)
    world.sandbox.clear_requests()
    report = await run_cycle(world.container.dunning, tenant)
    assert [line.outcome for line in report.lines] == ["sent", "sent"]
    read = [r["path"] for r in world.sandbox.requests(org["organizationId"], "/v1/invoices")]
    assert f"/v1/invoices/{english}" in read
    subjects = sorted(str(m.message["Subject"]) for m in world.sink.messages)
    assert subjects == ["Payment reminder: invoice RE-EN", "Zahlungserinnerung: Rechnung RE-DE"]
    assert (await _languages(world, tenant))["RE-EN"] == "en"


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (503, "the invoice's language could not be read"),
        (404, "needs attention: lexoffice does not deliver the invoice's details (language)"),
    ],
)
async def test_no_first_message_goes_out_in_a_language_that_was_not_read(
    world: World, status: int, outcome: str
) -> None:
    world.at(START)
    org, english, _ = _seed(world)
    tenant = await _tenant(world, org)
    units, gateways = world.container.database.unit_of_work, world.container.gateways
    await sync_tenant(units, gateways, tenant, world.clock)
    fault = {"status": status, "count": 20, "pathPrefix": f"/v1/invoices/{english}"}
    world.sandbox.control("POST", "/faults", json=fault)
    report = await run_cycle(world.container.dunning, tenant)
    outcomes = {line.invoice_number: line.outcome for line in report.lines}
    assert outcomes["RE-DE"] == "sent"
    assert outcomes["RE-EN"].startswith(outcome), outcomes["RE-EN"]
    assert [str(m.message["Subject"]) for m in world.sink.messages] == [
        "Zahlungserinnerung: Rechnung RE-DE"
    ]
    assert (await _languages(world, tenant))["RE-EN"] is None


def _pdf_words(pdf: bytes, folder: Path) -> tuple[str, list[tuple[float, float, float, float]]]:
    path = folder / "dunning.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(html.replace("<!DOCTYPE", "<!--").replace('.dtd">', '.dtd"-->'))
    boxes = [
        tuple(float(word.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax"))
        for word in root.iter("{http://www.w3.org/1999/xhtml}word")
    ]
    return text, boxes  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("number", "title", "open_text", "total_text"),
    [
        ("RE-EN", "1st reminder", "EUR 123.80", "EUR 128.80"),
        ("RE-DE", "1. Mahnung", "50,00 €", "55,00 €"),
    ],
)
async def test_the_lexoffice_dunning_asks_what_the_mail_asks_in_the_invoice_language(
    world: World, number: str, title: str, open_text: str, total_text: str
) -> None:
    world.at(START)
    org, *_ = _seed(world)
    oid = org["organizationId"]
    tenant = await _tenant(world, org, m1_fee=500)
    await run_day(DailyPorts(world.container.dunning), tenant)
    world.at(START + timedelta(days=11))
    later = (await run_day(DailyPorts(world.container.dunning), tenant)).cycle
    assert [line.level for line in later.lines] == [Level.M1, Level.M1]
    dunnings = world.sandbox.control("GET", f"/organizations/{oid}/dunnings")["dunnings"]
    bodies = [
        world.sandbox.http.get(f"/v1/dunnings/{d['id']}", headers=_auth(org)).json()
        for d in dunnings
    ]
    dunning = next(b for b in bodies if b["relatedVouchers"][0]["voucherNumber"] == number)
    assert dunning["title"] == title
    assert number in dunning["introduction"]
    assert open_text in dunning["introduction"]
    assert total_text in dunning["introduction"]
    amounts = [item["lineItemAmount"] for item in dunning["lineItems"]]
    assert len(amounts) == 2, "the open amount and the fee, each a line of its own"
    assert dunning["totalPrice"]["totalGrossAmount"] == pytest.approx(sum(amounts))
    mail = next(
        m.message
        for m in world.sink.messages
        if str(m.message["Subject"]).endswith((f"Rechnung {number}", f"invoice {number}"))
        and (
            "Mahnung" in str(m.message["Subject"]) or "formal reminder" in str(m.message["Subject"])
        )
    )
    body = str(mail.get_body(preferencelist=("plain",)).get_content())
    asked = body.replace("\xa0", " ")
    assert total_text in asked, "the mail asks the document's total, in the invoice's language"
    pdf = next(a for a in mail.iter_attachments()).get_content()
    text, boxes = _pdf_words(pdf, world.folder)
    assert title in text
    assert total_text in text
    assert not re.search(r"(?<![\d.,])0,00 €|EUR 0\.00", text), "no total of nothing"
    assert boxes
    assert all(x0 >= 0 and x1 <= 595 and y0 >= 0 and y1 <= 842 for x0, y0, x1, y1 in boxes)
    margin = 20 * 72 / 25.4
    assert all(x1 <= 595 - margin + 1 for _, _, x1, _ in boxes), "nothing crosses the right margin"


def _auth(org: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {org['apiKey']}"}
