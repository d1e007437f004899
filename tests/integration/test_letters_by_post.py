"""Dunning notices by post (rule 8), against the lexoffice and the postal sandboxes over HTTP:
plain and registered letters, the tracking code from the provider's signed webhook in the
invoices overview, reruns, unprintable addresses, a provider outage and forged callbacks."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from automahntion.adapters.postal.client import PingenClient
from automahntion.adapters.retrying import RetryPolicy
from automahntion.app.dunning import NO_POSTAL, CycleReport, run_cycle
from automahntion.app.dunning.report import LETTER_REVIEW
from automahntion.app.lexoffice import connect
from automahntion.app.messages.rebuild import letter_making, rebuild
from automahntion.app.messages.records import MessageState
from automahntion.app.post.letters import TAKEN_BEFORE, letter_key
from automahntion.app.post.provider import LetterRequest, LetterState, PostedLetter
from automahntion.app.review.decide import GRACE, resolve, review_items
from automahntion.app.review.items import Outcome, ReviewItem, ReviewKind
from automahntion.app.tenants.letterhead import BankAccount, Letterhead, Logo
from automahntion.app.tenants.records import SyncState, Tenant
from automahntion.bootstrap.settings import Settings
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import CatchUp, Level, LevelSetting, default_levels
from automahntion.domain.prices import LetterKind
from automahntion_sandboxes.postal import create_app as postal_app
from automahntion_sandboxes.postal.app import CLIENT_ID, CLIENT_SECRET, ORGANISATION_ID
from automahntion_sandboxes.postal.tracking import check_digit
from tests.integration import pdf_words
from tests.integration.event_faults import events_refused
from tests.integration.lexoffice_env import (
    Sandbox,
    Service,
    eventually,
    serving_api,
    settings_for,
)
from tests.sandbox_server import free_port, running

TODAY = "2026-11-27"
SIGNING_KEY = "whsec_letters_by_post_0123456789"
POSTAL_KEY = f"{CLIENT_ID}:{CLIENT_SECRET}"
LETTERS_PATH = f"/organisations/{ORGANISATION_ID}/deliveries/letters"
S10 = re.compile(r"^RN(\d{8})(\d)DE$")
BERLIN = {"street": "Hauptstraße 1", "zip": "10115", "city": "Berlin", "countryCode": "DE"}
MUNICH = {"street": "Marienplatz 8", "zip": "80331", "city": "München", "countryCode": "DE"}
LETTERHEAD = Letterhead(
    company_name="Bäckerei Sonnenschein GmbH",
    street="Sonnenallee 12",
    postal_code="12045",
    city="Berlin",
    legal_form="GmbH",
    seat="Berlin",
    register_court="Amtsgericht Charlottenburg",
    register_number="HRB 123456 B",
    managing_directors=("Anna Sonnenschein",),
    bank_accounts=(BankAccount("DE89370400440532013000"),),
)


@dataclass
class Postal:
    url: str
    controls: httpx.Client

    def control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.controls.request(method, "/_sandbox" + path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def letters(self) -> list[dict[str, Any]]:
        return list(self.control("GET", "/letters"))

    def calls(self) -> list[dict[str, Any]]:
        return list(self.control("GET", "/requests"))


@pytest.fixture(scope="module")
def postal_url() -> Iterator[str]:
    with running(postal_app(retry_delays=(0.05, 0.1))) as url:
        yield url


@pytest.fixture
def postal(postal_url: str) -> Iterator[Postal]:
    controls = httpx.Client(base_url=postal_url, trust_env=False, timeout=30)
    box = Postal(postal_url, controls)
    box.control("POST", "/reset")
    yield box
    controls.close()


@pytest.fixture(scope="module")
def api_server(
    sandbox_url: str,
    sqlite_url: str,
    postal_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Settings]]:
    """As `lexoffice_env.api_server`, with the postal provider configured and the dunning PDFs
    in a folder of this module's own."""
    url = f"http://127.0.0.1:{free_port()}"
    settings = replace(
        settings_for(Sandbox(sandbox_url), sqlite_url, url),
        documents_dir=str(tmp_path_factory.mktemp("letter-documents")),
        postal_api_url=postal_url,
        postal_api_key=POSTAL_KEY,
        postal_webhook_secret=SIGNING_KEY,
    )
    with serving_api(settings):
        yield url, settings


