"""The owner hears of trouble: `GET /v1/attention` lists it, and the daily run mails a German
digest to the account through the no-reply transport, only on days with something new."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from automahntion.adapters.db.tables import LexofficeConnection as ConnectionRow
from automahntion.adapters.jobs.inprocess import InProcessJobs
from automahntion.app import daily
from automahntion.app.daily import DailyPorts, run_day
from automahntion.app.lexoffice.connect import mark_disconnected, verify_api_key
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason
from automahntion.app.post.letters import apply_letter_event
from automahntion.app.post.provider import LetterEvent, LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.app.review.attention import attention_items
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.web import create_app
from automahntion.cli.threaded import serving
from automahntion.domain.day_plan import SYNC_TOO_OLD
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import (
    CLOCK_START_TEXT,
    Sandbox,
    TestClock,
    environment,
    settings_for,
)
from tests.smtp_sink import ReceivedMail, Sink

REFUSAL = "5.1.1 Mailbox unavailable"
REFUSAL_DE = "die E-Mail wurde nicht zugestellt (die Empfängeradresse ist unbekannt oder gesperrt)"
"""The tenant reads the refusal's kind in German, never the server's English words."""


@dataclass
class World:
    container: Container
    clock: TestClock
    sink: Sink
    sandbox: Sandbox

    async def tenant(self, name: str, account_email: str) -> tuple[UUID, str]:
        org = self.sandbox.organization(name)
        contact = self.sandbox.contact(
            org["organizationId"], "Kunde", business=[f"kunde@{name.lower()}.example"]
        )
        self.sandbox.voucher(
            org["organizationId"],
            voucherNumber="RE-1",
            dueDate="2026-11-20",
            totalAmount=10.0,
            contactId=contact,
        )
        key = "amk_" + name.lower().ljust(43, "x")[:43]
        created = await create_tenant(
            self.container.database.unit_of_work,
            NewTenant(name, account_email),
            self.clock.now(),
            key,
            await verify_api_key(self.container.gateways, org["apiKey"]),
        )
        await activate(self.container.database.unit_of_work, created.tenant.id, self.clock.now())
        return created.tenant.id, key

    async def day(self, tenant_id: UUID) -> None:
        container = self.container
        ports = DailyPorts(container.dunning, container.thank_yous, container.digest)
        await run_day(ports, tenant_id)

    def digests_to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.sink.messages if address in m.envelope_to]


@pytest.fixture
async def world(sandbox: Sandbox, tmp_path: Path) -> AsyncIterator[World]:
    url = migrated_sqlite_at(tmp_path / "attention.sqlite3")
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


async def test_the_digest_goes_once_and_again_only_with_news(world: World) -> None:
    """Friday the reminder is refused (news); Monday it is refused again (no news); Tuesday
    the sync has failed for more than 26 hours (news)."""
    troubled, _ = await world.tenant("Morgenrot", "chef@morgenrot.example")
    calm, _ = await world.tenant("Abendrot", "chefin@abendrot.example")

    await world.day(calm)
    world.sink.refuse_next(1, 550, REFUSAL, at="rcpt")
    await world.day(troubled)
    first = world.digests_to("chef@morgenrot.example")

    world.clock.current += timedelta(days=3)
    world.sink.refuse_next(1, 550, REFUSAL, at="rcpt")
    await world.day(troubled)
    await world.day(calm)
    after_a_quiet_day = world.digests_to("chef@morgenrot.example")

    world.clock.current += timedelta(days=1, hours=3)
    world.sandbox.control("POST", "/faults", json={"count": 1000, "status": 400})
    await world.day(troubled)
    world.sandbox.http.delete("/_sandbox/faults").raise_for_status()
    after_news = world.digests_to("chef@morgenrot.example")

    assert len(first) == 1
    mail = first[0].message
    assert str(mail["Subject"]) == "automahntion: 1 neuer Hinweis zu Ihrem Mahnwesen"
    assert mail["From"].addresses[0].addr_spec == "no-reply@automahntion.example"
    body = mail.get_content()
    assert "R1 zu Rechnung RE-1 wurde nicht versendet" in body
    assert REFUSAL_DE in body
    assert REFUSAL not in body
    assert len(after_a_quiet_day) == 1
    assert len(after_news) == 2
    news = after_news[1].message.get_content()
    assert "älter als 26 Stunden" in news.split("Weiterhin offen")[0]
    assert "RE-1" in news.split("Weiterhin offen")[1]
    assert world.digests_to("chefin@abendrot.example") == []


async def test_run_is_one_cycle_on_the_stored_data_without_sync_or_digest(
    world: World,
) -> None:
    """`automahntion run` is one dunning cycle (interface.md), not the scheduled day: a tenant
    never synced is held for its stale data, and no digest goes to its owner."""
    tenant, _ = await world.tenant("Morgenrot", "chef@morgenrot.example")
    world.sink.refuse_next(1, 550, REFUSAL, at="rcpt")
    command = ["run", "--tenant", str(tenant), "--as-of", CLOCK_START_TEXT]
    done = subprocess.run(
        [sys.executable, "-m", "automahntion", *command],
        capture_output=True,
        text=True,
        env=environment(world.container.settings),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert SYNC_TOO_OLD in done.stdout
    assert "RE-1" not in done.stdout
    assert world.sink.messages == []


async def test_a_failed_step_of_the_day_keeps_the_next_ones_and_fails_the_job(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant, _ = await world.tenant("Morgenrot", "chef@morgenrot.example")

    async def broken(*_: object) -> None:
        raise RuntimeError("the thank-you e-mails broke")

    monkeypatch.setattr(daily, "send_thank_yous", broken)
    world.sink.refuse_next(1, 550, REFUSAL, at="rcpt")
    with pytest.raises(RuntimeError, match="thank-you e-mails broke"):
        await world.container.daily_run(str(tenant))
    assert len(world.digests_to("chef@morgenrot.example")) == 1


async def test_a_digest_that_cannot_go_out_does_not_break_the_day_and_comes_next_day(
    world: World,
) -> None:
    troubled, _ = await world.tenant("Morgenrot", "chef@morgenrot.example")
    world.sink.refuse_next(2, 550, REFUSAL, at="rcpt")
    await world.day(troubled)
    refused_day = world.digests_to("chef@morgenrot.example")

    world.clock.current += timedelta(days=3)
    world.sink.refuse_next(1, 550, REFUSAL, at="rcpt")
    await world.day(troubled)

    assert refused_day == []
    assert len(world.digests_to("chef@morgenrot.example")) == 1


async def test_a_tenant_whose_lexoffice_connection_was_lost_still_gets_its_digest(
    world: World,
) -> None:
    """It gets no daily run any more (nothing can be synced); the tick schedules its digest,
    once a day, and the digest tells of the loss once."""
    tenant, _ = await world.tenant("Morgenrot", "chef@morgenrot.example")
    await world.day(tenant)
    before = world.digests_to("chef@morgenrot.example")
    await mark_disconnected(
        world.container.database.unit_of_work,
        tenant,
        DisconnectReason(DisconnectCode.REVOKED),
        world.clock.now(),
    )
    jobs = world.container.jobs
    assert isinstance(jobs, InProcessJobs)
    world.clock.current += timedelta(days=3)
    scheduled = [await world.container.tick(), await world.container.tick()]
    await jobs.drain()
    world.clock.current += timedelta(days=1)
    scheduled.append(await world.container.tick())
    await jobs.drain()

    assert before == []
    assert scheduled == [1, 0, 1]
    [digest] = world.digests_to("chef@morgenrot.example")
    assert "Die Verbindung zu lexoffice ist getrennt (lexoffice hat den Zugriff widerrufen)" in (
        digest.message.get_content()
    )


async def test_a_tenant_whose_connection_cannot_be_read_keeps_no_one_elses_day(
    world: World,
) -> None:
    """Its tokens no longer open (a sealed value damaged, or sealed with another key): the
    tick read every tenant's connection in one go, so the error stopped every tenant's day,
    at every tick. That tenant alone is left out now, and said so in the log."""
    broken, _ = await world.tenant("Morgenrot", "chef@morgenrot.example")
    fine, _ = await world.tenant("Sonnenschein", "chef@sonnenschein.example")
    await ConnectionRow.update({ConnectionRow.api_key_encrypted: "not-sealed"}).where(
        ConnectionRow.tenant == broken
    )
    jobs = world.container.jobs
    assert isinstance(jobs, InProcessJobs)
    world.clock.current += timedelta(days=1)

    scheduled = await world.container.tick()
    await jobs.drain()

    assert scheduled == 1
    async with world.container.database.unit_of_work() as uow:
        synced = [len(await uow.tenant(t).invoices.all()) for t in (fine, broken)]
    assert synced == [1, 0]


def _attention(url: str, key: str, **params: Any) -> httpx.Response:
    return httpx.get(
        url + "/v1/attention",
        headers={"Authorization": f"Bearer {key}"},
        params=params,
        trust_env=False,
    )


async def test_the_attention_list_shows_each_tenant_its_own_trouble(world: World) -> None:
    troubled, troubled_key = await world.tenant("Morgenrot", "chef@morgenrot.example")
    calm, calm_key = await world.tenant("Abendrot", "chefin@abendrot.example")
    await world.day(calm)
    world.sink.refuse_next(1, 550, REFUSAL, at="rcpt")
    await world.day(troubled)
    world.clock.current += timedelta(hours=27)

    with serving(create_app(world.container)) as url:
        listed = _attention(url, troubled_key)
        failed_only = _attention(url, troubled_key, kind="message_failed")
        calm_list = _attention(url, calm_key)
        bad_kind = _attention(url, troubled_key, kind="nonsense")

    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [i["kind"] for i in items] == ["message_failed", "sync_stale"]
    assert items[0]["invoiceNumber"] == "RE-1"
    assert items[0]["level"] == "R1"
    assert REFUSAL_DE in items[0]["detail"]
    assert REFUSAL not in items[0]["detail"]
    assert "älter als 26 Stunden" in items[1]["detail"]
    assert [i["kind"] for i in failed_only.json()["items"]] == ["message_failed"]
    calm_items = calm_list.json()["items"]
    assert [(i["kind"], i["invoiceId"]) for i in calm_items] == [("sync_stale", None)]
    assert bad_kind.status_code in (400, 422)
    assert bad_kind.headers["content-type"].startswith("application/problem+json")


async def test_the_digest_tells_of_a_letter_held_by_the_postal_provider_once(
    world: World,
) -> None:
    """The postal provider holds a letter until someone acts: the next digest names the
    letter and the action in the provider's words, once; when the provider reports the letter
    sent, it leaves the attention list (and no digest goes for it)."""
    tenant, _ = await world.tenant("Morgenrot", "chef@morgenrot.example")
    await world.day(tenant)
    units = world.container.database.unit_of_work
    async with units() as uow:
        store = uow.tenant(tenant)
        [invoice] = await store.invoices.all()
        await store.letters.add(
            LetterRecord(
                invoice.id,
                Level.M2,
                LetterKind.REGISTERED,
                "pl-held",
                LetterState.SUBMITTED,
                world.clock.now().date(),
            )
        )

    def report(status: str, reason: str | None) -> LetterEvent:
        state = LetterState(status)
        at = world.clock.now()
        return LetterEvent(str(uuid4()), "pl-held", state, status, None, reason, at)

    why = "the document has no room for the address"
    assert await apply_letter_event(units, report("action_required", why), world.clock.now())
    world.clock.current += timedelta(days=1)
    await world.day(tenant)
    world.clock.current += timedelta(days=1)
    await world.day(tenant)
    digests = world.digests_to("chef@morgenrot.example")
    assert await apply_letter_event(units, report("sent", None), world.clock.now())
    after = await attention_items(units, tenant, world.clock.now())
    world.clock.current += timedelta(days=1)
    await world.day(tenant)

    [digest] = digests
    body = digest.message.get_content()
    assert "Der Brief M2 zu Rechnung RE-1 wird vom Postdienstleister angehalten" in body
    assert f"„{why}“" in body
    assert [i for i in after if i.invoice_number == "RE-1"] == []
    assert len(world.digests_to("chef@morgenrot.example")) == 1
