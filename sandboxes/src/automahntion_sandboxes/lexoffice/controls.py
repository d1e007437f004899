"""`/_sandbox`: the sandbox-only controls — seeding, the current date, rate and token lifetime,
payments, voiding and status changes, token revocation, faults, and the logs."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.clock import parse_day
from automahntion_sandboxes.common import ControlError, control_body, control_clock
from automahntion_sandboxes.common import set_clock as common_set_clock
from automahntion_sandboxes.lexoffice import ledger, seeding
from automahntion_sandboxes.lexoffice.events import Dispatcher
from automahntion_sandboxes.lexoffice.money import to_cents
from automahntion_sandboxes.lexoffice.shapes import dunning_view, payments_view
from automahntion_sandboxes.lexoffice.signing import Signer
from automahntion_sandboxes.lexoffice.state import (
    PAYMENT_ITEM_TYPES,
    Fault,
    OAuthClient,
    Organization,
    Sandbox,
    Voucher,
)

AnyRequest = Request[Any, Any, Any]


async def _body(request: AnyRequest) -> dict[str, Any]:
    return control_body(await request.body())


def _organization(sandbox: Sandbox, organization_id: str) -> Organization:
    organization = sandbox.organizations.get(organization_id)
    if organization is None:
        raise ControlError(404, f"no organization {organization_id}")
    return organization


def _voucher(sandbox: Sandbox, organization_id: str, voucher_id: str) -> Voucher:
    voucher = _organization(sandbox, organization_id).vouchers.get(voucher_id)
    if voucher is None:
        raise ControlError(404, f"no voucher {voucher_id} in organization {organization_id}")
    return voucher


def _list(body: dict[str, Any], name: str) -> list[Any]:
    values = body.get(name)
    if not isinstance(values, list):
        raise ControlError(400, f"{name} must be a list")
    return values


def _number(body: dict[str, Any], name: str, *, minimum: float = 0) -> float:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ControlError(400, f"{name} must be a number ≥ {minimum}")
    return float(value)


@post("/reset", status_code=204)
async def reset(sandbox: NamedDependency[Sandbox], dispatcher: NamedDependency[Dispatcher]) -> None:
    dispatcher.clear()
    sandbox.reset()


@post("/organizations", status_code=201)
async def create_organization(
    request: AnyRequest, sandbox: NamedDependency[Sandbox]
) -> dict[str, Any]:
    body = await _body(request)
    organization_id = body.get("organizationId")
    if organization_id is not None and not isinstance(organization_id, str):
        raise ControlError(400, "organizationId must be a string")
    if organization_id in sandbox.organizations:
        raise ControlError(409, f"organization {organization_id} exists")
    name = str(body.get("companyName") or f"Sandbox GmbH {len(sandbox.organizations) + 1}")
    organization = sandbox.add_organization(name, organization_id, *_sender_address(body))
    return {
        "organizationId": organization.id,
        "connectionId": organization.connection_id,
        "apiKey": sandbox.new_api_key(organization.id),
        "companyName": organization.company_name,
        "address": _address_out(organization.address),
    }


def _sender_address(body: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    """The optional `address` ({street, zip, city}) its documents print; none: the default."""
    address = body.get("address")
    if address is None:
        return ()
    keys = ("street", "zip", "city")
    if not isinstance(address, dict) or not all(
        isinstance(address.get(key), str) and address[key].strip() for key in keys
    ):
        raise ControlError(400, "address must have street, zip and city")
    street, zip_code, city = (str(address[key]).strip() for key in keys)
    return ((street, zip_code, city),)


def _address_out(address: tuple[str, str, str]) -> dict[str, str]:
    return dict(zip(("street", "zip", "city"), address, strict=True))


@post("/organizations/{organization_id:str}/api-keys", status_code=201)
async def create_api_key(
    sandbox: NamedDependency[Sandbox], organization_id: FromPath[str]
) -> dict[str, Any]:
    organization = _organization(sandbox, organization_id)
    return {"organizationId": organization.id, "apiKey": sandbox.new_api_key(organization.id)}


@post("/oauth-clients", status_code=201)
async def create_oauth_client(
    request: AnyRequest, sandbox: NamedDependency[Sandbox]
) -> dict[str, Any]:
    body = await _body(request)
    client_id, secret = body.get("clientId"), body.get("clientSecret")
    uris = _list(body, "redirectUris")
    if not isinstance(client_id, str) or not client_id or not isinstance(secret, str):
        raise ControlError(400, "clientId and clientSecret are required")
    if not uris or not all(isinstance(uri, str) for uri in uris):
        raise ControlError(400, "redirectUris must be a non-empty list of URLs")
    sandbox.clients[client_id] = OAuthClient(client_id, secret, tuple(uris))
    return {"clientId": client_id, "redirectUris": uris}


@get("/today")
async def get_today(sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    return {"date": sandbox.clock.today().isoformat()}


@put("/today", status_code=200)
async def set_today(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    """The date alone (`{"date": null}`: the real date again)."""
    body = await _body(request)
    control_clock(sandbox.clock, {"date": body.get("date")})
    return {"date": sandbox.clock.today().isoformat()}


@get("/clock")
async def get_clock(sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    return sandbox.clock.as_json()


@put("/clock", status_code=200)
async def set_clock(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    """`{"date": "YYYY-MM-DD"}`, `{"now": "<ISO instant>"}`, or null: the real time again."""
    return common_set_clock(sandbox.clock, await request.body())


@put("/rate", status_code=200)
async def set_rate(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    rate = _number(await _body(request), "perSecond", minimum=0.001)
    sandbox.limiter.set_rate(rate)
    return {"perSecond": rate}


@put("/token-lifetime", status_code=200)
async def set_token_lifetime(
    request: AnyRequest, sandbox: NamedDependency[Sandbox]
) -> dict[str, Any]:
    seconds = (await _body(request)).get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise ControlError(400, "seconds must be a whole number ≥ 0")
    sandbox.token_lifetime = seconds
    return {"seconds": seconds}


@post("/organizations/{organization_id:str}/contacts", status_code=201)
async def create_contact(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], organization_id: FromPath[str]
) -> dict[str, Any]:
    organization = _organization(sandbox, organization_id)
    [contact_id] = seeding.add_contacts(sandbox, organization, [await _body(request)], events=True)
    return {"id": contact_id}


@post("/organizations/{organization_id:str}/contacts:bulk", status_code=201)
async def create_contacts(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], organization_id: FromPath[str]
) -> dict[str, Any]:
    organization = _organization(sandbox, organization_id)
    bodies = _list(await _body(request), "contacts")
    return {"ids": seeding.add_contacts(sandbox, organization, bodies, events=False)}


@patch("/organizations/{organization_id:str}/contacts/{contact_id:str}", status_code=200)
async def change_contact(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    organization_id: FromPath[str],
    contact_id: FromPath[str],
) -> dict[str, Any]:
    contact = _organization(sandbox, organization_id).contacts.get(contact_id)
    if contact is None:
        raise ControlError(404, f"no contact {contact_id} in organization {organization_id}")
    seeding.change_contact(sandbox, contact, await _body(request))
    return {"id": contact.id, "version": contact.version}


@post("/organizations/{organization_id:str}/vouchers", status_code=201)
async def create_voucher(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], organization_id: FromPath[str]
) -> dict[str, Any]:
    organization = _organization(sandbox, organization_id)
    [voucher_id] = seeding.add_vouchers(sandbox, organization, [await _body(request)], events=True)
    return {"id": voucher_id}


@post("/organizations/{organization_id:str}/vouchers:bulk", status_code=201)
async def create_vouchers(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], organization_id: FromPath[str]
) -> dict[str, Any]:
    organization = _organization(sandbox, organization_id)
    bodies = _list(await _body(request), "vouchers")
    return {"ids": seeding.add_vouchers(sandbox, organization, bodies, events=False)}


@post("/organizations/{organization_id:str}/vouchers/{voucher_id:str}/payments", status_code=200)
async def add_payment(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    organization_id: FromPath[str],
    voucher_id: FromPath[str],
) -> dict[str, Any]:
    voucher = _voucher(sandbox, organization_id, voucher_id)
    body = await _body(request)
    try:
        cents = to_cents(body.get("amount"))
    except ValueError as error:
        raise ControlError(400, "amount must be a number") from error
    day = None
    if body.get("date") is not None:
        try:
            day = parse_day(str(body["date"]))
        except ValueError as error:
            raise ControlError(400, "date must be YYYY-MM-DD") from error
    item_type = body.get("type", "manualPayment")
    if item_type not in PAYMENT_ITEM_TYPES:
        raise ControlError(400, f"type must be one of {', '.join(PAYMENT_ITEM_TYPES)}")
    ledger.pay(sandbox, voucher, cents, day, str(item_type))
    return payments_view(voucher)


@post(
    "/organizations/{organization_id:str}/vouchers/{voucher_id:str}/payments:cancel",
    status_code=200,
)
async def cancel_payments(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    organization_id: FromPath[str],
    voucher_id: FromPath[str],
) -> dict[str, Any]:
    """`{"type": "partPaymentCreditNote"}`: the voucher's items of that type taken back (the
    credit note cancelled), the invoice open again for what they had cleared."""
    voucher = _voucher(sandbox, organization_id, voucher_id)
    item_type = (await _body(request)).get("type")
    if item_type not in PAYMENT_ITEM_TYPES:
        raise ControlError(400, f"type must be one of {', '.join(PAYMENT_ITEM_TYPES)}")
    ledger.cancel_payments(sandbox, voucher, str(item_type))
    return payments_view(voucher)


@post("/organizations/{organization_id:str}/vouchers/{voucher_id:str}/void", status_code=200)
async def void_voucher(
    sandbox: NamedDependency[Sandbox], organization_id: FromPath[str], voucher_id: FromPath[str]
) -> dict[str, Any]:
    voucher = _voucher(sandbox, organization_id, voucher_id)
    ledger.void(sandbox, voucher)
    return payments_view(voucher)


@post("/organizations/{organization_id:str}/vouchers/{voucher_id:str}/status", status_code=200)
async def set_voucher_status(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    organization_id: FromPath[str],
    voucher_id: FromPath[str],
) -> dict[str, Any]:
    voucher = _voucher(sandbox, organization_id, voucher_id)
    ledger.set_status(sandbox, voucher, (await _body(request)).get("status"))
    return {"id": voucher.id, "voucherStatus": voucher.status, "version": voucher.version}


@get("/organizations/{organization_id:str}/dunnings")
async def list_dunnings(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], organization_id: FromPath[str]
) -> dict[str, Any]:
    """The dunnings lexoffice holds (it has no list endpoint), optionally for one invoice."""
    organization = _organization(sandbox, organization_id)
    invoice_id = request.query_params.get("invoiceId")
    return {
        "dunnings": [
            dunning_view(organization, dunning)
            for dunning in organization.dunnings.values()
            if invoice_id is None or dunning.invoice_id == invoice_id
        ]
    }


@post("/organizations/{organization_id:str}/revoke-tokens", status_code=200)
async def revoke_tokens(
    sandbox: NamedDependency[Sandbox], organization_id: FromPath[str]
) -> dict[str, Any]:
    organization = _organization(sandbox, organization_id)
    grants = [grant for grant in sandbox.grants_of(organization.id) if not grant.revoked]
    for grant in grants:
        sandbox.revoke_grant(grant)
    sandbox.emit(organization.id, "token.revoked", organization.connection_id)
    return {"connectionId": organization.connection_id, "revokedGrants": len(grants)}


@post("/faults", status_code=201)
async def add_fault(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    body = await _body(request)
    drop = bool(body.get("dropResponse", False))
    hang_up = bool(body.get("hangUp", False))
    executes = body.get("execute", drop or hang_up)
    if not isinstance(executes, bool):
        raise ControlError(400, "execute must be true or false")
    default_status = 504 if drop or hang_up else None
    count, status = body.get("count", 1), body.get("status", default_status)
    raw, content_type = body.get("body"), body.get("contentType", "application/json")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ControlError(400, "count must be a whole number ≥ 1")
    if raw is not None and not (isinstance(raw, str) and isinstance(content_type, str)):
        raise ControlError(400, "body and contentType must be strings")
    lowest = 200 if raw is not None else 400
    if isinstance(status, bool) or not isinstance(status, int) or not lowest <= status <= 599:
        raise ControlError(
            400, "status must be an HTTP error status (e.g. 500, 503, 504, 429), or 200 with a body"
        )
    prefix = body.get("pathPrefix") or "/v1"
    if not isinstance(prefix, str):
        raise ControlError(400, "pathPrefix must be a string")
    method = body.get("method")
    if method is not None and method not in ("GET", "POST", "PUT", "DELETE"):
        raise ControlError(400, "method must be GET, POST, PUT or DELETE")
    fault = Fault(count, status, drop, prefix, hang_up, executes, method, raw, content_type)
    sandbox.faults.append(fault)
    return _fault_view(fault)


def _fault_view(fault: Fault) -> dict[str, Any]:
    return {
        "count": fault.count,
        "status": fault.status,
        "dropResponse": fault.drop_response,
        "hangUp": fault.hang_up,
        "execute": fault.executes,
        "method": fault.method,
        "pathPrefix": fault.path_prefix,
        "body": fault.body,
        "contentType": fault.content_type,
    }


@get("/faults")
async def list_faults(sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    return {"faults": [_fault_view(f) for f in sandbox.faults]}


@delete("/faults", status_code=204)
async def clear_faults(sandbox: NamedDependency[Sandbox]) -> None:
    sandbox.faults.clear()


@get("/requests")
async def list_requests(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> dict[str, Any]:
    organization_id = request.query_params.get("organizationId")
    prefix = request.query_params.get("pathPrefix") or ""
    return {
        "requests": [
            entry.as_json()
            for entry in sandbox.requests
            if (organization_id is None or entry.organization_id == organization_id)
            and entry.path.startswith(prefix)
        ]
    }


@delete("/requests", status_code=204)
async def clear_requests(sandbox: NamedDependency[Sandbox]) -> None:
    sandbox.requests.clear()


@get("/events")
async def list_deliveries(dispatcher: NamedDependency[Dispatcher]) -> dict[str, Any]:
    return {"deliveries": [delivery.as_json() for delivery in dispatcher.deliveries]}


@delete("/events", status_code=204)
async def clear_deliveries(dispatcher: NamedDependency[Dispatcher]) -> None:
    dispatcher.deliveries.clear()


@get("/public-key", media_type="text/plain")
async def public_key(signer: NamedDependency[Signer]) -> Response[str]:
    return Response(content=signer.public_key_pem(), media_type="text/plain")


ROUTES = [
    reset,
    create_organization,
    create_api_key,
    create_oauth_client,
    get_today,
    set_today,
    get_clock,
    set_clock,
    set_rate,
    set_token_lifetime,
    create_contact,
    create_contacts,
    change_contact,
    create_voucher,
    create_vouchers,
    add_payment,
    cancel_payments,
    void_voucher,
    set_voucher_status,
    list_dunnings,
    revoke_tokens,
    add_fault,
    list_faults,
    clear_faults,
    list_requests,
    clear_requests,
    list_deliveries,
    clear_deliveries,
    public_key,
]