def _levels() -> list[LevelSetting]:
    """Defaults, with M1 as a plain letter and M2/M3 registered."""
    by_post = {Level.M1: False, Level.M2: True, Level.M3: True}
    return [
        replace(s, by_post=True, registered=by_post[s.level]) if s.level in by_post else s
        for s in default_levels()
    ]


async def _tenant(service: Service, org: dict[str, Any]) -> tuple[Tenant, str]:
    """Connected and synced; sending hour 23:00 so that only the test runs cycles."""
    key = "amk_" + uuid.uuid4().hex * 2
    tenant = await service.tenant(key)
    units = service.container.database.unit_of_work
    await connect.connect_api_key(
        units,
        service.container.gateways,
        tenant.id,
        org["apiKey"],
        now=service.container.clock.now(),
        webhook_url=service.container.webhook_url,
    )
    async with units() as uow:
        store = uow.tenant(tenant.id)
        settings = (await store.account.get()).settings
        await store.account.save_settings(
            replace(settings, sending_hour=23, catch_up=CatchUp.HIGHEST)
        )
        await store.levels.replace_settings(_levels())
    await service.sync(tenant)
    return tenant, key


def _contact(box: Sandbox, org: str, name: str, address: dict[str, str] | None) -> str:
    body: dict[str, Any] = {
        "company": {"name": name},
        "emailAddresses": {"business": [f"buchhaltung@{uuid.uuid4().hex[:8]}.example"]},
    }
    if address is not None:
        body["addresses"] = {"billing": [address]}
    return str(box.control("POST", f"/organizations/{org}/contacts", json=body)["id"])


def _invoice(box: Sandbox, org: str, number: str, due: str, contact: str) -> str:
    return box.voucher(org, voucherNumber=number, dueDate=due, totalAmount=119.0, contactId=contact)


def _outcomes(report: CycleReport) -> list[tuple[str, str, str, str]]:
    return sorted(
        (line.invoice_number, line.level.value, line.channel.value, line.outcome)
        for line in report.lines
    )


def _by_number(api: httpx.Client) -> dict[str, dict[str, Any]]:
    response = api.get("/v1/invoices", params={"limit": 200})
    assert response.status_code == 200, response.text
    return {item["number"]: item for item in response.json()["items"]}


def _sign(body: bytes, key: str = SIGNING_KEY) -> dict[str, str]:
    signature = hmac.new(key.encode(), body, hashlib.sha256).hexdigest()
    return {"Signature": signature, "Content-Type": "application/json"}


