"""The Pingen adapter against the postal sandbox over HTTP: letters plain and registered, the
tracking number of a registered letter, signed status webhooks, idempotency and retries."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from automahntion.adapters.clock import SystemClock
from automahntion.adapters.postal.client import PingenClient
from automahntion.adapters.postal.webhooks import PingenWebhookVerifier
from automahntion.adapters.retrying import RetryPolicy
from automahntion.app.post.provider import (
    LetterKeyReused,
    LetterRequest,
    LetterState,
    PostalUnavailable,
)
from automahntion.app.webhooks import WebhookRefused
from automahntion.domain.prices import LetterKind
from automahntion_sandboxes.postal import create_app
from automahntion_sandboxes.postal.tracking import check_digit
from tests.sandbox_server import running
from tests.webhook_sink import Callback, WebhookSink

SIGNING_KEY = "whsec_postal_tests_0123456789"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FAST = RetryPolicy(attempts=4, base_delay_s=0.01, max_delay_s=0.05)
S10 = re.compile(r"^RN(\d{8})(\d)DE$")


@dataclass
class Postal:
    url: str
    controls: httpx.Client
    sink: WebhookSink
    sink_url: str

    def control(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.controls.request(method, "/_sandbox" + path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    def advance(self, letter_id: str, to: str | None = None) -> dict[str, Any]:
        body = {} if to is None else {"to": to}
        return dict(self.control("POST", f"/letters/{letter_id}/advance", json=body))


@pytest.fixture(scope="module")
def postal() -> Iterator[Postal]:
    sink = WebhookSink()
    with running(create_app(retry_delays=(0.05,))) as url, running(sink) as sink_url:
        controls = httpx.Client(base_url=url, trust_env=False, timeout=30)
        yield Postal(url, controls, sink, sink_url)
        controls.close()


@pytest.fixture
async def client(postal: Postal) -> AsyncIterator[PingenClient]:
    postal.control("POST", "/reset")
    postal.sink.received.clear()
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        key = "postal-sandbox:postal-sandbox-secret"
        yield PingenClient.from_api_key(http, postal.url, key, retry=FAST)


def _letter(kind: LetterKind, key: str) -> LetterRequest:
    return LetterRequest(pdf=PDF, file_name=f"{key}.pdf", kind=kind, idempotency_key=key)


def _category(letter_id: str, category: str) -> Any:
    def matches(callback: Callback) -> bool:
        data = json.loads(callback.body)["data"]
        return bool(
            data["type"] == f"webhook_{category}"
            and data["relationships"]["letter"]["data"]["id"] == letter_id
        )

    return matches


async def test_plain_and_registered_letters_with_tracking_and_signed_webhooks(
    postal: Postal, client: PingenClient
) -> None:
    assert await client.register_webhooks(postal.sink_url + "/postal", SIGNING_KEY) == 4
    assert await client.register_webhooks(postal.sink_url + "/postal", SIGNING_KEY) == 0
    plain = await client.send_letter(_letter(LetterKind.STANDARD, "t1:inv1:M1"))
    registered = await client.send_letter(_letter(LetterKind.REGISTERED, "t1:inv2:M2"))
    assert (plain.kind, plain.state, plain.provider_status) == (
        LetterKind.STANDARD,
        LetterState.SUBMITTED,
        "validating",
    )
    assert registered.kind is LetterKind.REGISTERED
    assert registered.tracking_code is None
    assert plain.price_cents is not None
    assert plain.price_cents > 0
    stored = {item["id"]: item for item in postal.control("GET", "/letters")}
    assert stored[registered.letter_id]["deliveryProduct"] == "track"
    assert stored[plain.letter_id]["pdfBytes"] == len(PDF)

    passed = postal.advance(registered.letter_id, "sent")["passed"]
    assert passed == ["valid", "submitted", "accepted", "printing", "sent"]
    now = await client.letter(registered.letter_id)
    assert now.state is LetterState.SENT
    assert now.tracking_code is not None
    match = S10.match(now.tracking_code)
    assert match is not None
    assert check_digit(match.group(1)) == int(match.group(2))

    postal.advance(plain.letter_id, "delivered")
    assert (await client.letter(plain.letter_id)).tracking_code is None

    verifier = PingenWebhookVerifier(SIGNING_KEY, SystemClock())
    [sent] = await postal.sink.wait_for(_category(registered.letter_id, "sent"))
    event = verifier.verify(sent.body, sent.headers)
    assert (event.letter_id, event.state, event.tracking_code) == (
        registered.letter_id,
        LetterState.SENT,
        now.tracking_code,
    )
    [delivered] = await postal.sink.wait_for(_category(plain.letter_id, "delivered"))
    assert verifier.verify(delivered.body, delivered.headers).state is LetterState.DELIVERED

    postal.control("POST", f"/deliveries/{_delivery_of(postal, event.event_id)}/redeliver")
    again = await postal.sink.wait_for(lambda c: c.body == sent.body and c is not sent)
    assert verifier.verify(again[0].body, again[0].headers).event_id == event.event_id


def _delivery_of(postal: Postal, event_id: str) -> str:
    return next(
        str(d["id"]) for d in postal.control("GET", "/deliveries") if d["eventId"] == event_id
    )


async def test_forged_tampered_and_unsigned_webhooks_are_refused(
    postal: Postal, client: PingenClient
) -> None:
    await client.register_webhooks(postal.sink_url + "/postal", SIGNING_KEY)
    letter = await client.send_letter(_letter(LetterKind.REGISTERED, "t1:inv3:M2"))
    postal.advance(letter.letter_id, "sent")
    [callback] = await postal.sink.wait_for(_category(letter.letter_id, "sent"))
    verifier = PingenWebhookVerifier(SIGNING_KEY, SystemClock())
    assert verifier.verify(callback.body, callback.headers).state is LetterState.SENT

    tampered = callback.body.replace(b'"sent"', b'"delivered"', 1)
    assert tampered != callback.body
    with pytest.raises(WebhookRefused):
        verifier.verify(tampered, callback.headers)
    with pytest.raises(WebhookRefused):
        PingenWebhookVerifier("another-signing-key", SystemClock()).verify(
            callback.body, callback.headers
        )
    with pytest.raises(WebhookRefused):
        verifier.verify(callback.body, {"Content-Type": "application/json"})
    with pytest.raises(WebhookRefused):
        verifier.verify(callback.body, {"signature": "00" * 32})


async def test_issues_and_undeliverable_are_reported(postal: Postal, client: PingenClient) -> None:
    await client.register_webhooks(postal.sink_url + "/postal", SIGNING_KEY)
    unreadable = await client.send_letter(_letter(LetterKind.STANDARD, "t1:inv4:M1"))
    returned = await client.send_letter(_letter(LetterKind.REGISTERED, "t1:inv5:M3"))
    postal.advance(unreadable.letter_id, "invalid")
    postal.advance(returned.letter_id, "undeliverable")
    verifier = PingenWebhookVerifier(SIGNING_KEY, SystemClock())
    [issue] = await postal.sink.wait_for(_category(unreadable.letter_id, "issues"))
    failed = verifier.verify(issue.body, issue.headers)
    assert failed.state is LetterState.FAILED
    assert failed.reason
    [back] = await postal.sink.wait_for(_category(returned.letter_id, "undeliverable"))
    assert verifier.verify(back.body, back.headers).state is LetterState.UNDELIVERABLE
    sent = LetterState.SENT
    assert sent.moves_to(LetterState.UNDELIVERABLE)
    assert not LetterState.DELIVERED.moves_to(sent)


async def test_a_letter_that_required_an_action_is_not_failed_and_goes_on_to_be_sent(
    postal: Postal, client: PingenClient
) -> None:
    """`action_required` is a state of its own (the letter is held until the sender acts, with
    the provider's words for what), but no final one: Pingen resolves it and posts the letter."""
    await client.register_webhooks(postal.sink_url + "/postal", SIGNING_KEY)
    held = await client.send_letter(_letter(LetterKind.REGISTERED, "t1:inv6:M2"))
    reason = {"to": "action_required", "reason": "the street number is missing"}
    postal.control("POST", f"/letters/{held.letter_id}/advance", json=reason)
    postal.advance(held.letter_id, "sent")
    verifier = PingenWebhookVerifier(SIGNING_KEY, SystemClock())
    [issue] = await postal.sink.wait_for(_category(held.letter_id, "issues"))
    [sent] = await postal.sink.wait_for(_category(held.letter_id, "sent"))
    required = verifier.verify(issue.body, issue.headers)
    assert (required.state.value, required.provider_status) == (
        "action_required",
        "action_required",
    )
    assert required.reason == "the street number is missing"
    assert held.state.moves_to(required.state)
    assert required.state.moves_to(verifier.verify(sent.body, sent.headers).state)


def test_a_letter_never_moves_backwards_and_is_not_failed_once_it_went_out() -> None:
    """Pingen's order: refused (`invalid`) or cancelled only before the letter is submitted;
    a late report of issues leaves a sent or delivered letter as it is."""
    submitted, printing, sent = LetterState.SUBMITTED, LetterState.PRINTING, LetterState.SENT
    assert submitted.moves_to(LetterState.FAILED)
    assert printing.moves_to(LetterState.FAILED)
    assert not sent.moves_to(LetterState.FAILED)
    assert not sent.moves_to(LetterState.CANCELLED)
    assert not LetterState.DELIVERED.moves_to(LetterState.FAILED)
    assert not sent.moves_to(printing)
    assert sent.moves_to(LetterState.DELIVERED)
    assert not LetterState.FAILED.moves_to(sent)


def test_a_held_letter_moves_on_but_never_back_and_nothing_printed_is_held_again() -> None:
    """`action_required` comes after the letter was taken in (`submitted`, as it is recorded):
    a late report still reading `submitted` leaves it held; printing, sent, a refusal or a
    cancellation moves it on; a letter already printing or sent is not held again."""
    held = LetterState("action_required")
    assert LetterState.SUBMITTED.moves_to(held)
    assert not held.moves_to(LetterState.SUBMITTED)
    assert not held.final
    for onwards in ("printing", "sent", "delivered", "undeliverable", "failed", "cancelled"):
        assert held.moves_to(LetterState(onwards)), onwards
    for later in ("printing", "sent", "delivered", "failed"):
        assert not LetterState(later).moves_to(held), later


async def test_a_lost_answer_is_retried_with_the_same_key_and_posts_one_letter(
    postal: Postal, client: PingenClient
) -> None:
    organisation = await client.organisation()
    path = f"/organisations/{organisation}/deliveries/letters"
    postal.control("POST", "/faults", json={"status": 502, "path": path, "dropResponse": True})
    letter = await client.send_letter(_letter(LetterKind.REGISTERED, "t1:inv6:M2"))
    assert [item["id"] for item in postal.control("GET", "/letters")] == [letter.letter_id]
    creates = [r for r in postal.control("GET", "/requests") if r["path"] == path]
    assert [(r["status"], r["replayed"]) for r in creates] == [(502, False), (201, True)]
    assert {r["idempotencyKey"] for r in creates} == {"t1:inv6:M2"}

    with pytest.raises(LetterKeyReused):
        await client.send_letter(_letter(LetterKind.REGISTERED, "t1:inv6:M2"))
    assert len(postal.control("GET", "/letters")) == 1


async def test_server_errors_and_429_are_retried_until_an_answer(
    postal: Postal, client: PingenClient
) -> None:
    letter = await client.send_letter(_letter(LetterKind.STANDARD, "t1:inv7:M1"))
    postal.control("POST", "/faults", json={"status": 503, "times": 2})
    postal.control("POST", "/faults", json={"status": 429, "times": 1})
    assert (await client.letter(letter.letter_id)).letter_id == letter.letter_id
    reads = [r["status"] for r in postal.control("GET", "/requests") if r["method"] == "GET"]
    assert reads[-4:] == [503, 503, 429, 200]

    postal.control("POST", "/faults", json={"status": 500, "times": 10})
    with pytest.raises(PostalUnavailable):
        await client.letter(letter.letter_id)


async def test_cancel_before_printing_and_bad_input(postal: Postal, client: PingenClient) -> None:
    letter = await client.send_letter(_letter(LetterKind.STANDARD, "t1:inv8:M1"))
    assert (await client.cancel_letter(letter.letter_id)).state is LetterState.CANCELLED
    with pytest.raises(ValueError, match="PDF"):
        await client.send_letter(
            LetterRequest(
                pdf=b"<html>", file_name="x.html", kind=LetterKind.STANDARD, idempotency_key="k"
            )
        )
    upload = httpx.put(postal.url + "/_uploads/nothing", content=PDF, trust_env=False)
    assert upload.status_code == 404
    refused = httpx.post(
        postal.url + "/auth/access-tokens",
        data={
            "grant_type": "client_credentials",
            "client_id": "postal-sandbox",
            "client_secret": "x",
        },
        trust_env=False,
    )
    assert refused.status_code == 401


async def test_the_print_shops_clock_is_set_for_its_letters_and_events(
    postal: Postal, client: PingenClient
) -> None:
    await client.register_webhooks(postal.sink_url + "/postal", SIGNING_KEY)
    postal.control("PUT", "/clock", json={"date": "2027-12-24"})
    letter = await client.send_letter(_letter(LetterKind.STANDARD, "t1:inv9:M1"))
    assert letter.created_at is not None
    assert letter.created_at.date() == date(2027, 12, 24)
    simulated = datetime(2028, 2, 29, 23, 30, tzinfo=UTC)
    postal.control("PUT", "/clock", json={"now": simulated.isoformat()})
    postal.advance(letter.letter_id, "sent")
    [sent] = await postal.sink.wait_for(_category(letter.letter_id, "sent"))
    event = PingenWebhookVerifier(SIGNING_KEY, SystemClock()).verify(sent.body, sent.headers)
    assert simulated <= event.occurred_at < simulated + timedelta(minutes=1)
    assert postal.controls.put("/_sandbox/clock", json={"date": "24.12.2027"}).status_code == 400
    postal.control("POST", "/reset")
    assert postal.control("GET", "/clock")["follows"] == "real time"
