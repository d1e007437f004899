"""`/_sandbox`: reset, the request log, the clock, faults, failing debits, the objects,
renewals (the end of a trial or a period), webhook endpoints with secret rotation, events and
re-delivery, and forgetting idempotency keys (as after Stripe's 24 hours)."""

from __future__ import annotations

from typing import Any

from litestar import Request, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.common import ControlError, control_body, set_clock
from automahntion_sandboxes.payments import billing
from automahntion_sandboxes.payments.errors import StripeError
from automahntion_sandboxes.payments.ledger import Endpoint, Ledger, new_id

AnyRequest = Request[Any, Any, Any]
KINDS = frozenset(
    {
        "customer",
        "credit_note",
        "payment_method",
        "mandate",
        "setup_intent",
        "price",
        "product",
        "subscription",
        "invoice",
        "invoiceitem",
        "payment_intent",
    }
)


def _whole(body: dict[str, Any], name: str, default: int, minimum: int) -> int:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ControlError(400, f"{name} must be a whole number ≥ {minimum}")
    return value


@post("/reset", status_code=204)
async def reset(ledger: NamedDependency[Ledger]) -> None:
    ledger.reset()


@get("/requests")
async def requests(ledger: NamedDependency[Ledger]) -> list[dict[str, Any]]:
    return [entry.as_json() for entry in ledger.requests]


@post("/faults", status_code=201)
async def add_faults(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    """The next `times` calls (to paths starting with `path`, of `method` when given) answer
    `status`; with `dropResponse` the work is done first and only the answer is lost."""
    body = control_body(await request.body())
    status = _whole(body, "status", 500, 400)
    path = body.get("path", "")
    method = body.get("method")
    if status > 599 or not isinstance(path, str) or not isinstance(method, str | None):
        raise ControlError(400, "status must be an HTTP error status, path and method strings")
    ledger.faults.add(
        status,
        _whole(body, "times", 1, 1),
        path,
        bool(body.get("dropResponse")),
        method.upper() if method else None,
    )
    return {"pending": ledger.faults.pending()}


@post("/fail-debits", status_code=200)
async def fail_debits(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    """The next `times` debits fail with insufficient funds."""
    ledger.fail_next_debits = _whole(control_body(await request.body()), "times", 1, 0)
    return {"failNextDebits": ledger.fail_next_debits}


@post("/hold-debits", status_code=200)
async def hold_debits(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    """The next `times` debits stay processing: the invoice open, its payment under way."""
    ledger.hold_next_debits = _whole(control_body(await request.body()), "times", 1, 0)
    return {"holdNextDebits": ledger.hold_next_debits}


@get("/objects/{kind:str}")
async def objects(ledger: NamedDependency[Ledger], kind: FromPath[str]) -> list[dict[str, Any]]:
    if kind not in KINDS:
        raise ControlError(404, f"kind must be one of {', '.join(sorted(KINDS))}")
    return list(ledger.of_kind(kind))


@post("/subscriptions/{subscription_id:str}/renew", status_code=200)
async def renew(ledger: NamedDependency[Ledger], subscription_id: FromPath[str]) -> dict[str, Any]:
    try:
        subscription = ledger.get("subscription", subscription_id)
        return billing.renew(ledger, subscription)
    except StripeError as error:
        raise ControlError(error.status if error.status != 400 else 409, error.message) from None


@post("/invoices/{invoice_id:str}/retry", status_code=200)
async def retry_invoice(
    ledger: NamedDependency[Ledger], invoice_id: FromPath[str]
) -> dict[str, Any]:
    """Stripe's own retry of a failed debit (its smart retries), now."""
    invoice = ledger.objects.get(invoice_id)
    if invoice is None or invoice["object"] != "invoice" or invoice["status"] != "open":
        raise ControlError(409, f"{invoice_id} is not an open invoice")
    ledger.debit(invoice)
    return invoice


@post("/webhooks", status_code=201)
async def add_endpoint(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    """An endpoint for every event, signed with the sandbox's printed secret unless given."""
    body = control_body(await request.body())
    url, secret = body.get("url"), body.get("secret") or ledger.webhook_secret
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ControlError(400, "url must be an http(s) URL")
    if not isinstance(secret, str):
        raise ControlError(400, "secret must be a string")
    endpoint = Endpoint(new_id("we"), url, ("*",), [secret])
    ledger.endpoints[endpoint.id] = endpoint
    return {"id": endpoint.id, "url": url, "secrets": endpoint.secrets}


@post("/webhooks/{endpoint_id:str}/roll-secret", status_code=200)
async def roll_secret(
    request: AnyRequest, ledger: NamedDependency[Ledger], endpoint_id: FromPath[str]
) -> dict[str, Any]:
    """A new secret; the old one keeps signing too until `expireOld` is sent."""
    endpoint = ledger.endpoints.get(endpoint_id)
    if endpoint is None:
        raise ControlError(404, f"no webhook endpoint {endpoint_id}")
    body = control_body(await request.body())
    if body.get("expireOld"):
        endpoint.secrets = endpoint.secrets[-1:]
    else:
        new = body.get("secret") or f"whsec_{new_id('s')[2:]}"
        endpoint.secrets = [endpoint.secrets[-1], str(new)]
    return {"id": endpoint.id, "secrets": endpoint.secrets}


@get("/events")
async def events(ledger: NamedDependency[Ledger]) -> list[dict[str, Any]]:
    return list(ledger.events.values())


@post("/trigger", status_code=201)
async def trigger(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    """Emit an event of `type` about the object `objectId` as it is now."""
    body = control_body(await request.body())
    event_type, ident = body.get("type"), body.get("objectId")
    if not isinstance(event_type, str) or not isinstance(ident, str):
        raise ControlError(400, "type and objectId are required strings")
    obj = ledger.objects.get(ident)
    if obj is None:
        raise ControlError(404, f"no object {ident}")
    return ledger.emit(event_type, obj)


@get("/deliveries")
async def deliveries(ledger: NamedDependency[Ledger]) -> list[dict[str, Any]]:
    return [delivery.as_json() for delivery in ledger.deliverer.deliveries.values()]


@post("/events/{event_id:str}/resend", status_code=201)
async def resend(ledger: NamedDependency[Ledger], event_id: FromPath[str]) -> dict[str, Any]:
    event = ledger.events.get(event_id)
    if event is None:
        raise ControlError(404, f"no event {event_id}")
    for endpoint in ledger.endpoints.values():
        if endpoint.wants(event["type"]):
            ledger.send(event, endpoint)
    return event


@delete("/idempotency-keys", status_code=204)
async def forget_keys(ledger: NamedDependency[Ledger]) -> None:
    ledger.idempotency.clear()


@get("/clock")
async def get_clock(ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    return ledger.clock.as_json()


@put("/clock", status_code=200)
async def put_clock(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    """The provider's date or instant for its objects and events; null: the real time again."""
    return set_clock(ledger.clock, await request.body())


ROUTES = [
    reset,
    requests,
    get_clock,
    put_clock,
    add_faults,
    fail_debits,
    hold_debits,
    objects,
    renew,
    retry_invoice,
    add_endpoint,
    roll_secret,
    events,
    trigger,
    deliveries,
    resend,
    forget_keys,
]