async def test_a_registered_m2_ends_with_its_tracking_code_and_a_plain_m1_has_none(
    service: Service, postal: Postal
) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = _contact(box, oid, "Café Morgenrot", BERLIN)
    hotel = _contact(box, oid, "Hotel Lindenhof", MUNICH)
    _invoice(box, oid, "RE-601", "2026-10-28", cafe)
    _invoice(box, oid, "RE-602", "2026-11-12", hotel)
    tenant, key = await _tenant(service, org)
    hook = {"url": service.api_url + "/v1/webhooks/postal", "signingKey": SIGNING_KEY}
    postal.control("POST", "/webhooks", json=hook)

    report = await run_cycle(service.container.dunning, tenant.id)

    assert _outcomes(report) == [
        ("RE-601", "M2", "letter", "sent by post (registered)"),
        ("RE-602", "M1", "letter", "sent by post (standard)"),
    ]
    assert [line.recipient for line in report.lines] == ["by post", "by post"]
    assert len(report.sent) == 2
    letters = {item["registered"]: item for item in postal.letters()}
    assert (letters[True]["deliveryProduct"], letters[False]["deliveryProduct"]) == (
        "track",
        "cheap",
    )
    assert all(item["pdfBytes"] > 0 for item in letters.values())
    assert box.requests(oid, "/v1/dunnings")

    postal.control("POST", f"/letters/{letters[True]['id']}/advance", json={"to": "sent"})
    tracking = postal.letters()
    code = next(item["trackingNumber"] for item in tracking if item["registered"])
    match = S10.match(code)
    assert match is not None
    assert check_digit(match.group(1)) == int(match.group(2))

    with service.api(key) as api:

        def tracked() -> dict[str, dict[str, Any]] | None:
            found = _by_number(api)
            return found if found["RE-601"]["levelsSent"][0]["trackingCode"] else None

        overview = await eventually(tracked)
    [m2] = overview["RE-601"]["levelsSent"]
    assert {k: m2[k] for k in ("level", "day", "channel", "state", "trackingCode")} == {
        "level": "M2",
        "day": TODAY,
        "channel": "letter",
        "state": "sent",
        "trackingCode": code,
    }
    assert m2["letterStatus"] == "sent"
    assert m2["sentAt"].startswith(TODAY)
    [m1] = overview["RE-602"]["levelsSent"]
    assert (m1["level"], m1["channel"], m1["state"], m1["trackingCode"], m1["letterStatus"]) == (
        "M1",
        "letter",
        "sent",
        None,
        "submitted",
    )
    assert [d["level"] for d in overview["RE-601"]["documents"]] == ["M2"]

    calls_before = len(postal.calls())
    again = await run_cycle(service.container.dunning, tenant.id)
    assert again.lines == []
    assert len(postal.calls()) == calls_before
    assert len(postal.letters()) == 2

    async with service.container.database.unit_of_work() as uow:
        letters_of = uow.tenant(tenant.id).letters
        november = await letters_of.count_by_kind(date(2026, 11, 1), date(2026, 11, 30))
        december = await letters_of.count_by_kind(date(2026, 12, 1), date(2026, 12, 31))
    assert november == {LetterKind.STANDARD: 1, LetterKind.REGISTERED: 1}
    assert december == {LetterKind.STANDARD: 0, LetterKind.REGISTERED: 0}

    [delivery] = [
        d
        for d in postal.control("GET", "/deliveries")
        if json.loads(d["body"])["data"]["type"] == "webhook_sent"
    ]
    assert delivery["delivered"] is True
    body = delivery["body"].encode()
    later = json.loads(body)
    later["data"]["id"] = str(uuid.uuid4())
    later["data"]["type"] = "webhook_progress"
    later["included"][0]["attributes"].update(status="printing", tracking_number=None)
    older = json.dumps(later).encode()
    stranger = json.loads(body)
    stranger["data"]["relationships"]["letter"]["data"]["id"] = str(uuid.uuid4())
    unknown = json.dumps(stranger).encode()
    with httpx.Client(base_url=service.api_url, trust_env=False, timeout=30) as public:
        replayed = public.post("/v1/webhooks/postal", content=body, headers=_sign(body))
        backwards = public.post("/v1/webhooks/postal", content=older, headers=_sign(older))
        foreign = public.post("/v1/webhooks/postal", content=unknown, headers=_sign(unknown))
        forged = public.post(
            "/v1/webhooks/postal", content=body, headers=_sign(body, "another-key")
        )
        unsigned = public.post("/v1/webhooks/postal", content=body)
        unreadable = public.post(
            "/v1/webhooks/postal", content=b'{"data": []}', headers=_sign(b'{"data": []}')
        )
        tampered = public.post(
            "/v1/webhooks/postal",
            content=body.replace(b"webhook_sent", b"webhook_undeliverable"),
            headers=_sign(body),
        )
    assert (replayed.status_code, replayed.json()) == (200, {"accepted": False})
    assert (foreign.status_code, foreign.json()) == (200, {"accepted": False})
    assert (backwards.status_code, backwards.json()) == (200, {"accepted": True})
    for refused in (forged, unsigned, tampered):
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert unreadable.status_code == 422, unreadable.text  # the provider's, but no event
    assert [e["field"] for e in unreadable.json()["errors"]] == ["body"]
    with service.api(key) as api:
        [m2_after] = _by_number(api)["RE-601"]["levelsSent"]
    assert (m2_after["letterStatus"], m2_after["trackingCode"]) == ("sent", code)

    arrived = json.loads(body)
    arrived["data"]["id"] = str(uuid.uuid4())
    arrived["data"]["type"] = "webhook_delivered"
    arrived["included"][0]["attributes"]["status"] = "delivered"
    delivered = json.dumps(arrived).encode()
    with httpx.Client(base_url=service.api_url, trust_env=False, timeout=30) as public:
        async with events_refused(service.container.database.engine, "letter.status_changed"):
            failed = public.post("/v1/webhooks/postal", content=delivered, headers=_sign(delivered))
        with service.api(key) as api:
            [m2_kept] = _by_number(api)["RE-601"]["levelsSent"]
        retried = public.post("/v1/webhooks/postal", content=delivered, headers=_sign(delivered))
    assert failed.status_code == 500
    assert m2_kept["letterStatus"] == "sent", "the change went with the event it could not record"
    assert (retried.status_code, retried.json()) == (200, {"accepted": True})
    with service.api(key) as api:
        listed = api.get("/v1/events", params={"type": "letter.status_changed"})
    events = [e["data"] for e in listed.json()["items"]]
    assert [(e["previousState"], e["state"]) for e in events] == [
        ("submitted", "sent"),
        ("sent", "delivered"),
    ]
    assert events[0] | {"reportedAt": None} == {
        "letterId": letters[True]["id"],
        "invoiceId": overview["RE-601"]["id"],
        "level": "M2",
        "kind": "registered",
        "previousState": "submitted",
        "state": "sent",
        "trackingCode": code,
        "providerStatus": "sent",
        "reason": None,
        "reportedAt": None,
    }
    assert all(e["reportedAt"].endswith("Z") for e in events)


