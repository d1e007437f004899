"""The postal provider's status callbacks against the order they may come in, on both engines:
a callback that arrives before our transaction recording its letter commits, a letter that
required an action and then went out, and a late report of issues for a letter already sent.
The callbacks come from the postal sandbox, signed, and are applied as the webhook handler
applies them (`apply_letter_event`)."""

from __future__ import annotations

import asyncio
import contextvars
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from automahntion.adapters.postal.client import PingenClient
from automahntion.adapters.postal.webhooks import PingenWebhookVerifier
from automahntion.adapters.retrying import RetryPolicy
from automahntion.app.dunning import run_cycle
from automahntion.app.events.records import EventType
from automahntion.app.post.letters import apply_early_events, apply_letter_event
from automahntion.app.post.provider import LetterEvent, LetterRequest, LetterState, PostedLetter
from automahntion.app.post.records import LetterRecord
from automahntion.app.review.attention import AttentionItem, attention_items
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.database import Database
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind
from automahntion_sandboxes.postal import create_app as postal_app
from automahntion_sandboxes.postal.app import CLIENT_ID, CLIENT_SECRET
from tests.integration import lexoffice_env
from tests.integration.conftest import (
    ENGINES,
    drop_postgres_database,
    fresh_postgres_database,
    migrated,
)
from tests.integration.helpers import (
    NOW,
    TODAY,
    tenant_with_invoice,
    until_a_session_waits_for_a_lock,
)
from tests.integration.lexoffice_env import Sandbox, Service, settings_for
from tests.integration.test_letters_by_post import MUNICH, _contact, _invoice, _sign, _tenant
from tests.sandbox_server import running
from tests.webhook_sink import Callback, WebhookSink

SIGNING_KEY = "whsec_letter_callbacks_0123456789"
MISSING_NUMBER = "the street number is missing"
FAST = RetryPolicy(attempts=2, base_delay_s=0.01, max_delay_s=0.02)


@dataclass
class Postal:
    url: str
    controls: httpx.Client
    sink: WebhookSink
    sink_url: str

    def advance(self, letter_id: str, to: str, reason: str | None = None) -> None:
        path = f"/_sandbox/letters/{letter_id}/advance"
        body = {"to": to} if reason is None else {"to": to, "reason": reason}
        response = self.controls.post(path, json=body)
        assert response.status_code < 300, response.text

    async def callback(self, letter_id: str, status: str) -> Callback:
        """The signed callback the sandbox sent when the letter reached `status`."""

        def reports(callback: Callback) -> bool:
            body = json.loads(callback.body)
            return bool(
                body["data"]["relationships"]["letter"]["data"]["id"] == letter_id
                and body["included"][0]["attributes"]["status"] == status
            )

        [found] = await self.sink.wait_for(reports)
        return found


@pytest.fixture(scope="module")
def postal_servers() -> Iterator[tuple[str, WebhookSink, str]]:
    sink = WebhookSink()
    with running(postal_app(retry_delays=(0.05,))) as url, running(sink) as sink_url:
        yield url, sink, sink_url


@pytest.fixture
def postal(postal_servers: tuple[str, WebhookSink, str]) -> Iterator[Postal]:
    url, sink, sink_url = postal_servers
    controls = httpx.Client(base_url=url, trust_env=False, timeout=30)
    controls.post("/_sandbox/reset").raise_for_status()
    sink.received.clear()
    yield Postal(url, controls, sink, sink_url)
    controls.close()


@pytest.fixture(params=ENGINES)
async def letters_service(
    request: pytest.FixtureRequest,
    sandbox: Sandbox,
    migrated_urls: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Service]:
    """A container (no API server) on either engine, its dunning PDFs in a folder of its own."""
    settings = replace(
        settings_for(sandbox, migrated_urls[request.param], "http://127.0.0.1:9"),
        documents_dir=str(tmp_path_factory.mktemp("letter-callbacks")),
    )
    clock = lexoffice_env.TestClock()
    container = await Container.start(settings, clock)
    try:
        yield Service(settings.public_url, settings, container, sandbox, clock)
    finally:
        await container.stop()


@pytest.fixture
async def printer(postal: Postal) -> AsyncIterator[PingenClient]:
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        key = f"{CLIENT_ID}:{CLIENT_SECRET}"
        client = PingenClient.from_api_key(http, postal.url, key, retry=FAST)
        await client.register_webhooks(postal.sink_url + "/postal", SIGNING_KEY)
        yield client


@dataclass
class CallingBackEarly:
    """The provider, calling back right after the submit: each of `statuses` is reached and its
    callback taken in before our transaction recording the letter even began."""

    printer: PingenClient
    postal: Postal
    service: Service
    statuses: tuple[str, ...]
    answers: list[bool]

    async def send_letter(self, request: LetterRequest) -> PostedLetter:
        posted = await self.printer.send_letter(request)
        for status in self.statuses:
            self.postal.advance(posted.letter_id, status)
            self.answers.append(await _taken_in(self.service, self.postal, posted, status))
        return posted

    async def letter(self, letter_id: str) -> PostedLetter:
        return await self.printer.letter(letter_id)

    async def cancel_letter(self, letter_id: str) -> PostedLetter:
        return await self.printer.cancel_letter(letter_id)


