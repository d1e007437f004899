"""`/v1/dunnings`: pursue an invoice with a draft dunning (validated like lexoffice does), read
it back, and render it as PDF."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.lexoffice import documents
from automahntion_sandboxes.lexoffice.calls import (
    AnyRequest,
    base_url,
    json_object,
    organization_of,
    require_json,
)
from automahntion_sandboxes.lexoffice.clock import is_timestamp, timestamp
from automahntion_sandboxes.lexoffice.errors import ApiError, Detail
from automahntion_sandboxes.lexoffice.money import euros, tax_on_net, to_cents
from automahntion_sandboxes.lexoffice.shapes import dunning_view
from automahntion_sandboxes.lexoffice.state import (
    INVOICE_TYPES,
    Dunning,
    Organization,
    Sandbox,
    Voucher,
    new_id,
)

ITEM_TYPES = ("custom", "material", "service", "text")
SHIPPING_TYPES = ("service", "serviceperiod", "delivery", "deliveryperiod", "none")
MAX_ITEMS = 300
TEXT_LIMITS = {"title": 25, "introduction": 2000, "remark": 2000}


class _Checks:
    def __init__(self) -> None:
        self.details: list[Detail] = []

    def missing(self, field: str) -> None:
        self.details.append(Detail("NOTNULL", field, "darf nicht leer sein"))

    def invalid(self, field: str, message: str) -> None:
        self.details.append(Detail("INVALID", field, message))

    def mapping(self, body: dict[str, Any], field: str) -> dict[str, Any] | None:
        value = body.get(field)
        if value is None:
            self.missing(field)
            return None
        if not isinstance(value, dict):
            self.invalid(field, "must be an object")
            return None
        return value

    def text(self, value: object, field: str, limit: int, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.missing(field)
        elif not isinstance(value, str):
            self.invalid(field, "must be a text")
        elif len(value) > limit:
            self.details.append(Detail("SIZE", field, f"size must be between 0 and {limit}"))


def _address(checks: _Checks, body: dict[str, Any], invoice: Voucher) -> None:
    address = checks.mapping(body, "address")
    if address is None:
        return
    if invoice.contact_id is not None:
        if address.get("contactId") is None:
            checks.missing("address.contactId")
        elif address["contactId"] != invoice.contact_id:
            checks.invalid("address.contactId", "must be the contact of the pursued invoice")
        return
    if address.get("contactId") is not None:
        checks.invalid("address.contactId", "the pursued invoice has no contact")
    for field in ("name", "countryCode"):
        if not address.get(field):
            checks.missing(f"address.{field}")


def _line_items(checks: _Checks, body: dict[str, Any]) -> None:
    items = body.get("lineItems")
    if items is None:
        checks.missing("lineItems")
        return
    if not isinstance(items, list) or not items:
        checks.details.append(Detail("NOTEMPTY", "lineItems", "darf nicht leer sein"))
        return
    if len(items) > MAX_ITEMS:
        checks.details.append(Detail("SIZE", "lineItems", f"at most {MAX_ITEMS} line items"))
    for index, item in enumerate(items):
        field = f"lineItems[{index}]"
        if not isinstance(item, dict):
            checks.invalid(field, "must be an object")
            continue
        kind = item.get("type")
        if kind not in ITEM_TYPES:
            checks.invalid(f"{field}.type", f"must be one of {', '.join(ITEM_TYPES)}")
            continue
        checks.text(item.get("name"), f"{field}.name", 255, required=True)
        checks.text(item.get("description"), f"{field}.description", 2000)
        if kind == "text":
            continue
        if kind in ("material", "service") and not item.get("id"):
            checks.missing(f"{field}.id")
        quantity = item.get("quantity")
        if quantity is None:
            checks.missing(f"{field}.quantity")
        elif isinstance(quantity, bool) or not isinstance(quantity, int | float):
            checks.invalid(f"{field}.quantity", "must be a number")
        if kind == "custom" and not item.get("unitName"):
            checks.missing(f"{field}.unitName")
        price = item.get("unitPrice")
        if not isinstance(price, dict):
            checks.missing(f"{field}.unitPrice")
            continue
        if price.get("currency") != "EUR":
            checks.invalid(f"{field}.unitPrice.currency", "only EUR is supported")
        for name in ("netAmount", "taxRatePercentage"):
            value = price.get(name)
            if value is None:
                checks.missing(f"{field}.unitPrice.{name}")
            elif isinstance(value, bool) or not isinstance(value, int | float):
                checks.invalid(f"{field}.unitPrice.{name}", "must be a number")


def _conditions(checks: _Checks, body: dict[str, Any]) -> None:
    tax = body.get("taxConditions")
    if not isinstance(tax, dict) or not tax.get("taxType"):
        checks.missing("taxConditions.taxType")
    elif tax["taxType"] != "net":
        checks.invalid("taxConditions.taxType", "must equal the tax type of the invoice (net)")
    shipping = body.get("shippingConditions")
    kind = shipping.get("shippingType") if isinstance(shipping, dict) else None
    if not isinstance(shipping, dict) or not kind:
        checks.missing("shippingConditions.shippingType")
    elif kind not in SHIPPING_TYPES:
        checks.invalid("shippingConditions.shippingType", f"one of {', '.join(SHIPPING_TYPES)}")
    elif kind != "none":
        for name in ("shippingDate", *(("shippingEndDate",) if kind.endswith("period") else ())):
            if not is_timestamp(shipping.get(name)):
                checks.missing(f"shippingConditions.{name}")
    total = body.get("totalPrice")
    if not isinstance(total, dict) or not total.get("currency"):
        checks.missing("totalPrice.currency")
    elif total["currency"] != "EUR":
        checks.invalid("totalPrice.currency", "only EUR is supported")


def validate(body: dict[str, Any], invoice: Voucher) -> list[Detail]:
    checks = _Checks()
    if body.get("voucherDate") is None:
        checks.missing("voucherDate")
    elif not is_timestamp(body["voucherDate"]):
        checks.invalid(
            "voucherDate", "must be a lexoffice timestamp such as 2026-11-27T00:00:00.000+01:00"
        )
    _address(checks, body, invoice)
    _line_items(checks, body)
    _conditions(checks, body)
    for field, limit in TEXT_LIMITS.items():
        checks.text(body.get(field), field, limit)
    if body.get("language") not in (None, "de", "en"):
        checks.invalid("language", "must be de or en")
    return checks.details


def _priced(body: dict[str, Any]) -> dict[str, Any]:
    """The stored dunning: line amounts, totals and tax amounts computed (net tax type)."""
    items, net_by_rate = [], defaultdict[Decimal, int](int)
    for item in body["lineItems"]:
        item = dict(item)
        if item["type"] != "text":
            price = dict(item["unitPrice"])
            rate = Decimal(str(price["taxRatePercentage"]))
            unit_net = to_cents(price["netAmount"])
            price["grossAmount"] = euros(unit_net + tax_on_net(unit_net, rate))
            discount = Decimal(str(item.get("discountPercentage", 0)))
            line_net = int(
                (
                    Decimal(unit_net) * Decimal(str(item["quantity"])) * (100 - discount) / 100
                ).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            )
            item.update(unitPrice=price, discountPercentage=float(discount))
            item["lineItemAmount"] = euros(line_net)
            net_by_rate[rate] += line_net
        items.append(item)
    taxes = {rate: tax_on_net(net, rate) for rate, net in net_by_rate.items()}
    net_total, tax_total = sum(net_by_rate.values()), sum(taxes.values())
    return {
        **body,
        "lineItems": items,
        "totalPrice": {
            "currency": "EUR",
            "totalNetAmount": euros(net_total),
            "totalGrossAmount": euros(net_total + tax_total),
            "totalTaxAmount": euros(tax_total),
        },
        "taxAmounts": [
            {
                "taxRatePercentage": float(rate),
                "taxAmount": euros(taxes[rate]),
                "netAmount": euros(net_by_rate[rate]),
            }
            for rate in sorted(net_by_rate)
        ],
    }


def _dunned_address(body: dict[str, Any], invoice: Voucher) -> dict[str, Any]:
    invoice_address = dict(invoice.address or {})
    if invoice.contact_id is not None:
        return invoice_address
    return {**body["address"], "name": invoice_address.get("name", body["address"]["name"])}


def _pursued(organization: Organization, voucher_id: str | None) -> Voucher:
    if not voucher_id:
        message = "Required parameter 'precedingSalesVoucherId' is not present"
        raise ApiError(400, message, [Detail("NOTNULL", "precedingSalesVoucherId", message)])
    invoice = organization.vouchers.get(voucher_id)
    problem = None
    if invoice is None:
        problem = "the preceding sales voucher does not exist"
    elif invoice.voucher_type not in INVOICE_TYPES:
        problem = f"a {invoice.voucher_type} cannot be pursued with a dunning"
    elif invoice.status in ("draft", "voided"):
        problem = f"a {invoice.status} invoice cannot be pursued"
    if problem is not None or invoice is None:
        detail = Detail("INVALID", "precedingSalesVoucherId", problem or "")
        raise ApiError(406, "Validation failed for request", [detail])
    return invoice


@post("/dunnings", status_code=201)
async def create_dunning(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    organization = organization_of(request, sandbox)
    require_json(request)
    invoice = _pursued(organization, request.query_params.get("precedingSalesVoucherId"))
    body = await json_object(request)
    details = validate(body, invoice)
    if details:
        raise ApiError(406, "Validation failed for request", details)
    stored = _priced({**body, "address": _dunned_address(body, invoice)})
    now = sandbox.clock.now()
    dunning = Dunning(
        id=new_id(),
        organization_id=organization.id,
        invoice_id=invoice.id,
        body=stored,
        created=now,
        updated=now,
    )
    organization.dunnings[dunning.id] = dunning
    sandbox.emit(organization.id, "dunning.created", dunning.id)
    uri = f"{base_url(request)}/v1/dunnings/{dunning.id}"
    return Response(
        content={
            "id": dunning.id,
            "resourceUri": uri,
            "createdDate": timestamp(dunning.created),
            "updatedDate": timestamp(dunning.updated),
            "version": dunning.version,
        },
        status_code=201,
        headers={"Location": uri},
    )


def _dunning(
    request: AnyRequest, sandbox: Sandbox, dunning_id: str
) -> tuple[Organization, Dunning]:
    organization = organization_of(request, sandbox)
    dunning = organization.dunnings.get(dunning_id)
    if dunning is None:
        raise ApiError(404, f"Resource {dunning_id} not found")
    return organization, dunning


@get("/dunnings/{dunning_id:str}")
async def get_dunning(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], dunning_id: FromPath[str]
) -> Response[Any]:
    organization, dunning = _dunning(request, sandbox, dunning_id)
    return Response(content=dunning_view(organization, dunning))


@get("/dunnings/{dunning_id:str}/file")
async def get_dunning_file(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], dunning_id: FromPath[str]
) -> Response[bytes]:
    organization, dunning = _dunning(request, sandbox, dunning_id)
    if not documents.accepts_pdf(request.headers.get("accept")):
        raise ApiError(406, "Requested media type is not supported; use application/pdf or */*")
    return documents.dunning_pdf(organization, dunning)


@get("/dunnings/{dunning_id:str}/document")
async def get_dunning_document(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], dunning_id: FromPath[str]
) -> Response[Any]:
    _, dunning = _dunning(request, sandbox, dunning_id)
    return Response(content={"documentFileId": dunning.file_id})


ROUTES = [create_dunning, get_dunning, get_dunning_file, get_dunning_document]