async def test_a_letter_the_provider_holds_is_shown_and_listed_for_the_owner_until_it_is_sent(
    service: Service, postal: Postal
) -> None:
    """The provider holds the letter until someone acts (`action_required`): the overview shows
    it held, not as submitted, and `/v1/attention` names the invoice, the level and the action in
    the provider's words. Once the provider reports it sent, it is sent and the item is gone."""
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    _invoice(box, oid, "RE-651", "2026-10-28", _contact(box, oid, "Hotel Lindenhof", MUNICH))
    tenant, key = await _tenant(service, org)
    hook = {"url": service.api_url + "/v1/webhooks/postal", "signingKey": SIGNING_KEY}
    postal.control("POST", "/webhooks", json=hook)
    report = await run_cycle(service.container.dunning, tenant.id)
    assert _outcomes(report) == [("RE-651", "M2", "letter", "sent by post (registered)")]
    [letter] = postal.letters()
    advance = f"/letters/{letter['id']}/advance"
    why = "the recipient's house number is missing"
    postal.control("POST", advance, json={"to": "action_required", "reason": why})

    with service.api(key) as api:

        def status(wanted: str) -> Any:
            [m2] = _by_number(api)["RE-651"]["levelsSent"]
            return m2 if m2["letterStatus"] == wanted else None

        def held_items() -> list[dict[str, Any]]:
            listed = api.get("/v1/attention", params={"kind": "letter_action_required"})
            assert listed.status_code == 200, listed.text
            return list(listed.json()["items"])

        held = await eventually(lambda: status("action_required"))
        [item] = held_items()
        postal.control("POST", advance, json={"to": "sent"})
        sent = await eventually(lambda: status("sent"))
        after = held_items()
    assert (held["state"], held["channel"], held["trackingCode"]) == ("sent", "letter", None)
    assert {k: item[k] for k in ("key", "kind", "invoiceNumber", "level")} == {
        "key": f"letter:{letter['id']}:action_required",
        "kind": "letter_action_required",
        "invoiceNumber": "RE-651",
        "level": "M2",
    }
    assert (
        "Der Brief M2 zu Rechnung RE-651 wird vom Postdienstleister angehalten" in (item["detail"])
    )
    assert f"„{why}“" in item["detail"]
    assert item["since"].endswith("Z")
    assert sent["trackingCode"]
    assert after == []


