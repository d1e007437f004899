"""Fault tests on PostgreSQL with the lexoffice sandbox, a real SMTP server, `automahntion run`
as a process and `automahntion serve`: a cycle killed with SIGKILL in the middle of a
message, a mail server that drops the connection after DATA, and lexoffice answers that are
lost. Nothing is ever sent twice; every leftover is listed by `review list` and
`GET /v1/review`, and resolves through the command line and the API; what was not sent goes
out exactly once on the next sending day, and after what was sent the next level follows on
schedule."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from automahntion.app.daily import DailyPorts, run_day
from automahntion.app.lexoffice import connect
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.domain.calendar import BERLIN
from automahntion.domain.quota import Plan
from tests.integration.conftest import drop_postgres_database_later, migrated_postgres_database
from tests.integration.lexoffice_env import (
    Sandbox,
    TestClock,
    environment,
    serving_api,
    settings_for,
)
from tests.sandbox_server import free_port
from tests.smtp_sink import Sink

FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)
CYCLE_AT = "2026-11-27T08:00"
"""An hour before the clock of `automahntion serve` (lexoffice_env's CLOCK_START_TEXT): the
claims of these cycles are past the review's grace period for the API."""
REVIEW_AT = "2026-11-27T08:30"


@dataclass
class World:
    sandbox: Sandbox
    sink: Sink
    settings: Settings
    container: Container
    clock: TestClock
    api_url: str

    def at(self, day: date, hour: int = 8) -> None:
        self.sandbox.control("PUT", "/today", json={"date": day.isoformat()})
        moment = datetime.combine(day, clock_time(hour, 0), BERLIN)
        self.clock.current = moment.astimezone(UTC)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "automahntion", *args],
            capture_output=True,
            text=True,
            env=environment(self.settings),
            timeout=180,
            check=False,
        )

    def api(self, key: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.api_url,
            headers={"Authorization": f"Bearer {key}"},
            trust_env=False,
            timeout=30,
        )


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name, url = migrated_postgres_database()
    yield url
    drop_postgres_database_later(name)


def sink_settings(
    sandbox: Sandbox, postgres_url: str, api_url: str, sink: Sink, tmp_path: Path
) -> Settings:
    """The service's settings with mail to `sink` and documents under `tmp_path`."""
    return replace(
        settings_for(sandbox, postgres_url, api_url),
        mail_host=sink.host,
        mail_port=sink.port,
        mail_tls="none",
        mail_from="mahnung@automahntion.example",
        smtp_allow_private_hosts=True,
        documents_dir=str(tmp_path / "documents"),
    )


@asynccontextmanager
async def started_world(
    sandbox: Sandbox, postgres_url: str, tmp_path: Path, **start: Any
) -> AsyncIterator[World]:
    """The service as `automahntion run` builds it (no API), on Friday; `start` goes to
    `Container.start`."""
    with Sink() as sink:
        api_url = "http://127.0.0.1:9"
        settings = sink_settings(sandbox, postgres_url, api_url, sink, tmp_path)
        clock = TestClock()
        container = await Container.start(settings, clock, **start)
        try:
            world = World(sandbox, sink, settings, container, clock, api_url)
            world.at(FRIDAY)
            yield world
        finally:
            await container.stop()


@pytest.fixture
async def world(sandbox: Sandbox, postgres_url: str, tmp_path: Path) -> AsyncIterator[World]:
    with Sink() as sink:
        api_url = f"http://127.0.0.1:{free_port()}"
        settings = sink_settings(sandbox, postgres_url, api_url, sink, tmp_path)
        clock = TestClock()
        container = await Container.start(settings, clock)
        try:
            with serving_api(settings):
                world = World(sandbox, sink, settings, container, clock, api_url)
                world.at(FRIDAY)
                yield world
        finally:
            await container.stop()