async def _taken_in(service: Service, postal: Postal, posted: PostedLetter, status: str) -> bool:
    callback = await postal.callback(posted.letter_id, status)
    return await _apply(service, callback.body)


async def _apply(service: Service, body: bytes) -> bool:
    verifier = PingenWebhookVerifier(SIGNING_KEY, service.container.clock)
    event = verifier.verify(body, _sign(body, SIGNING_KEY))
    units = service.container.database.unit_of_work
    return await apply_letter_event(units, event, service.container.clock.now())


async def _the_letter(service: Service, tenant_id: uuid.UUID) -> LetterRecord:
    async with service.container.database.unit_of_work() as uow:
        invoices = await uow.tenant(tenant_id).invoices.all()
        letters = await uow.tenant(tenant_id).letters.for_invoices([i.id for i in invoices])
    [[letter]] = letters.values()
    return letter


async def _posted_one(
    service: Service, postal: Postal, printer: PingenClient, statuses: tuple[str, ...]
) -> tuple[uuid.UUID, str, list[bool]]:
    """A registered M2 by post through the cycle, the provider calling back with `statuses`
    before the letter is recorded; the tenant, its API key and what the callbacks answered."""
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    _invoice(box, oid, "RE-771", "2026-10-28", _contact(box, oid, "Hotel Lindenhof", MUNICH))
    tenant, key = await _tenant(service, org)
    answers: list[bool] = []
    early = CallingBackEarly(printer, postal, service, statuses, answers)
    report = await run_cycle(replace(service.container.dunning, letters=early), tenant.id)
    assert [line.outcome for line in report.lines] == ["sent by post (registered)"]
    return tenant.id, key, answers


async def test_a_callback_before_the_letter_is_recorded_still_sets_its_status(
    letters_service: Service, postal: Postal, printer: PingenClient
) -> None:
    service = letters_service
    tenant_id, _, answers = await _posted_one(service, postal, printer, ("sent",))

    letter = await _the_letter(service, tenant_id)
    [sent] = postal.controls.get("/_sandbox/letters").json()
    assert answers == [True]
    assert (letter.state.value, letter.tracking_code) == ("sent", sent["trackingNumber"])
    async with service.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        [message] = await store.messages.for_invoice(letter.invoice_id)
        changes = await store.events.after(0, 50, {EventType.LETTER_STATUS_CHANGED})
    assert message.letter_tracking_code == sent["trackingNumber"]
    assert [(e.data["previousState"], e.data["state"]) for e in changes] == [("submitted", "sent")]
    again = await postal.callback(letter.provider_letter_id, "sent")
    assert await _apply(service, again.body) is False, "a repeat of a kept callback"


async def _attention(service: Service, tenant_id: uuid.UUID) -> list[AttentionItem]:
    units = service.container.database.unit_of_work
    return await attention_items(units, tenant_id, service.container.clock.now())


async def test_a_held_letter_is_shown_with_what_it_needs_until_it_is_sent(
    letters_service: Service, postal: Postal, printer: PingenClient
) -> None:
    """The provider holds the letter until the sender acts: the letter shows it, with the
    provider's words, and the owner's attention list names the letter and what it needs. A late
    report still reading `valid` does not take it back; once it is sent it leaves the list."""
    service = letters_service
    tenant_id, _, _ = await _posted_one(service, postal, printer, ())
    letter = await _the_letter(service, tenant_id)
    postal.advance(letter.provider_letter_id, "action_required", MISSING_NUMBER)
    required = await postal.callback(letter.provider_letter_id, "action_required")
    assert await _apply(service, required.body)
    held = await _the_letter(service, tenant_id)
    assert (held.state.value, held.status_reason) == ("action_required", MISSING_NUMBER)
    assert held.status_changed_at is not None
    [item] = await _attention(service, tenant_id)
    assert (item.kind.value, item.invoice_number, item.level, item.since) == (
        "letter_action_required",
        "RE-771",
        Level.M2,
        held.status_changed_at,
    )
    assert item.key == f"letter:{letter.provider_letter_id}:action_required"
    assert "Der Brief M2 zu Rechnung RE-771 wird vom Postdienstleister angehalten" in item.detail
    assert f"„{MISSING_NUMBER}“" in item.detail

    stale: dict[str, Any] = json.loads(required.body)
    stale["data"]["id"] = str(uuid.uuid4())
    stale["included"][0]["attributes"]["status"] = "valid"
    assert await _apply(service, json.dumps(stale).encode())
    assert (await _the_letter(service, tenant_id)).state.value == "action_required"

    postal.advance(letter.provider_letter_id, "sent")
    sent = await postal.callback(letter.provider_letter_id, "sent")
    assert await _apply(service, sent.body)
    moved_on = await _the_letter(service, tenant_id)
    assert (moved_on.state.value, moved_on.status_reason) == ("sent", None)
    assert await _attention(service, tenant_id) == []
    async with service.container.database.unit_of_work() as uow:
        changes = await uow.tenant(tenant_id).events.after(0, 50, {EventType.LETTER_STATUS_CHANGED})
    assert [(e.data["previousState"], e.data["state"], e.data["reason"]) for e in changes] == [
        ("submitted", "action_required", MISSING_NUMBER),
        ("action_required", "sent", None),
    ]

    late: dict[str, Any] = json.loads(sent.body)
    late["data"]["id"] = str(uuid.uuid4())
    late["data"]["type"] = "webhook_issues"
    late["included"][0]["attributes"]["status"] = "invalid"
    assert await _apply(service, json.dumps(late).encode())
    assert (await _the_letter(service, tenant_id)).state.value == "sent"

    again: dict[str, Any] = json.loads(required.body)
    again["data"]["id"] = str(uuid.uuid4())
    assert await _apply(service, json.dumps(again).encode())
    assert (await _the_letter(service, tenant_id)).state.value == "sent"
    assert await _attention(service, tenant_id) == []