async def test_an_unprintable_address_blocks_the_letter_visibly_and_uploads_nothing(
    service: Service, postal: Postal
) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    no_street = _contact(box, oid, "Kiosk Ecke", {"city": "Berlin", "countryCode": "DE"})
    abroad = _contact(
        box, oid, "Gasthof Tirol", {"street": "Hauptplatz 1", "zip": "6020", "city": "Innsbruck",
                                    "countryCode": "AT"},
    )  # fmt: skip
    nothing = _contact(box, oid, "Kantine Nord", None)
    fine = _contact(box, oid, "Hotel Lindenhof", MUNICH)
    _invoice(box, oid, "RE-701", "2026-11-12", no_street)
    _invoice(box, oid, "RE-702", "2026-11-12", abroad)
    _invoice(box, oid, "RE-703", "2026-11-12", nothing)
    _invoice(box, oid, "RE-704", "2026-11-12", fine)
    tenant, key = await _tenant(service, org)

    with service.api(key) as api:
        preview = api.get("/v1/dunning/preview").json()
    holds = {h["number"]: (h["reason"], h["blocked"], h["nextLevel"]) for h in preview["holds"]}
    assert {n: holds[n] for n in ("RE-701", "RE-702", "RE-703")} == dict.fromkeys(
        ("RE-701", "RE-702", "RE-703"), ("blocked", "address_not_printable", "M1")
    )

    no_provider = await run_cycle(replace(service.container.dunning, letters=None), tenant.id)
    report = await run_cycle(service.container.dunning, tenant.id)

    expected_blocks = [
        ("RE-701", "M1", "letter", "blocked: the postal address cannot be printed "
         "(missing street, zip)"),
        ("RE-702", "M1", "letter", "blocked: the postal address cannot be printed "
         "(country AT: letters go only to addresses in Germany)"),
        ("RE-703", "M1", "letter", "blocked: the postal address cannot be printed "
         "(no postal address)"),
    ]  # fmt: skip
    assert _outcomes(no_provider) == [*expected_blocks, ("RE-704", "M1", "letter", NO_POSTAL)]
    assert _outcomes(report) == [
        *expected_blocks,
        ("RE-704", "M1", "letter", "sent by post (standard)"),
    ]
    assert len(postal.letters()) == 1
    assert [c["path"] for c in postal.calls() if c["path"] == LETTERS_PATH] == [LETTERS_PATH]
    with service.api(key) as api:
        overview = _by_number(api)
        blocked_only = api.get("/v1/invoices", params={"blocked": "true"}).json()
    for number, detail in (
        ("RE-701", "M1 goes by post: missing street, zip"),
        ("RE-702", "M1 goes by post: country AT: letters go only to addresses in Germany"),
        ("RE-703", "M1 goes by post: no postal address"),
    ):
        item = overview[number]
        assert (item["blocked"], item["blockedDetail"]) == ("address_not_printable", detail)
        assert item["admission"] == "admitted"
        assert item["levelsSent"] == []
    assert (overview["RE-704"]["blocked"], overview["RE-704"]["blockedDetail"]) == (None, None)
    assert [s["channel"] for s in overview["RE-704"]["levelsSent"]] == ["letter"]
    assert blocked_only["items"] == []


async def test_a_provider_outage_fails_today_and_posts_one_letter_next_sending_day(
    service: Service, postal: Postal
) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    hotel = _contact(box, oid, "Hotel Lindenhof", MUNICH)
    _invoice(box, oid, "RE-801", "2026-11-12", hotel)
    tenant, key = await _tenant(service, org)
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        fast = RetryPolicy(attempts=3, base_delay_s=0.01, max_delay_s=0.02)
        client = PingenClient.from_api_key(http, postal.url, POSTAL_KEY, retry=fast)
        ports = replace(service.container.dunning, letters=client)
        postal.control("POST", "/faults", json={"status": 503, "times": 3, "path": LETTERS_PATH})
        failed = await run_cycle(ports, tenant.id)
        with service.api(key) as api:
            before = _by_number(api)["RE-801"]
        [attempt] = before["levelsSent"]

        service.clock.current = datetime.fromisoformat("2026-11-30T08:00:00+00:00")
        box.control("PUT", "/today", json={"date": "2026-11-30"})
        await service.sync(tenant)
        sent = await run_cycle(ports, tenant.id)
    outage = f"the postal provider answered 503 to POST {LETTERS_PATH}"
    assert _outcomes(failed) == [("RE-801", "M1", "letter", f"failed: {outage}")]
    assert (attempt["state"], attempt["channel"], attempt["failureCode"]) == (
        "failed",
        "letter",
        "postal_failed",
    )
    assert attempt["failureReason"] == (
        "der Brief wurde nicht versendet (der Briefdienstleister war nicht erreichbar)"
    )
    assert _outcomes(sent) == [("RE-801", "M1", "letter", "sent by post (standard)")]
    [letter] = postal.letters()
    creates = [c for c in postal.calls() if c["method"] == "POST" and c["path"] == LETTERS_PATH]
    assert [c["status"] for c in creates] == [503, 503, 503, 201]
    invoice_id = uuid.UUID(before["id"])
    async with service.container.database.unit_of_work() as uow:
        records = await uow.tenant(tenant.id).letters.for_invoices([invoice_id])
    [record] = records[invoice_id]
    assert (record.provider_letter_id, record.sent_on, record.kind) == (
        letter["id"],
        date(2026, 11, 30),
        LetterKind.STANDARD,
    )
    expected_key = letter_key(tenant.id, invoice_id, Level.M1)
    assert {c["idempotencyKey"] for c in creates} == {expected_key}
    with service.api(key) as api:
        [final] = _by_number(api)["RE-801"]["levelsSent"]
    assert (final["state"], final["day"], final["letterStatus"]) == (
        "sent",
        "2026-11-30",
        "submitted",
    )