async def _tenant(
    world: World, invoices: int, due: str, *, only: str | None = None
) -> tuple[UUID, str, str]:
    """A connected, synced tenant with `invoices` overdue invoices of one customer: (id, API
    key, organization id). Its sending hour is out of reach of the server's own schedule."""
    box = world.sandbox
    org = box.organization(f"Bäckerei {uuid.uuid4().hex[:6]}")
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    box.control(
        "POST",
        f"/organizations/{oid}/vouchers:bulk",
        json={
            "vouchers": [
                {
                    "voucherType": "invoice",
                    "voucherNumber": f"RE-{n:03}",
                    "voucherDate": "2026-10-01",
                    "dueDate": due,
                    "totalAmount": 119.0,
                    "contactId": cafe,
                }
                for n in range(1, invoices + 1)
            ]
        },
    )
    key = "amk_" + uuid.uuid4().hex * 2
    units = world.container.database.unit_of_work
    created = await create_tenant(
        units, NewTenant(org["companyName"], "chef@baeckerei.example"), world.clock.now(), key
    )
    tenant = created.tenant.id
    await connect.connect_api_key(
        units,
        world.container.gateways,
        tenant,
        org["apiKey"],
        now=world.clock.now(),
        webhook_url=world.container.webhook_url,
    )
    async with units() as uow:
        store = uow.tenant(tenant)
        settings = (await store.account.get()).settings
        await store.account.save_settings(replace(settings, sending_hour=23))
        await store.account.set_dunning_active(True)
        await store.account.set_activated(world.clock.now())
        await store.account.set_plan(Plan.PRO, None)
        if only is not None:
            levels = await store.levels.settings()
            await store.levels.replace_settings(
                [replace(s, enabled=s.level.value == only) for s in levels]
            )
    await sync_tenant(units, world.container.gateways, tenant, world.container.clock)
    return tenant, key, oid


async def _messages(world: World, tenant: UUID) -> list[SentMessage]:
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant)
        ids = [s.id for s in await store.invoices.all()]
        found = await store.messages.for_invoices(ids)
    return [m for messages in found.values() for m in messages]


def _received(world: World) -> Counter[str]:
    return Counter(str(m.message["Message-ID"]) for m in world.sink.messages)


def _listed(world: World, tenant: UUID) -> list[str]:
    done = world.cli("review", "list", "--tenant", str(tenant), "--as-of", REVIEW_AT)
    assert done.returncode == 0, done.stderr
    return [line.split()[0] for line in done.stdout.splitlines() if line.strip()]


def _listed_as_json(world: World, tenant: UUID) -> list[dict[str, Any]]:
    done = world.cli("review", "list", "--json", "--tenant", str(tenant), "--as-of", REVIEW_AT)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return list(json.loads(done.stdout))


def _api_items(world: World, key: str) -> list[dict[str, Any]]:
    with world.api(key) as api:
        response = api.get("/v1/review")
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def _resolve_by_api(world: World, key: str, item: str, outcome: str) -> httpx.Response:
    with world.api(key) as api:
        return api.post(f"/v1/review/{item}", json={"outcome": outcome})


def _resolve_by_cli(world: World, item: str, flag: str) -> subprocess.CompletedProcess[str]:
    return world.cli("review", "resolve", item, flag, "--as-of", REVIEW_AT)


async def test_a_server_dropping_after_data_leaves_every_message_for_review(world: World) -> None:
    tenant, key, _ = await _tenant(world, 5, "2026-11-20")
    world.sink.lose_reply_next(3)
    world.sink.lose_reply_next(2, take=False)
    world.at(FRIDAY)
    report = (await run_day(DailyPorts(world.container.dunning), tenant)).cycle
    assert [line.outcome for line in report.lines] == [
        "left in 'sending' for review: the server may have taken it"
    ] * 5
    leftovers = await _messages(world, tenant)
    assert {m.state for m in leftovers} == {MessageState.SENDING}
    taken = set(_received(world))
    assert len(taken) == 3

    by_id = {str(m.id): m for m in leftovers}
    assert sorted(_listed(world, tenant)) == sorted(by_id)
    items = _api_items(world, key)
    assert sorted(i["id"] for i in items) == sorted(by_id)
    assert {(i["kind"], i["level"], i["channel"]) for i in items} == {
        ("messageSending", "R1", "email")
    }
    assert all("BCC" in i["reason"] for i in items)
    scripted = _listed_as_json(world, tenant)
    assert {i.pop("tenantId") for i in scripted} == {str(tenant)}
    assert sorted(scripted, key=lambda i: i["id"]) == sorted(items, key=lambda i: i["id"])

    went_out = [i for i in sorted(by_id) if by_id[i].message_id in taken]
    lost = [i for i in sorted(by_id) if by_id[i].message_id not in taken]
    for item in went_out[:2]:
        assert _resolve_by_cli(world, item, "--sent").returncode == 0
    assert _resolve_by_api(world, key, went_out[2], "sent").status_code == 200
    done = _resolve_by_cli(world, lost[0], "--not-sent")
    assert (done.returncode, done.stdout.strip().endswith("recorded as not sent")) == (0, True)
    resolved = _resolve_by_api(world, key, lost[1], "notSent")
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["item"]["id"] == lost[1]

    again = _resolve_by_api(world, key, went_out[0], "notSent")
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["type"].endswith("/not-open-for-review")
    twice = _resolve_by_cli(world, lost[0], "--sent")
    assert twice.returncode == 1
    assert twice.stderr.strip().count("\n") == 0
    assert "nothing to review" in twice.stderr
    assert _resolve_by_api(world, key, str(uuid.uuid4()), "sent").status_code == 404
    assert _listed(world, tenant) == ["nothing"]

    _, other_key, _ = await _tenant(world, 0, "2026-11-20")
    assert _resolve_by_api(world, other_key, lost[0], "sent").status_code == 404
    assert _api_items(world, other_key) == []

    world.at(MONDAY)
    monday = (await run_day(DailyPorts(world.container.dunning), tenant)).cycle
    assert [line.outcome for line in monday.lines] == ["sent", "sent"]
    received = _received(world)
    assert set(received) == {m.message_id for m in leftovers}
    assert set(received.values()) == {1}

    numbers = await _invoice_numbers(world, tenant)
    number_of = {str(m.id): numbers[m.invoice_id] for m in leftovers}
    sent_on = {}
    for day in (date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 7)):
        world.at(day)
        lines = (await run_day(DailyPorts(world.container.dunning), tenant)).cycle.lines
        sent_on[day] = sorted(line.invoice_number for line in lines if line.outcome == "sent")
    assert sent_on == {
        date(2026, 12, 3): [],
        date(2026, 12, 4): sorted(number_of[i] for i in went_out),
        date(2026, 12, 7): sorted(number_of[i] for i in lost),
    }


