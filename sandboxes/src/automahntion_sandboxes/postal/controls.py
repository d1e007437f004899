"""`/_sandbox`: reset, the request log, the clock, faults, the letters and their statuses (one
letter, or all of them like a clock tick), webhooks and their deliveries, token lifetime."""

from __future__ import annotations

import hashlib
from typing import Any

from litestar import Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.common import ControlError, Deliverer, control_body, set_clock
from automahntion_sandboxes.postal.letters import Lifecycle
from automahntion_sandboxes.postal.state import (
    EVENT_CATEGORIES,
    FINAL,
    Letter,
    Sandbox,
    Webhook,
    new_id,
)

AnyRequest = Request[Any, Any, Any]


def _letter_summary(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "organisationId": letter.organisation_id,
        "status": letter.status,
        "deliveryProduct": letter.delivery_product,
        "registered": letter.registered,
        "trackingNumber": letter.tracking_number,
        "fileName": letter.file_name,
        "pdfBytes": len(letter.pdf),
        "pdfSha256": hashlib.sha256(letter.pdf).hexdigest(),
        "events": [event.code for event in letter.events],
    }


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise ControlError(400, f"{name} must be a string")
    return value


@post("/reset", status_code=204)
async def reset(sandbox: NamedDependency[Sandbox], deliverer: NamedDependency[Deliverer]) -> None:
    deliverer.clear()
    sandbox.reset()


@get("/requests")
async def requests(sandbox: NamedDependency[Sandbox]) -> list[dict[str, Any]]:
    return [entry.as_json() for entry in sandbox.requests]


@post("/faults", status_code=201)
async def add_faults(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    body = control_body(await request.body())
    status, times = body.get("status", 500), body.get("times", 1)
    if not isinstance(status, int) or not 400 <= status <= 599:
        raise ControlError(400, "status must be an HTTP error status")
    if not isinstance(times, int) or times < 1:
        raise ControlError(400, "times must be a whole number ≥ 1")
    path = _optional_text(body, "path") or ""
    sandbox.faults.add(status, times, path, bool(body.get("dropResponse", False)))
    return {"pending": sandbox.faults.pending()}


@get("/letters")
async def letters(sandbox: NamedDependency[Sandbox]) -> list[dict[str, Any]]:
    return [_letter_summary(letter) for letter in sandbox.letters.values()]


@get("/letters/{letter_id:str}/pdf", media_type="application/pdf")
async def letter_pdf(sandbox: NamedDependency[Sandbox], letter_id: FromPath[str]) -> bytes:
    """The PDF as it was uploaded, to read back what would be printed."""
    letter = sandbox.letters.get(letter_id)
    if letter is None:
        raise ControlError(404, f"no letter {letter_id}")
    return letter.pdf


@post("/letters/{letter_id:str}/advance", status_code=200)
async def advance_letter(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    lifecycle: NamedDependency[Lifecycle],
    letter_id: FromPath[str],
) -> dict[str, Any]:
    letter = sandbox.letters.get(letter_id)
    if letter is None:
        raise ControlError(404, f"no letter {letter_id}")
    body = control_body(await request.body())
    passed = lifecycle.advance(letter, _optional_text(body, "to"), _optional_text(body, "reason"))
    return {**_letter_summary(letter), "passed": passed}


@post("/advance", status_code=200)
async def advance_all(
    sandbox: NamedDependency[Sandbox], lifecycle: NamedDependency[Lifecycle]
) -> list[dict[str, Any]]:
    """A tick of the print shop's clock: every letter that can move moves one step."""
    moved = []
    for letter in list(sandbox.letters.values()):
        if letter.status in FINAL:
            continue
        try:
            lifecycle.step(letter)
        except ControlError:
            continue
        moved.append(_letter_summary(letter))
    return moved


@post("/webhooks", status_code=201)
async def register_webhooks(
    request: AnyRequest, sandbox: NamedDependency[Sandbox]
) -> dict[str, Any]:
    """Subscribe `url` to every event category, signed with `signingKey` (default: the
    sandbox's printed key)."""
    body = control_body(await request.body())
    url = _optional_text(body, "url")
    if not url or not url.startswith(("http://", "https://")):
        raise ControlError(400, "url must be an http(s) URL")
    key = _optional_text(body, "signingKey") or sandbox.default_signing_key
    organisation_id = _optional_text(body, "organisationId") or (
        sandbox.default_client.organisation_id
    )
    for category in EVENT_CATEGORIES:
        hook = Webhook(new_id(), organisation_id, category, url, key)
        sandbox.webhooks[hook.id] = hook
    return {"url": url, "categories": list(EVENT_CATEGORIES)}


@get("/deliveries")
async def deliveries(deliverer: NamedDependency[Deliverer]) -> list[dict[str, Any]]:
    return [delivery.as_json() for delivery in deliverer.deliveries.values()]


@post("/deliveries/{delivery_id:str}/redeliver", status_code=201)
async def redeliver(
    sandbox: NamedDependency[Sandbox],
    deliverer: NamedDependency[Deliverer],
    delivery_id: FromPath[str],
) -> dict[str, Any]:
    old = deliverer.deliveries.get(delivery_id)
    if old is None:
        raise ControlError(404, f"no delivery {delivery_id}")
    hook = next((h for h in sandbox.webhooks.values() if h.url == old.url), None)
    key = hook.signing_key if hook is not None else sandbox.default_signing_key
    return deliverer.redeliver(delivery_id, lambda raw: sandbox.sign(key, raw)).as_json()


@put("/token-lifetime", status_code=200)
async def token_lifetime(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    seconds = control_body(await request.body()).get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise ControlError(400, "seconds must be a whole number ≥ 0")
    sandbox.token_lifetime_s = seconds
    return {"seconds": seconds}


@get("/clock")
async def get_clock(sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    return sandbox.clock.as_json()


@put("/clock", status_code=200)
async def put_clock(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    """The print shop's date or instant for letters and events; null: the real time again."""
    return set_clock(sandbox.clock, await request.body())


ROUTES = [
    reset,
    requests,
    get_clock,
    put_clock,
    add_faults,
    letters,
    letter_pdf,
    advance_letter,
    advance_all,
    register_webhooks,
    deliveries,
    redeliver,
    token_lifetime,
]