async def test_a_letter_whose_answer_was_lost_is_found_at_the_provider_not_posted_again(
    service: Service, postal: Postal
) -> None:
    """The provider took the letter but its answer was lost (a failure as far as we knew): the
    next sending day's hand-over finds the letter under its key, and that is the notice —
    counted as sent, its provider id unknown, not printed twice nor left for review."""
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    hotel = _contact(box, oid, "Hotel Lindenhof", MUNICH)
    _invoice(box, oid, "RE-901", "2026-11-12", hotel)
    tenant, key = await _tenant(service, org)
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        fast = RetryPolicy(attempts=2, base_delay_s=0.01, max_delay_s=0.02)
        client = PingenClient.from_api_key(http, postal.url, POSTAL_KEY, retry=fast)
        ports = replace(service.container.dunning, letters=client)
        lost = {"status": 502, "times": 2, "path": LETTERS_PATH, "dropResponse": True}
        postal.control("POST", "/faults", json=lost)
        first = await run_cycle(ports, tenant.id)
        service.clock.current = datetime.fromisoformat("2026-11-30T08:00:00+00:00")
        box.control("PUT", "/today", json={"date": "2026-11-30"})
        await service.sync(tenant)
        rerun = await run_cycle(ports, tenant.id)
        third = await run_cycle(ports, tenant.id)
    assert [line.outcome.split(":")[0] for line in first.lines] == ["failed"]
    assert _outcomes(rerun) == [
        ("RE-901", "M1", "letter", f"sent by post (standard): {TAKEN_BEFORE}")
    ]
    assert third.lines == []
    assert len(postal.letters()) == 1
    review = await _review(service, tenant)
    with service.api(key) as api:
        [taken] = _by_number(api)["RE-901"]["levelsSent"]
    assert (taken["state"], taken["channel"], taken["letterStatus"]) == (
        "sent",
        "letter",
        "unknown",
    )
    assert review == []


class _AnswerLost:
    """The provider takes the letter, and its answer never reaches the cycle."""

    def __init__(self, printer: PingenClient) -> None:
        self.printer = printer

    async def send_letter(self, request: LetterRequest) -> PostedLetter:
        await self.printer.send_letter(request)
        raise ConnectionResetError("connection dropped after the provider took the letter")

    async def letter(self, letter_id: str) -> PostedLetter:
        return await self.printer.letter(letter_id)

    async def cancel_letter(self, letter_id: str) -> PostedLetter:
        return await self.printer.cancel_letter(letter_id)


async def _letter_left_sending(
    service: Service, postal: Postal, number: str
) -> tuple[Tenant, str, ReviewItem]:
    """An M1 letter the provider took, left `sending` for review: (tenant, API key, item)."""
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    _invoice(box, oid, number, "2026-11-12", _contact(box, oid, "Hotel Lindenhof", MUNICH))
    tenant, key = await _tenant(service, org)
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        client = PingenClient.from_api_key(http, postal.url, POSTAL_KEY)
        ports = replace(service.container.dunning, letters=_AnswerLost(client))
        report = await run_cycle(ports, tenant.id)
    assert [line.outcome.split(" (")[0] for line in report.lines] == [LETTER_REVIEW]
    [item] = await _review(service, tenant)
    assert (item.kind, item.channel, item.level) == (
        ReviewKind.MESSAGE_SENDING,
        Channel.LETTER,
        Level.M1,
    )
    return tenant, key, item


async def _review(service: Service, tenant: Tenant) -> list[ReviewItem]:
    """The review once no running cycle can hold a claim of the day (the API's clock stands
    still at the start)."""
    later = service.clock.now() + GRACE + timedelta(seconds=1)
    return await review_items(service.container.database.unit_of_work, tenant.id, later)


async def _decide(service: Service, tenant: Tenant, item: ReviewItem, outcome: Outcome) -> None:
    later = service.clock.now() + GRACE + timedelta(seconds=1)
    units = service.container.database.unit_of_work
    await resolve(units, tenant.id, item.id, outcome, later, "test")