async def test_a_letter_held_before_it_was_recorded_is_held_with_the_providers_words(
    letters_service: Service, postal: Postal, printer: PingenClient
) -> None:
    """The report that the letter needs an action came before our transaction recording it:
    kept with its words, and applied when the letter is recorded."""
    service = letters_service
    tenant_id, _, answers = await _posted_one(service, postal, printer, ("action_required",))
    held = await _the_letter(service, tenant_id)
    assert answers == [True]
    assert (held.state.value, held.status_reason) == (
        "action_required",
        "the address could not be read",
    )
    [item] = await _attention(service, tenant_id)
    assert item.kind.value == "letter_action_required"
    assert "„the address could not be read“" in item.detail


async def test_a_callback_during_the_recording_of_its_letter_waits_for_it(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """PostgreSQL: the callback comes while the transaction recording its letter (as
    `StoredPost` records it) is still open. It waits for that transaction, then finds the letter;
    without the wait it would find none and keep the report after the recording had looked for
    kept ones, and the status would be lost."""
    tenant_id, invoice_id = await tenant_with_invoice(postgres, "RE-881")
    letter_id = f"pl-{uuid.uuid4().hex}"
    record = LetterRecord(
        invoice_id, Level.M1, LetterKind.STANDARD, letter_id, LetterState.SUBMITTED, TODAY
    )
    sent = LetterEvent(str(uuid.uuid4()), letter_id, LetterState.SENT, "sent", None, None, NOW)
    async with postgres.unit_of_work() as uow:
        await uow.early_letter_events.lock(letter_id)
        store = uow.tenant(tenant_id)
        await store.letters.add(record)
        elsewhere = contextvars.Context()  # a request of its own, outside this transaction
        callback = asyncio.create_task(
            apply_letter_event(postgres.unit_of_work, sent, NOW), context=elsewhere
        )
        await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
        await apply_early_events(uow, store, record, NOW)
    assert await callback
    async with postgres.unit_of_work() as uow:
        letter = await uow.tenant(tenant_id).letters.by_provider_id(letter_id)
    assert letter is not None
    assert letter.state is LetterState.SENT


@pytest.fixture(params=ENGINES)
def database_of_its_own(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Forgetting old reports forgets them for every letter: not in the session's database."""
    if request.param == "sqlite":
        yield migrated(f"sqlite:///{tmp_path / 'early.sqlite3'}")
        return
    name, url = fresh_postgres_database()
    try:
        yield migrated(url)
    finally:
        drop_postgres_database(name)


@pytest.fixture
async def container_of_its_own(
    database_of_its_own: str, sandbox: Sandbox
) -> AsyncIterator[Container]:
    settings = settings_for(sandbox, database_of_its_own, "http://127.0.0.1:9")
    container = await Container.start(settings, lexoffice_env.TestClock())
    try:
        yield container
    finally:
        await container.stop()


async def test_reports_kept_for_a_letter_never_recorded_are_forgotten_after_30_days(
    container_of_its_own: Container,
) -> None:
    """A report for a letter that is never recorded (its recording failed, or the letter is not
    ours) was kept for good. The scheduler's tick forgets those kept longer than 30 days, by the
    service's clock; younger ones stay for their letter, and a forgotten report sent again is
    still a repeat."""
    container = container_of_its_own
    clock = container.clock
    assert isinstance(clock, lexoffice_env.TestClock)
    units = container.database.unit_of_work
    now = clock.now()

    def report(letter_id: str) -> LetterEvent:
        return LetterEvent(str(uuid.uuid4()), letter_id, LetterState.SENT, "sent", None, None, now)

    old, young = report("pl-never-recorded"), report("pl-recorded-later")
    assert await apply_letter_event(units, old, now - timedelta(days=31))
    assert await apply_letter_event(units, young, now - timedelta(days=29))

    await container.tick()

    async with units() as uow:
        kept_old = await uow.early_letter_events.take(old.letter_id)
        kept_young = await uow.early_letter_events.take(young.letter_id)
    assert kept_old == []
    assert [e.event_id for e in kept_young] == [young.event_id]
    assert await apply_letter_event(units, old, now) is False, "a repeat all the same"
