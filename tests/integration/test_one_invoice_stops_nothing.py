"""Rule 3, "one invoice never stops the day": a failure in one step of one message — its
template, its lexoffice document, the invoice PDF, its amounts, the mail transport, the postal
provider — holds (or fails) that message with its reason, and every other invoice of the
tenant, and of the next tenant in the same run, still goes out. Nothing is left `sending`.

Against the lexoffice and postal sandboxes and a real SMTP server (aiosmtpd), on PostgreSQL
and SQLite. The faults come from the sandboxes' controls, the SMTP server, data the rules
cannot compute, and (for the template only) a wrapper around the real template renderer.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.adapters.postal.client import PingenClient
from automahntion.adapters.retrying import RetryPolicy
from automahntion.adapters.templates import SandboxedTemplateRenderer
from automahntion.app.dunning import ATTENTION, CycleReport, DunningPorts, run_cycle
from automahntion.app.dunning.activation import deactivate
from automahntion.app.dunning.ledger import StoredLedger
from automahntion.app.dunning.letter_preview import letter_preview
from automahntion.app.dunning.report import CLAIMED_ELSEWHERE, PART_CLAIMED_ELSEWHERE
from automahntion.app.invoices.overview import invoice_view
from automahntion.app.lexoffice.connect import connect_api_key
from automahntion.app.lexoffice.languages import read_ahead
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.mail.ports import (
    MailReceipt,
    MailSender,
    MailTransport,
    MailTransports,
    OutgoingMail,
)
from automahntion.app.mail.records import SmtpServer
from automahntion.app.mail.rendering import MessageFacts, Rendered, TemplateInvalid
from automahntion.app.messages.reasons import ReasonCode
from automahntion.app.messages.records import Claim, MessageState, SentMessage
from automahntion.app.review.attention import AttentionItem, AttentionKind, attention_items
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.calendar import BERLIN
from automahntion.domain.day_plan import Channel
from automahntion.domain.interest import ChargeKind
from automahntion.domain.levels import CatchUp, Level, LevelSetting, default_levels
from automahntion.domain.recipients import BlockReason
from automahntion.domain.templates import Template
from tests.integration.conftest import ENGINES
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.integration.test_letters_by_post import (
    LETTERS_PATH,
    POSTAL_KEY,
    Postal,
    postal_url,  # noqa: F401 - the postal sandbox, for the `postal` fixture
)
from tests.integration.test_letters_by_post import postal as postal
from tests.smtp_sink import Sink

TODAY = date(2026, 11, 27)
FAST = RetryPolicy(attempts=3, base_delay_s=0.01, max_delay_s=0.02)


@dataclass
class World:
    sandbox: Sandbox
    postal: Postal
    sink: Sink
    container: Container
    clock: TestClock
    http: httpx.AsyncClient

    def ports(self, **changes: Any) -> DunningPorts:
        letters = PingenClient.from_api_key(self.http, self.postal.url, POSTAL_KEY, retry=FAST)
        return replace(self.container.dunning, letters=letters, **changes)


@pytest.fixture(params=ENGINES)
async def world(
    request: pytest.FixtureRequest,
    migrated_urls: dict[str, str],
    sandbox: Sandbox,
    postal: Postal,
    tmp_path: Any,
) -> AsyncIterator[World]:
    sandbox.control("PUT", "/today", json={"date": TODAY.isoformat()})
    settings = replace(
        settings_for(sandbox, migrated_urls[request.param], "http://127.0.0.1:9"),
        mail_from="mahnung@automahntion.example",
        documents_dir=str(tmp_path / "documents"),
    )
    clock = TestClock()
    clock.current = datetime.combine(TODAY, time(7, 0), BERLIN).astimezone(UTC)
    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host, sink.port, settings.mail_from, tls="none", allow_private_hosts=True
        )
        container = await Container.start(settings, clock, mail=mail)
        try:
            async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
                yield World(sandbox, postal, sink, container, clock, http)
        finally:
            await container.stop()


def _levels() -> list[LevelSetting]:
    """R1 at 3 days and M1 at 14 by e-mail, M2 at 28 by post, M3 off."""
    changes = {Level.M2: {"by_post": True}, Level.M3: {"enabled": False}}
    return [replace(s, **changes.get(s.level, {})) for s in default_levels()]


async def _tenant(world: World, name: str, **settings: Any) -> tuple[UUID, dict[str, Any]]:
    """A connected tenant with the levels above and `catch_up = highest` (each invoice is sent
    the level its age reaches)."""
    org = world.sandbox.organization(name)
    units = world.container.database.unit_of_work
    created = await create_tenant(
        units, NewTenant(f"{name} {uuid.uuid4().hex[:6]}", "chef@example.com"),
        world.clock.now(), "amk_" + uuid.uuid4().hex * 2,
    )  # fmt: skip
    tenant_id = created.tenant.id
    await activate(units, tenant_id, world.clock.now())
    await connect_api_key(
        units, world.container.gateways, tenant_id, org["apiKey"],
        now=world.clock.now(), webhook_url=world.container.webhook_url,
    )  # fmt: skip
    async with units() as uow:
        store = uow.tenant(tenant_id)
        current = (await store.account.get()).settings
        await store.account.save_settings(
            replace(current, catch_up=CatchUp.HIGHEST, sending_hour=23, **settings)
        )
        await store.levels.replace_settings(_levels())
    return tenant_id, org


def _contact(world: World, org: dict[str, Any], name: str) -> str:
    """A customer with a business address `<name>@kunde.example` and a printable address."""
    body = {
        "company": {"name": f"Kunde {name}"},
        "emailAddresses": {"business": [f"{name.lower()}@kunde.example"]},
        "addresses": {
            "billing": [
                {"street": "Hauptstraße 1", "zip": "10115", "city": "Berlin", "countryCode": "DE"}
            ]
        },
    }
    oid = org["organizationId"]
    return str(world.sandbox.control("POST", f"/organizations/{oid}/contacts", json=body)["id"])


def _invoice(world: World, org: dict[str, Any], number: str, due: date, **fields: Any) -> str:
    """One invoice of 119 EUR, to a contact of its own unless `contactId` is given."""
    contact = fields.pop("contactId", None) or _contact(world, org, number)
    return world.sandbox.voucher(
        org["organizationId"],
        voucherNumber=number,
        voucherDate=(due - timedelta(days=14)).isoformat(),
        dueDate=due.isoformat(),
        totalAmount=119.0,
        contactId=contact,
        **fields,
    )


def _ago(days: int) -> date:
    return TODAY - timedelta(days=days)


ORDINARY = {"RE-1": _ago(5), "RE-2": _ago(20), "RE-3": _ago(35)}
"""An R1 and an M1 by e-mail, an M2 by post."""


class FailingFor:
    """The real template renderer, failing for one invoice (as a template might on one
    customer's data)."""

    def __init__(self, invoice_number: str) -> None:
        self._real = SandboxedTemplateRenderer()
        self._number = invoice_number

    def render(self, template: Template, facts: MessageFacts, language: str = "de") -> Rendered:
        if facts.invoice_number == self._number:
            raise TemplateInvalid("'kundennummer' is undefined")
        return self._real.render(template, facts, language)

    def check(self, text: str) -> str | None:
        return self._real.check(text)


@dataclass(frozen=True)
class Step:
    due: date
    reason: str
    """What the operator's report says (English)."""
    code: ReasonCode
    german: str
    """What the tenant's attention list says."""
    state: MessageState = MessageState.HELD
    settings: dict[str, Any] | None = None


STEPS = {
    "payment re-check": Step(
        _ago(5),
        "lexoffice does not deliver the invoice for the payment re-check (",
        ReasonCode.INVOICE_NOT_DELIVERED,
        "lexoffice liefert die Rechnung für die Zahlungsprüfung nicht (",
    ),
    "template": Step(
        _ago(5),
        "the R1 template could not be rendered ('kundennummer' is",
        ReasonCode.TEMPLATE_FAILED,
        "die Vorlage für R1 ließ sich nicht ausfüllen (ein Platzhalter oder Ausdruck der Vorlage "
        "ist ungültig)",
    ),
    "lexoffice document": Step(  # the invoice's details refused (404): a record not delivered
        _ago(20),
        "lexoffice did not create the dunning (",
        ReasonCode.DUNNING_NOT_CREATED,
        "lexoffice hat die Mahnung nicht angelegt",
    ),
    "invoice PDF": Step(
        _ago(5),
        "invoice PDF not available (",
        ReasonCode.INVOICE_PDF_MISSING,
        "das PDF der Rechnung ist nicht verfügbar (",
        settings={"attach_invoice_pdf": True},
    ),
    "amounts": Step(
        date(2001, 11, 15),
        "the amounts could not be computed (no base interest rate is known for 2001-12-15)",
        ReasonCode.AMOUNTS_FAILED,
        "die Beträge ließen sich nicht berechnen (für den Zeitraum ist kein Basiszinssatz "
        "hinterlegt)",
        settings={"statutory_extras": True},
    ),
    "transport": Step(
        _ago(5),
        "550 5.1.1 No such mailbox here",
        ReasonCode.MAIL_REFUSED,
        "die E-Mail wurde nicht zugestellt (die Empfängeradresse ist unbekannt oder gesperrt)",
        MessageState.FAILED,
    ),
    "post": Step(
        _ago(40),
        f"the postal provider answered 503 to POST {LETTERS_PATH}",
        ReasonCode.POSTAL_FAILED,
        "der Brief wurde nicht versendet (der Briefdienstleister war nicht erreichbar)",
        MessageState.FAILED,
    ),
}


def _inject(world: World, step: str, org: dict[str, Any], target: str) -> dict[str, Any]:
    """The fault for `step` on the target invoice's message; the ports to run with."""
    if step == "template":
        return {"templates": FailingFor("RE-X")}
    if step == "lexoffice document":
        fault = {"status": 404, "count": 20, "pathPrefix": f"/v1/invoices/{target}"}
        world.sandbox.control("POST", "/faults", json=fault)
    if step == "payment re-check":  # left the voucher list, so it is read alone: 404
        path = f"/organizations/{org['organizationId']}/vouchers/{target}/status"
        world.sandbox.control("POST", path, json={"status": "draft"})
        fault = {"status": 404, "count": 20, "pathPrefix": f"/v1/payments/{target}"}
        world.sandbox.control("POST", "/faults", json=fault)
    if step == "invoice PDF":
        fault = {"status": 404, "count": 20, "pathPrefix": f"/v1/invoices/{target}/file"}
        world.sandbox.control("POST", "/faults", json=fault)
    if step == "transport":
        world.sink.refuse_mailbox("re-x@kunde.example")
    if step == "post":
        world.postal.control(
            "POST", "/faults", json={"status": 503, "times": 3, "path": LETTERS_PATH}
        )
    return {}


def _outcomes(report: CycleReport) -> dict[str, tuple[str, str]]:
    return {line.invoice_number: (line.level.value, line.outcome) for line in report.lines}


async def _messages(world: World, tenant_id: UUID) -> list[SentMessage]:
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        ids = [stored.id for stored in await store.invoices.all()]
        found = await store.messages.for_invoices(ids)
    return [m for messages in found.values() for m in messages]


@pytest.mark.parametrize("step", list(STEPS))
async def test_a_failing_step_of_one_message_stops_no_other(world: World, step: str) -> None:
    spec = STEPS[step]
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH", **(spec.settings or {}))
    for number, due in ORDINARY.items():
        _invoice(world, org, number, due)
    target = _invoice(world, org, "RE-X", spec.due)
    other, other_org = await _tenant(world, "Metzgerei Huber KG")
    for number, due in ORDINARY.items():
        _invoice(world, other_org, number, due)
    for tenant_id in (tenant, other):
        await _sync(world, tenant_id)
    ports = world.ports(**_inject(world, step, org, target))

    first = await run_cycle(ports, tenant)
    second = await run_cycle(ports, other)

    outcomes = _outcomes(first)
    expected_levels = {"RE-1": "R1", "RE-2": "M1", "RE-3": "M2"}
    for number, level in expected_levels.items():
        assert outcomes[number][0] == level
        assert outcomes[number][1].startswith("sent"), (number, outcomes[number])
    assert {n: o[1].startswith("sent") for n, o in _outcomes(second).items()} == dict.fromkeys(
        expected_levels, True
    )
    level, outcome = outcomes["RE-X"]
    assert spec.reason in outcome, outcome
    assert outcome.startswith(ATTENTION if spec.state is MessageState.HELD else "failed")
    mailed = {tuple(m.envelope_to) for m in world.sink.messages}
    assert ("re-x@kunde.example",) not in mailed
    assert {("re-1@kunde.example",), ("re-2@kunde.example",)} <= mailed
    assert len(world.postal.letters()) == 2

    [item] = await _about_messages(world, tenant)
    assert (item.invoice_number, item.level, item.kind) == (
        "RE-X",
        Level(level),
        LISTED_AS[spec.state],
    )
    assert spec.german in item.detail
    assert item.reason is not None
    assert item.reason.code is spec.code
    assert await _about_messages(world, other) == []
    states = [m.state for t in (tenant, other) for m in await _messages(world, t)]
    assert MessageState.SENDING not in states
    assert states.count(MessageState.SENT) == 6


LISTED_AS = {
    MessageState.HELD: AttentionKind.MESSAGE_HELD,
    MessageState.FAILED: AttentionKind.MESSAGE_FAILED,
    MessageState.SENDING: AttentionKind.MESSAGE_UNRESOLVED,
}


async def _about_messages(world: World, tenant_id: UUID) -> list[AttentionItem]:
    """The tenant's attention list, as far as it is about its messages."""
    items = await attention_items(
        world.container.database.unit_of_work, tenant_id, world.clock.now()
    )
    return [item for item in items if item.kind in LISTED_AS.values()]


async def _sync(world: World, tenant_id: UUID) -> None:
    """As the daily run does: the sync, then the invoices' languages read ahead."""
    units, gateways = world.container.database.unit_of_work, world.container.gateways
    await sync_tenant(units, gateways, tenant_id, world.clock)
    await read_ahead(units, gateways, tenant_id, world.clock)


async def test_a_down_payment_invoice_and_a_default_since_2021_go_out_with_the_rest(
    world: World,
) -> None:
    """The two causes seen: the PDF of a down payment invoice was asked of `/v1/invoices`
    (404, a traceback, the claim left `sending`); a default before 2023 had no base rate."""
    tenant, org = await _tenant(
        world, "Bäckerei Sonnenschein GmbH", attach_invoice_pdf=True, statutory_extras=True
    )
    await _use_email_only(world, tenant)
    _invoice(world, org, "RE-1", _ago(5))
    _invoice(world, org, "AR-7", _ago(20), voucherType="downpaymentinvoice")
    _invoice(world, org, "RE-2021", date(2021, 3, 1))
    await _sync(world, tenant)

    report = await run_cycle(world.ports(), tenant)

    assert {n: (lvl, o.split(" (")[0]) for n, (lvl, o) in _outcomes(report).items()} == {
        "RE-1": ("R1", "sent"),
        "AR-7": ("M1", "sent"),
        "RE-2021": ("M3", "sent"),
    }
    mails = {m.envelope_to[0].split("@")[0]: m.message for m in world.sink.messages}
    down_payment = [a.get_filename() for a in mails["ar-7"].iter_attachments()]
    assert down_payment == ["Rechnung-AR-7.pdf", "M1-AR-7.pdf"]
    calls = [r["path"] for r in world.sandbox.requests(org["organizationId"], "/v1/")]
    assert [p for p in calls if "/file" in p and "down-payment" in p]
    old = mails["re-2021"].get_body(("plain",)).get_content()
    assert "Verzugszinsen" in old
    assert "8,12 %" in old  # 2021: the base rate of -0.88 % plus 9 points
    assert "40,00" in old  # the flat fee of § 288 (5) BGB
    states = [m.state for m in await _messages(world, tenant)]
    assert states == [MessageState.SENT] * 3


async def _use_email_only(world: World, tenant_id: UUID) -> None:
    async with world.container.database.unit_of_work() as uow:
        await uow.tenant(tenant_id).levels.replace_settings(default_levels())


async def test_the_cycle_computes_interest_with_the_operators_base_rates(
    world: World, tmp_path: Any
) -> None:
    """`DunningPorts.rates` is what the cycle uses: with the operator's 2026-07-01 rate the
    interest is at that rate and confirmed; without it, at the last known rate, unconfirmed."""
    rates = tmp_path / "basiszins.txt"
    rates.write_text("2026-07-01 2.00\n", encoding="utf-8")
    extended = replace(world.container.settings, base_rates_file=str(rates)).base_rate_table
    texts = {}
    outcomes = {}
    for name, ports in (("operator", world.ports(rates=extended)), ("release", world.ports())):
        tenant, org = await _tenant(world, f"Hofladen {name}", statutory_extras=True)
        await _use_email_only(world, tenant)
        _invoice(world, org, f"RE-{name}", date(2026, 6, 1))
        await _sync(world, tenant)
        [line] = (await run_cycle(ports, tenant)).lines
        outcomes[name] = line.outcome
        [mail] = [m for m in world.sink.messages if m.envelope_to == (f"re-{name}@kunde.example",)]
        texts[name] = mail.message.get_body(("plain",)).get_content()
    # Default from 2026-07-01 (30 days after due) through 2026-11-27: 150 days, base + 9 points.
    assert "150 Tage vom 01.07.2026 bis 27.11.2026 zu 11,00 % p. a." in texts["operator"]
    assert outcomes["operator"] == "sent"
    assert "150 Tage vom 01.07.2026 bis 27.11.2026 zu 10,27 % p. a." in texts["release"]
    assert outcomes["release"] == (
        "sent (interest from 01.07.2026 at the last known base rate: unconfirmed, add the new "
        "half-year to AUTOMAHNTION_BASE_RATES_FILE)"
    )


async def test_a_message_for_several_invoices_is_held_as_a_whole(world: World) -> None:
    """With one message per customer, the text lists every invoice: when one invoice's PDF
    cannot be fetched, the whole message is held (nothing claims what was not sent)."""
    tenant, org = await _tenant(
        world, "Bäckerei Sonnenschein GmbH", attach_invoice_pdf=True, one_message_per_customer=True
    )
    shared = _contact(world, org, "RE-A")
    broken = _invoice(world, org, "RE-A", _ago(5), contactId=shared)
    _invoice(world, org, "RE-B", _ago(6), contactId=shared)
    _invoice(world, org, "RE-C", _ago(7))
    await _sync(world, tenant)
    fault = {"status": 404, "count": 20, "pathPrefix": f"/v1/invoices/{broken}/file"}
    world.sandbox.control("POST", "/faults", json=fault)

    report = await run_cycle(world.ports(), tenant)

    outcomes = {n: o for n, (_, o) in _outcomes(report).items()}
    reason = "RE-A: invoice PDF not available ("
    assert outcomes["RE-A"].startswith(f"{ATTENTION}: {reason}")
    assert outcomes["RE-B"].startswith(f"{ATTENTION}: {reason}")
    assert outcomes["RE-C"] == "sent"
    assert [m.envelope_to for m in world.sink.messages] == [("re-c@kunde.example",)]
    listed = await _about_messages(world, tenant)
    assert sorted(i.invoice_number for i in listed) == ["RE-A", "RE-B"]


async def test_an_invoice_lexoffice_answers_404_for_is_blocked_as_an_unusable_record(
    world: World,
) -> None:
    """Rule 1, "one bad record stops nothing": an invoice lexoffice does not deliver (404 for
    the invoice itself) blocks only itself, with reason `unusable_record` and a readable
    detail, so it is not tried again every day; the tenant's other invoice goes out."""
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH")
    _invoice(world, org, "RE-1", _ago(5))
    target = _invoice(world, org, "RE-X", _ago(5))
    fault = {"status": 404, "count": 100, "pathPrefix": f"/v1/invoices/{target}"}
    world.sandbox.control("POST", "/faults", json=fault)
    await _sync(world, tenant)

    first = await run_cycle(world.ports(), tenant)

    outcomes = _outcomes(first)
    assert outcomes["RE-1"][1].startswith("sent"), outcomes
    units = world.container.database.unit_of_work
    async with units() as uow:
        stored = await uow.tenant(tenant).invoices.by_lexoffice_id(target)
    view = await invoice_view(units, tenant, stored.id, TODAY)
    assert view.stored.blocked is BlockReason.UNUSABLE_RECORD, view.stored
    assert view.blocked_detail is not None
    assert "lexoffice" in view.blocked_detail
    again = await run_cycle(world.ports(), tenant)
    assert "RE-X" not in _outcomes(again), _outcomes(again)
    assert [m.state for m in await _messages(world, tenant) if m.invoice_id == stored.id] in (
        [],
        [MessageState.HELD],
    )


async def _on(world: World, day: date) -> None:
    world.clock.current = datetime.combine(day, time(7, 0), BERLIN).astimezone(UTC)
    world.sandbox.control("PUT", "/today", json={"date": day.isoformat()})


async def test_the_flat_fee_is_charged_once_per_invoice_across_its_levels(world: World) -> None:
    """Rule 7: with statutory extras, a business customer's invoice carries the 40 EUR flat fee
    (§ 288 Abs. 5 BGB) on the first message sent while it is in default — not on R1, which
    creates the default — and on no later level."""
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH", statutory_extras=True)
    await _use_email_only(world, tenant)
    due = _ago(3)
    _invoice(world, org, "RE-1", due)
    bodies: dict[str, str] = {}
    for level, after_due in (("R1", 3), ("M1", 14), ("M2", 28), ("M3", 42)):
        await _on(world, due + timedelta(days=after_due))
        await _sync(world, tenant)
        before = len(world.sink.messages)
        report = await run_cycle(world.ports(), tenant)
        assert _outcomes(report)["RE-1"][0] == level, _outcomes(report)
        assert _outcomes(report)["RE-1"][1].startswith("sent"), _outcomes(report)
        [mail] = world.sink.messages[before:]
        plain = mail.message.get_body(("plain",))
        assert plain is not None
        bodies[level] = plain.get_content()
    flat = {level: body.count("Verzugspauschale") for level, body in bodies.items()}
    assert flat == {"R1": 0, "M1": 1, "M2": 0, "M3": 0}
    assert "40,00" in bodies["M1"]
    assert all("Verzugszinsen" in bodies[level] for level in ("M1", "M2", "M3"))


async def _extras(world: World, tenant_id: UUID, *, on: bool) -> None:
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        current = (await store.account.get()).settings
        await store.account.save_settings(replace(current, statutory_extras=on))


@pytest.mark.parametrize("bundled", [False, True], ids=["one invoice", "one message per customer"])
async def test_the_flat_fee_goes_on_the_first_message_after_statutory_extras_are_switched_on(
    world: World, bundled: bool
) -> None:
    """Rule 7: statutory extras off when M1 went (in default: no flat fee on it), on before M2:
    M2 carries the 40 EUR flat fee (it once counted M1 as having claimed it), M3 does not.
    With one message per customer each invoice in the message carries its own, once."""
    tenant, org = await _tenant(
        world, "Bäckerei Sonnenschein GmbH", one_message_per_customer=bundled
    )
    await _use_email_only(world, tenant)
    due = _ago(3)
    numbers = ["RE-1", "RE-2"] if bundled else ["RE-1"]
    shared = _contact(world, org, "RE-1")
    for number in numbers:
        _invoice(world, org, number, due, contactId=shared)
    bodies: dict[str, str] = {}
    for level, after_due in (("R1", 3), ("M1", 14), ("M2", 28), ("M3", 42)):
        if level == "M2":
            await _extras(world, tenant, on=True)
        await _on(world, due + timedelta(days=after_due))
        await _sync(world, tenant)
        before = len(world.sink.messages)
        report = await run_cycle(world.ports(), tenant)
        outcomes = _outcomes(report)
        assert {n: outcomes[n][0] for n in numbers} == dict.fromkeys(numbers, level), outcomes
        assert all(outcomes[n][1].startswith("sent") for n in numbers), outcomes
        [mail] = world.sink.messages[before:]
        plain = mail.message.get_body(("plain",))
        assert plain is not None
        bodies[level] = plain.get_content()
    flat = {level: body.count("Verzugspauschale") for level, body in bodies.items()}
    assert flat == {"R1": 0, "M1": 0, "M2": len(numbers), "M3": 0}
    assert "40,00" in bodies["M2"]
    assert "Verzugszinsen" not in bodies["M1"]
    stored = {(m.level, m.invoice_id) for m in await _messages(world, tenant)}
    assert len(stored) == 4 * len(numbers)


async def test_a_letter_after_statutory_extras_are_switched_on_carries_the_flat_fee(
    world: World,
) -> None:
    """Rule 7 by post: M1 by e-mail in default with statutory extras off, then on: the letter
    preview of M2 and the M2 sent by post carry the 40 EUR flat fee of § 288 (5) BGB."""
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH")
    due = _ago(3)
    lexoffice_id = _invoice(world, org, "RE-1", due)
    for level, after_due in (("R1", 3), ("M1", 14)):
        await _on(world, due + timedelta(days=after_due))
        await _sync(world, tenant)
        assert _outcomes(await run_cycle(world.ports(), tenant))["RE-1"][0] == level
    await _extras(world, tenant, on=True)
    await _on(world, due + timedelta(days=28))
    await _sync(world, tenant)
    async with world.container.database.unit_of_work() as uow:
        invoice_id = (await uow.tenant(tenant).invoices.by_lexoffice_id(lexoffice_id)).id
    preview = await letter_preview(world.ports(), tenant, invoice_id, Level.M2)
    assert [f.cents for f in preview.fees if "288 Abs. 5" in f.label] == [40_00], preview.fees

    report = await run_cycle(world.ports(), tenant)

    assert _outcomes(report)["RE-1"][0] == "M2", _outcomes(report)
    assert _outcomes(report)["RE-1"][1].startswith("sent by post"), _outcomes(report)
    [letter] = [m for m in await _messages(world, tenant) if m.level is Level.M2]
    async with world.container.database.unit_of_work() as uow:
        recorded = await uow.tenant(tenant).messages.rendered_from(letter.id)
    assert recorded is not None
    assert [c.cents for c in recorded.facts.fees if c.kind is ChargeKind.FLAT_FEE] == [40_00]


class _DeactivatedAfterFirstMail:
    """The real SMTP transports; the owner deactivates the tenant (the real use case) right
    after the cycle's first mail was taken."""

    def __init__(self, real: MailTransports, deactivate_now: Callable[[], Awaitable[None]]) -> None:
        self._real = real
        self._deactivate_now = deactivate_now

    def default(self) -> MailTransport:
        return _Deactivating(self._real.default(), self._deactivate_now)

    async def tenant_server(self, server: SmtpServer) -> MailTransport:
        return await self._real.tenant_server(server)

    async def check(self, server: SmtpServer) -> str | None:
        return await self._real.check(server)


class _Deactivating:
    def __init__(self, real: MailTransport, then: Callable[[], Awaitable[None]]) -> None:
        self._real = real
        self._then: Callable[[], Awaitable[None]] | None = then

    @property
    def from_address(self) -> str:
        return self._real.from_address

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        receipt = await self._real.send(mail)
        if self._then is not None:
            then, self._then = self._then, None
            await then()
        return receipt

    @asynccontextmanager
    async def session(self) -> AsyncIterator[MailSender]:
        async with self._real.session() as real:
            yield _Deactivating(real, self._then)  # type: ignore[arg-type]
            self._then = None


async def test_deactivating_in_the_middle_of_a_cycle_stops_the_rest_and_loses_nothing(
    world: World,
) -> None:
    """Rule 4: deactivating stops sending at once — the messages of a running cycle not yet
    sent are not sent, and no claim is left `sending` — and loses nothing: once activated
    again, the next cycle sends them."""
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH")
    await _use_email_only(world, tenant)
    for number in ("RE-1", "RE-2", "RE-3"):
        _invoice(world, org, number, _ago(5))
    await _sync(world, tenant)
    ports = world.ports()

    async def owner_deactivates() -> None:
        await deactivate(ports, tenant, "owner")

    first = await run_cycle(
        replace(ports, mail=_DeactivatedAfterFirstMail(ports.mail, owner_deactivates)), tenant
    )

    sent = [n for n, (_, outcome) in _outcomes(first).items() if outcome.startswith("sent")]
    assert len(sent) == 1, _outcomes(first)
    assert len(world.sink.messages) == 1
    states = [m.state for m in await _messages(world, tenant)]
    assert MessageState.SENDING not in states
    assert states.count(MessageState.SENT) == 1
    await activate(world.container.database.unit_of_work, tenant, world.clock.now())
    again = await run_cycle(world.ports(), tenant)
    sent_again = {n for n, (_, o) in _outcomes(again).items() if o.startswith("sent")}
    assert sent_again == {"RE-1", "RE-2", "RE-3"} - set(sent)
    assert len(world.sink.messages) == 3


@dataclass
class _DeactivatedAfterThePlan:
    """lexoffice's gateways, asked for the tenant's client once its day is planned, right
    before the first message: the owner deactivates the tenant at that moment."""

    real: Any
    then: Callable[[], Awaitable[None]]

    async def for_tenant(self, tenant_id: UUID) -> Any:
        await self.then()
        return await self.real.for_tenant(tenant_id)


async def test_deactivated_after_the_day_was_planned_its_claims_are_refused(world: World) -> None:
    """Rule 4 at the claim: the day was planned while the tenant was activated; the first
    claim reads the deactivation in its own transaction, so nothing is claimed or sent and
    every message is reported not activated."""
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH")
    await _use_email_only(world, tenant)
    for number in ("RE-1", "RE-2"):
        _invoice(world, org, number, _ago(5))
    await _sync(world, tenant)
    ports = world.ports()

    async def owner_deactivates() -> None:
        await deactivate(ports, tenant, "owner")

    report = await run_cycle(
        replace(ports, gateways=_DeactivatedAfterThePlan(ports.gateways, owner_deactivates)),
        tenant,
    )
    assert report.held is None, "planned while activated"
    assert _outcomes(report) == dict.fromkeys(("RE-1", "RE-2"), ("R1", NOT_ACTIVATED))
    assert world.sink.messages == []
    assert await _messages(world, tenant) == []


async def test_a_message_for_several_invoices_is_not_sent_when_one_was_claimed_elsewhere(
    world: World,
) -> None:
    """Planned while nothing was claimed, RE-2's reminder is claimed by another process before
    this one's claim: the e-mail names RE-1 and RE-2, so it is not sent at all (sent for RE-1
    alone, it would remind of RE-2 twice); RE-1 stays due and the next run sends it alone."""
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH", one_message_per_customer=True)
    await _use_email_only(world, tenant)
    anna = _contact(world, org, "Anna")
    _invoice(world, org, "RE-1", _ago(5), contactId=anna)
    lexoffice_id = _invoice(world, org, "RE-2", _ago(5), contactId=anna)
    await _sync(world, tenant)
    ports = world.ports()
    async with ports.units() as uow:
        second = (await uow.tenant(tenant).invoices.by_lexoffice_id(lexoffice_id)).id

    async def another_process_claims_re_2() -> None:
        await StoredLedger(ports.units, tenant).claim(
            [Claim(second, Level.R1, Channel.EMAIL, "<elsewhere@x>", TODAY, world.clock.now())]
        )

    report = await run_cycle(
        replace(
            ports, gateways=_DeactivatedAfterThePlan(ports.gateways, another_process_claims_re_2)
        ),
        tenant,
    )
    assert _outcomes(report) == {
        "RE-1": ("R1", PART_CLAIMED_ELSEWHERE),
        "RE-2": ("R1", CLAIMED_ELSEWHERE),
    }
    assert world.sink.messages == []
    assert [m.invoice_id for m in await _messages(world, tenant)] == [second]

    again = await run_cycle(world.ports(), tenant)
    assert _outcomes(again) == {"RE-1": ("R1", "sent")}
    [mail] = world.sink.messages
    subject = str(mail.message["Subject"])
    assert "RE-1" in subject
    assert "RE-2" not in subject


class _CountedUnits:
    """The units of work (transactions) opened through it, counted."""

    def __init__(self, real: Callable[[], Any]) -> None:
        self.real = real
        self.opened = 0

    def __call__(self) -> Any:
        self.opened += 1
        return self.real()


async def _transactions(world: World, invoices: int, *, one_message: bool = False) -> int:
    """The units of work of one cycle sending `invoices` R1s, each its own e-mail or (one
    customer's, `one_message`) all in one."""
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH")
    await _use_email_only(world, tenant)
    if one_message:
        async with world.container.database.unit_of_work() as uow:
            store = uow.tenant(tenant)
            current = (await store.account.get()).settings
            await store.account.save_settings(replace(current, one_message_per_customer=True))
    shared = _contact(world, org, "Anna") if one_message else None
    for n in range(invoices):
        _invoice(world, org, f"RE-{n}", _ago(5), **({"contactId": shared} if shared else {}))
    await _sync(world, tenant)
    units = _CountedUnits(world.ports().units)
    report = await run_cycle(world.ports(units=units), tenant)
    assert len(report.sent) == invoices, report.lines
    return units.opened


async def test_an_e_mail_costs_three_transactions_its_claims_a_last_look_and_its_outcome(
    world: World,
) -> None:
    """Whether the tenant is still activated is read in the claim's transaction, not in one of
    its own; the claims of one e-mail for several invoices are taken in one transaction, and
    looked at once more (a pause set since) in one right before the hand-over."""
    one = await _transactions(world, 1)
    assert await _transactions(world, 3) - one == 2 * 3
    assert await _transactions(world, 3, one_message=True) == one