async def test_a_letter_resolved_not_sent_while_the_provider_holds_it_is_never_reviewed_again(
    service: Service, postal: Postal
) -> None:
    box = service.sandbox
    tenant, key, item = await _letter_left_sending(service, postal, "RE-911")
    await _decide(service, tenant, item, Outcome.NOT_SENT)
    service.clock.current = datetime.fromisoformat("2026-11-30T08:00:00+00:00")
    box.control("PUT", "/today", json={"date": "2026-11-30"})
    await service.sync(tenant)
    again = await run_cycle(service.container.dunning, tenant.id)
    review = await _review(service, tenant)
    with service.api(key) as api:
        [taken] = _by_number(api)["RE-911"]["levelsSent"]
    assert _outcomes(again) == [
        ("RE-911", "M1", "letter", f"sent by post (standard): {TAKEN_BEFORE}")
    ]
    assert review == []
    assert (taken["state"], taken["day"], taken["letterStatus"]) == (
        "sent",
        "2026-11-30",
        "unknown",
    )
    assert len(postal.letters()) == 1


async def test_a_letter_resolved_sent_is_the_invoices_letter_and_on_the_letter_bill(
    service: Service, postal: Postal
) -> None:
    tenant, key, item = await _letter_left_sending(service, postal, "RE-921")
    await _decide(service, tenant, item, Outcome.SENT)
    with service.api(key) as api:
        [sent] = _by_number(api)["RE-921"]["levelsSent"]
    invoice_id = item.invoice_id
    async with service.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        [record] = (await store.letters.for_invoices([invoice_id]))[invoice_id]
        billed = await store.letters.count_by_kind(date(2026, 11, 1), date(2026, 11, 30))
    assert (sent["state"], sent["day"], sent["letterStatus"]) == ("sent", TODAY, "unknown")
    assert (record.provider_letter_id, record.state, record.sent_on, record.kind) == (
        None,
        LetterState.UNKNOWN,
        date(2026, 11, 27),
        LetterKind.STANDARD,
    )
    assert billed[LetterKind.STANDARD] == 1


async def test_a_letter_held_by_a_payment_is_reported_as_the_letter_it_would_have_been(
    service: Service, postal: Postal
) -> None:
    """Rule 3's freshness gate stops a notice by post like an e-mail; the report names the
    channel the notice was due on."""
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    paid = _invoice(box, oid, "RE-801", "2026-11-12", _contact(box, oid, "Hotel Post", MUNICH))
    tenant, _ = await _tenant(service, org)
    box.control("POST", f"/organizations/{oid}/vouchers/{paid}/payments", json={"amount": 119.0})

    report = await run_cycle(service.container.dunning, tenant.id)

    [line] = report.lines
    assert (line.invoice_number, line.level.value, line.channel.value) == (
        "RE-801",
        "M1",
        "letter",
    )
    assert not line.outcome.startswith("sent")
    assert postal.letters() == []


def _png_logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), (10, 80, 160)).save(out, "PNG")
    return out.getvalue()