async def _invoice_numbers(world: World, tenant: UUID) -> dict[UUID, str]:
    async with world.container.database.unit_of_work() as uow:
        return {s.id: s.invoice.voucher_number for s in await uow.tenant(tenant).invoices.all()}


async def test_a_cycle_killed_in_the_middle_of_a_message_sends_nothing_twice(
    world: World,
) -> None:
    tenant, key, _ = await _tenant(world, 40, "2026-11-20")
    world.sink.delay_replies(0.4)
    process = subprocess.Popen(
        [sys.executable, "-m", "automahntion", "run", "--tenant", str(tenant), "--as-of", CYCLE_AT],
        env=environment(world.settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not (len(world.sink.messages) >= 10 and world.sink.replies_held):
            assert process.poll() is None, "the cycle ended before it could be killed"
            assert time.monotonic() < deadline, "the cycle did not get to its tenth message"
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    world.sink.delay_replies(0)

    messages = await _messages(world, tenant)
    [left] = [m for m in messages if m.state is MessageState.SENDING]
    received = _received(world)
    assert left.message_id in received
    assert set(received.values()) == {1}
    assert _listed(world, tenant) == [str(left.id)]
    assert [i["id"] for i in _api_items(world, key)] == [str(left.id)]
    assert _resolve_by_api(world, key, str(left.id), "sent").status_code == 200

    done = world.cli("run", "--tenant", str(tenant), "--as-of", "2026-11-27T10:00")
    assert done.returncode == 0, done.stderr
    received = _received(world)
    assert len(received) == 40, done.stdout
    assert set(received.values()) == {1}
    states = Counter(m.state for m in await _messages(world, tenant))
    assert states == Counter({MessageState.SENT: 40})


async def test_lost_lexoffice_answers_are_looked_up_then_reviewed(world: World) -> None:
    """In the order the cycle makes them: the first POST /v1/dunnings is lost before lexoffice
    made the dunning (uncertain; reviewed as not sent), the second after (adopted at once),
    the third gets a 500 (made again next day), the fourth is lost like the first and the
    owner says it went out."""
    tenant, key, oid = await _tenant(world, 4, "2026-11-13", only="M1")
    for fault in (
        {"hangUp": True, "execute": False},
        {"hangUp": True},
        {"status": 500},
        {"hangUp": True, "execute": False},
    ):
        world.sandbox.control(
            "POST", "/faults", json={"pathPrefix": "/v1/dunnings", "method": "POST", **fault}
        )
    friday = (await run_day(DailyPorts(world.container.dunning), tenant)).cycle
    assert [line.outcome[:24] for line in friday.lines] == [
        "needs attention: the dun",
        "sent",
        "needs attention: lexoffi",
        "needs attention: the dun",
    ]
    lost, adopted, failed, owned = (line.invoice_number for line in friday.lines)
    listed = _api_items(world, key)
    held = [i for i in listed if i["kind"] == "messageHeld"]
    assert [(i["invoiceNumber"], i["level"]) for i in held] == [(failed, "M1")]
    assert "lexoffice hat die Mahnung nicht angelegt" in held[0]["reason"]
    assert held[0]["reasonCode"] == "dunning_not_created"
    items = sorted(
        (i for i in listed if i["kind"] != "messageHeld"), key=lambda i: i["invoiceNumber"] != lost
    )
    assert [(i["invoiceNumber"], i["kind"], i["level"]) for i in items] == [
        (lost, "documentUncertain", "M1"),
        (owned, "documentUncertain", "M1"),
    ]
    assert all("lexoffice" in i["reason"] for i in items)
    # the e-mail never went: "sent" must not read as "lexoffice shows the document"
    assert all(i["reason"].startswith("Die Mahnung wurde nicht verschickt") for i in items)
    assert sorted(_listed(world, tenant)) == sorted(i["id"] for i in listed)
    assert _resolve_by_cli(world, items[0]["id"], "--not-sent").returncode == 0
    again = _resolve_by_api(world, key, items[0]["id"], "notSent")  # its document is gone
    assert again.status_code == 409, again.text
    assert _resolve_by_api(world, key, items[1]["id"], "sent").status_code == 200
    assert _api_items(world, key) == held, "a held message resolves itself on the next day"

    world.at(MONDAY)
    monday = (await run_day(DailyPorts(world.container.dunning), tenant)).cycle
    assert sorted((line.invoice_number, line.outcome) for line in monday.lines) == sorted(
        [(lost, "sent"), (failed, "sent")]
    )
    assert _api_items(world, key) == []
    dunnings = world.sandbox.control("GET", f"/organizations/{oid}/dunnings")["dunnings"]
    assert len(dunnings) == 3
    subjects = Counter(str(m.message["Subject"]) for m in world.sink.messages)
    last = "1. und letzte Mahnung"  # M1 is the tenant's only enabled level
    assert subjects == Counter({f"{last}: Rechnung {n}": 1 for n in (lost, adopted, failed)})
    assert set(_received(world).values()) == {1}
    for mail in world.sink.messages:
        attached = [p.get_content_type() for p in mail.message.iter_attachments()]
        assert attached == ["application/pdf"]


async def _bundle_left_sending(world: World, *, take: bool) -> tuple[UUID, str, list[SentMessage]]:
    """Three invoices of one customer in one e-mail (one message per customer) whose answer
    was lost: (tenant, API key, the three messages left `sending`)."""
    tenant, key, _ = await _tenant(world, 3, "2026-11-20")
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant)
        settings = (await store.account.get()).settings
        await store.account.save_settings(replace(settings, one_message_per_customer=True))
    world.sink.lose_reply_next(1, take=take)
    world.at(FRIDAY)
    await run_day(DailyPorts(world.container.dunning), tenant)
    left = await _messages(world, tenant)
    assert [m.state for m in left] == [MessageState.SENDING] * 3
    assert len({m.message_id for m in left}) == 1
    assert len(_received(world)) == int(take)
    return tenant, key, left


async def test_an_e_mail_of_several_invoices_is_one_decision_not_sent(world: World) -> None:
    """The owner decides on the e-mail, not on one of its invoices: "not sent" for one makes
    all of them due again, and they go out once, together, on the next sending day (before,
    the other invoices stayed listed, and an owner answering "sent" for them, as the same
    e-mail, counted a level as sent that no customer ever got)."""
    tenant, key, left = await _bundle_left_sending(world, take=False)
    assert sorted(i["id"] for i in _api_items(world, key)) == sorted(str(m.id) for m in left)
    assert _resolve_by_api(world, key, str(left[0].id), "notSent").status_code == 200
    assert _api_items(world, key) == []
    for other in left[1:]:
        again = _resolve_by_api(world, key, str(other.id), "sent")
        assert again.status_code == 409, again.text

    world.at(MONDAY)
    monday = (await run_day(DailyPorts(world.container.dunning), tenant)).cycle
    assert [line.outcome.split(" (")[0] for line in monday.lines] == ["sent"] * 3
    assert list(_received(world).values()) == [1]
    states = Counter(m.state for m in await _messages(world, tenant))
    assert states == Counter({MessageState.SENT: 3})


async def test_an_e_mail_of_several_invoices_is_one_decision_sent(world: World) -> None:
    """ "Sent" for one of its invoices counts the level as sent for all of them: none of them is
    listed any more nor sent again, and their next level follows on schedule."""
    tenant, _, left = await _bundle_left_sending(world, take=True)
    done = _resolve_by_cli(world, str(left[1].id), "--sent")
    assert done.returncode == 0, done.stderr
    assert _listed(world, tenant) == ["nothing"]
    states = Counter(m.state for m in await _messages(world, tenant))
    assert states == Counter({MessageState.SENT: 3})
    world.at(MONDAY)
    monday = (await run_day(DailyPorts(world.container.dunning), tenant)).cycle
    assert [line for line in monday.lines if line.outcome.startswith("sent")] == []
    assert list(_received(world).values()) == [1]