async def test_a_revenue_voucher_is_posted_as_our_din_letter_with_the_tenants_letterhead(
    service: Service, postal: Postal
) -> None:
    """lexoffice cannot dun a revenue voucher: the letter the provider prints is ours, with the
    recipient in the envelope window under the letterhead's return line and the footer's
    mandatory details (DIN 5008 form B, domain rules 8)."""
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    hotel = _contact(box, oid, "Hotel Lindenhof", MUNICH)
    box.voucher(
        oid,
        voucherType="salesinvoice",
        voucherNumber="EB-801",
        dueDate="2026-11-12",
        totalAmount=119.0,
        contactId=hotel,
    )
    tenant, _ = await _tenant(service, org)
    units = service.container.database.unit_of_work
    async with units() as uow:
        account = uow.tenant(tenant.id).account
        settings = (await account.get()).settings
        await account.save_settings(replace(settings, vouchers_enabled=True, letterhead=LETTERHEAD))
        await account.save_logo(Logo("image/png", _png_logo()))
        await account.save_sync_state(SyncState(needs_full_sync=True))
    await service.sync(tenant)

    report = await run_cycle(service.container.dunning, tenant.id)

    assert _outcomes(report) == [("EB-801", "M1", "letter", "sent by post (standard)")]
    [letter] = postal.letters()
    [document] = Path(service.settings.documents_dir).glob(f"{tenant.id}-EB-801-M1-*.pdf")
    assert letter["pdfBytes"] == document.stat().st_size
    _, words = pdf_words.read(document.read_bytes())
    window = pdf_words.lines(
        [w for w in words if w.page == 1 and w.left < 120 and 40 <= w.top < 95]
    )
    assert [line.text for line in window] == [
        "Bäckerei Sonnenschein GmbH · Sonnenallee 12 · 12045 Berlin",
        "Hotel Lindenhof",
        "Marienplatz 8",
        "80331 München",
    ]
    inside = [w for line in window for w in line.words]
    assert min(w.left for w in inside) >= 20
    assert max(w.right for w in inside) <= 105
    assert min(w.top for w in inside) >= 45
    assert max(w.bottom for w in inside) <= 90
    text = " ".join(w.text for w in words)
    for expected in ("Berlin, 27.11.2026", "Sitz der Gesellschaft: Berlin", "HRB 123456 B"):
        assert expected in text, expected
    images = subprocess.run(
        ["pdfimages", "-list", str(document)], capture_output=True, text=True, check=True
    )
    assert len(images.stdout.splitlines()[2:]) >= 1, "the stored logo heads the letter"
    async with units() as uow:
        [sent] = await uow.tenant(tenant.id).messages.in_state(MessageState.SENT)
    rebuilt = await rebuild(units, service.container.dunning.templates, tenant.id, sent.id)
    assert rebuilt.rendered.subject in text
    assert sent.content_sha256 == hashlib.sha256(document.read_bytes()).hexdigest()
    making = letter_making(service.container.dunning.renderer, service.container.dunning.files)
    made_again = await rebuild(
        units, service.container.dunning.templates, tenant.id, sent.id, making
    )
    assert made_again.letter_sha256 == sent.content_sha256 == letter["pdfSha256"]
    assert made_again.matches, "the posted PDF is made again byte for byte"


async def test_an_invoice_is_posted_with_our_cover_page_before_lexoffices_dunning(
    service: Service, postal: Postal
) -> None:
    """The provider prints our DIN 5008 cover (letterhead, window, the enclosed dunning named,
    the enclosure note), then lexoffice's dunning; the recorded hash is the posted PDF's, and
    the message is made again to it from what was recorded."""
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    hotel = _contact(box, oid, "Hotel Lindenhof", MUNICH)
    _invoice(box, oid, "RE-901", "2026-11-12", hotel)
    tenant, _ = await _tenant(service, org)
    units = service.container.database.unit_of_work
    async with units() as uow:
        account = uow.tenant(tenant.id).account
        settings = (await account.get()).settings
        await account.save_settings(replace(settings, letterhead=LETTERHEAD))

    report = await run_cycle(service.container.dunning, tenant.id)

    assert _outcomes(report) == [("RE-901", "M1", "letter", "sent by post (standard)")]
    [letter] = postal.letters()
    pdf = postal.controls.get(f"/_sandbox/letters/{letter['id']}/pdf").content
    assert hashlib.sha256(pdf).hexdigest() == letter["pdfSha256"]
    _, words = pdf_words.read(pdf)
    found = pdf_words.lines(words)
    cover = [line.text for line in found if line.page == 1]
    rest = " ".join(line.text for line in found if line.page > 1)
    window = [
        line.text
        for line in pdf_words.lines([w for w in words if w.page == 1 and w.left < 105])
        if 45 <= line.top <= 90
    ]
    assert window[0].startswith(LETTERHEAD.company_name + " · ")
    assert window[1:] == ["Hotel Lindenhof", "Marienplatz 8", "80331 München"]
    assert any(
        text.startswith("anbei erhalten Sie unsere 1. Mahnung zu Ihrer Rechnung RE-901")
        for text in cover
    )
    assert "Anlage: 1. Mahnung" in cover
    assert "Rechnungsnummer" not in " ".join(cover), "the amounts are lexoffice's page's"
    assert "1. Mahnung" in rest
    assert "RE-901" in rest
    async with units() as uow:
        [sent] = await uow.tenant(tenant.id).messages.in_state(MessageState.SENT)
    assert sent.content_sha256 == letter["pdfSha256"]
    making = letter_making(service.container.dunning.renderer, service.container.dunning.files)
    made_again = await rebuild(
        units, service.container.dunning.templates, tenant.id, sent.id, making
    )
    assert made_again.letter_sha256 == sent.content_sha256
    assert made_again.matches
