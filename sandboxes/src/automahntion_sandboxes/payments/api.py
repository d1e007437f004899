"""Stripe's API, the subset we use: customers, SEPA setup intents and mandates, prices,
subscriptions, invoices with invoice items, payment intents, events and webhook endpoints
(credit notes: `credit_notes`)."""

from __future__ import annotations

import copy
from typing import Any

from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.payments import billing, forms
from automahntion_sandboxes.payments.errors import StripeError
from automahntion_sandboxes.payments.ledger import Endpoint, Ledger, iban_valid, new_id

AnyRequest = Request[Any, Any, Any]


async def _params(request: AnyRequest) -> dict[str, Any]:
    if request.method in ("GET", "DELETE"):
        return forms.parse(request.url.query or "")
    return forms.parse(await request.body())


def _expanded(ledger: Ledger, obj: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    fields = forms.indexed(params.get("expand"), "expand")
    if not fields:
        return obj
    result = copy.copy(obj)
    for name in fields:
        ident = result.get(name)
        if isinstance(ident, str) and ident in ledger.objects:
            result[name] = ledger.objects[ident]
    return result


def _list(data: list[dict[str, Any]], url: str) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": False, "url": url}


@post("/customers", status_code=200)
async def create_customer(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    params = await _params(request)
    return ledger.put(
        {
            "id": new_id("cus"),
            "object": "customer",
            "email": forms.text(params, "email"),
            "name": forms.text(params, "name"),
            "metadata": forms.metadata(params),
            "invoice_settings": {"default_payment_method": None},
            "balance": 0,
            "created": ledger.now(),
            "livemode": False,
        }
    )


@get("/customers/{customer_id:str}")
async def read_customer(ledger: NamedDependency[Ledger], customer_id: FromPath[str]) -> Any:
    return ledger.get("customer", customer_id)


@post("/customers/{customer_id:str}", status_code=200)
async def update_customer(
    request: AnyRequest, ledger: NamedDependency[Ledger], customer_id: FromPath[str]
) -> dict[str, Any]:
    customer = ledger.get("customer", customer_id)
    params = await _params(request)
    if "email" in params:
        customer["email"] = forms.text(params, "email")
    if "name" in params:
        customer["name"] = forms.text(params, "name")
    settings = params.get("invoice_settings") or {}
    method = settings.get("default_payment_method") if isinstance(settings, dict) else None
    if method:
        param = "invoice_settings[default_payment_method]"
        if ledger.get("payment_method", method, param).get("customer") != customer_id:
            raise StripeError(400, "The payment method is not attached to this customer.")
        customer["invoice_settings"]["default_payment_method"] = method
    customer["metadata"].update(forms.metadata(params))
    ledger.emit("customer.updated", customer)
    return customer


def _sepa_details(params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    data = params.get("payment_method_data")
    if not isinstance(data, dict) or data.get("type") != "sepa_debit":
        raise StripeError(400, "payment_method_data[type] must be sepa_debit.", param="type")
    raw_sepa = data.get("sepa_debit")
    sepa: dict[str, Any] = raw_sepa if isinstance(raw_sepa, dict) else {}
    iban = str(sepa.get("iban") or "").replace(" ", "").upper()
    param = "payment_method_data[sepa_debit][iban]"
    if not iban_valid(iban):
        raise StripeError(
            400, "The IBAN you provided is invalid.", code="invalid_bank_account_iban", param=param
        )
    raw_details = data.get("billing_details")
    details: dict[str, Any] = raw_details if isinstance(raw_details, dict) else {}
    if not details.get("name") or not details.get("email"):
        message = "SEPA debits need billing_details[name] and billing_details[email]."
        raise StripeError(400, message, param="payment_method_data[billing_details]")
    return iban, details


def _acceptance(params: dict[str, Any]) -> dict[str, Any]:
    mandate_data = params.get("mandate_data")
    acceptance = mandate_data.get("customer_acceptance") if isinstance(mandate_data, dict) else None
    online = acceptance.get("online") if isinstance(acceptance, dict) else None
    if not isinstance(acceptance, dict) or acceptance.get("type") != "online":
        param = "mandate_data[customer_acceptance][type]"
        raise StripeError(400, "The mandate must be accepted online.", param=param)
    if not isinstance(online, dict) or not online.get("ip_address") or not online.get("user_agent"):
        param = "mandate_data[customer_acceptance][online]"
        raise StripeError(400, "Online acceptance needs ip_address and user_agent.", param=param)
    return {"type": "online", "accepted_at": None, "online": dict(online)}


@post("/setup_intents", status_code=200)
async def create_setup_intent(
    request: AnyRequest, ledger: NamedDependency[Ledger]
) -> dict[str, Any]:
    params = await _params(request)
    customer = forms.text(params, "customer", required=True) or ""
    ledger.get("customer", customer, "customer")
    if not forms.boolean(params, "confirm", False):
        raise StripeError(400, "The sandbox only supports confirm=true.", param="confirm")
    iban, details = _sepa_details(params)
    acceptance = _acceptance(params)
    acceptance["accepted_at"] = ledger.now()
    method = ledger.put(
        {
            "id": new_id("pm"),
            "object": "payment_method",
            "type": "sepa_debit",
            "customer": customer,
            "billing_details": details,
            "sepa_debit": {"country": iban[:2], "last4": iban[-4:], "bank_code": iban[4:12]},
            "created": ledger.now(),
        }
    )
    ledger.ibans[method["id"]] = iban
    mandate = ledger.put(
        {
            "id": new_id("mandate"),
            "object": "mandate",
            "status": "active",
            "type": "multi_use",
            "payment_method": method["id"],
            "customer_acceptance": acceptance,
            "payment_method_details": {
                "type": "sepa_debit",
                "sepa_debit": {"reference": new_id("ref").upper(), "url": ""},
            },
        }
    )
    intent = ledger.put(
        {
            "id": new_id("seti"),
            "object": "setup_intent",
            "customer": customer,
            "status": "succeeded",
            "usage": forms.text(params, "usage") or "off_session",
            "payment_method": method["id"],
            "payment_method_types": ["sepa_debit"],
            "mandate": mandate["id"],
            "created": ledger.now(),
        }
    )
    ledger.emit("setup_intent.succeeded", intent)
    ledger.emit("mandate.updated", mandate)
    return intent


@get("/setup_intents/{intent_id:str}")
async def read_setup_intent(ledger: NamedDependency[Ledger], intent_id: FromPath[str]) -> Any:
    return ledger.get("setup_intent", intent_id)


@get("/mandates/{mandate_id:str}")
async def read_mandate(ledger: NamedDependency[Ledger], mandate_id: FromPath[str]) -> Any:
    return ledger.get("mandate", mandate_id)


@get("/payment_methods/{method_id:str}")
async def read_payment_method(ledger: NamedDependency[Ledger], method_id: FromPath[str]) -> Any:
    return ledger.get("payment_method", method_id)


@get("/prices")
async def list_prices(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    keys = forms.indexed((await _params(request)).get("lookup_keys"), "lookup_keys")
    prices = [p for p in ledger.of_kind("price") if not keys or p["lookup_key"] in keys]
    return _list(prices, "/v1/prices")


@post("/prices", status_code=200)
async def create_price(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    params = await _params(request)
    cents = forms.integer(params, "unit_amount")
    if cents is None or cents < 0:
        raise StripeError(400, "Missing required param: unit_amount.", param="unit_amount")
    if forms.text(params, "currency", required=True) != "eur":
        raise StripeError(400, "The sandbox only knows eur.", param="currency")
    recurring = params.get("recurring")
    interval = recurring.get("interval") if isinstance(recurring, dict) else None
    if recurring is not None and interval not in ("month", "year"):
        raise StripeError(400, "Invalid recurring[interval].", param="recurring[interval]")
    product = forms.text(params, "product")
    if product is None:
        data = params.get("product_data")
        name = data.get("name") if isinstance(data, dict) else None
        if not name:
            raise StripeError(400, "Missing required param: product.", param="product")
        product = ledger.add_product(str(name))
    else:
        ledger.get("product", product, "product")
    return ledger.add_price(forms.text(params, "lookup_key"), cents, product, interval)


@get("/prices/{price_id:str}")
async def read_price(ledger: NamedDependency[Ledger], price_id: FromPath[str]) -> Any:
    return ledger.get("price", price_id)


@post("/subscriptions", status_code=200)
async def create_subscription(
    request: AnyRequest, ledger: NamedDependency[Ledger]
) -> dict[str, Any]:
    params = await _params(request)
    customer = forms.text(params, "customer", required=True) or ""
    ledger.get("customer", customer, "customer")
    items = forms.indexed(params.get("items"), "items")
    if len(items) != 1 or not isinstance(items[0], dict) or not items[0].get("price"):
        raise StripeError(400, "The sandbox needs exactly one item with a price.", param="items")
    price = ledger.get("price", str(items[0]["price"]), "items[0][price]")
    if price["recurring"] is None:
        raise StripeError(400, "The price must be recurring.", param="items[0][price]")
    trial_days = forms.integer(params, "trial_period_days", 0) or 0
    if not 0 <= trial_days <= 730:
        raise StripeError(400, "Invalid trial_period_days.", param="trial_period_days")
    method = forms.text(params, "default_payment_method")
    if method is not None:
        ledger.get("payment_method", method, "default_payment_method")
    return billing.new_subscription(
        ledger, customer, price, trial_days, method, forms.metadata(params)
    )


@get("/subscriptions/{subscription_id:str}")
async def read_subscription(ledger: NamedDependency[Ledger], subscription_id: FromPath[str]) -> Any:
    return ledger.get("subscription", subscription_id)


@post("/subscriptions/{subscription_id:str}", status_code=200)
async def update_subscription(
    request: AnyRequest, ledger: NamedDependency[Ledger], subscription_id: FromPath[str]
) -> dict[str, Any]:
    subscription = ledger.get("subscription", subscription_id)
    if subscription["status"] == "canceled":
        raise StripeError(400, "A canceled subscription can't be updated.")
    params = await _params(request)
    proration = forms.text(params, "proration_behavior") or "create_prorations"
    if proration not in ("create_prorations", "none", "always_invoice"):
        raise StripeError(400, "Invalid proration_behavior.", param="proration_behavior")
    billing.change_price(
        ledger, subscription, forms.indexed(params.get("items"), "items"), proration
    )
    if "cancel_at_period_end" in params:
        subscription["cancel_at_period_end"] = forms.boolean(params, "cancel_at_period_end", False)
    method = forms.text(params, "default_payment_method")
    if method is not None:
        ledger.get("payment_method", method, "default_payment_method")
        subscription["default_payment_method"] = method
    subscription["metadata"].update(forms.metadata(params))
    ledger.emit("customer.subscription.updated", subscription)
    return subscription


@delete("/subscriptions/{subscription_id:str}", status_code=200)
async def cancel_subscription(
    ledger: NamedDependency[Ledger], subscription_id: FromPath[str]
) -> dict[str, Any]:
    subscription = ledger.get("subscription", subscription_id)
    billing.cancel(ledger, subscription)
    return subscription


@post("/invoices", status_code=200)
async def create_invoice(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    params = await _params(request)
    customer = forms.text(params, "customer", required=True) or ""
    ledger.get("customer", customer, "customer")
    behavior = forms.text(params, "pending_invoice_items_behavior") or "exclude"
    if behavior not in ("exclude", "include"):
        param = "pending_invoice_items_behavior"
        raise StripeError(400, "Invalid pending_invoice_items_behavior.", param=param)
    if (forms.text(params, "collection_method") or "charge_automatically") != (
        "charge_automatically"
    ):
        raise StripeError(400, "The sandbox only charges automatically.", param="collection_method")
    method = forms.text(params, "default_payment_method")
    if method is not None:
        ledger.get("payment_method", method, "default_payment_method")
    invoice = billing.new_invoice(
        ledger,
        customer,
        description=forms.text(params, "description"),
        metadata=forms.metadata(params),
        auto_advance=forms.boolean(params, "auto_advance", True),
        default_payment_method=method,
    )
    if behavior == "include":
        for item in ledger.of_kind("invoiceitem"):
            if item["customer"] == customer and item["invoice"] is None:
                item["invoice"] = invoice["id"]
                price = item["price"]
                billing.add_line(
                    ledger, invoice, price, item["quantity"], item["period"], None, item["id"]
                )
    ledger.emit("invoice.created", invoice)
    return invoice


@get("/invoices")
async def list_invoices(request: AnyRequest, ledger: NamedDependency[Ledger]) -> dict[str, Any]:
    params = await _params(request)
    customer = forms.text(params, "customer")
    limit = forms.integer(params, "limit", 10) or 10
    invoices = [i for i in ledger.of_kind("invoice") if customer in (None, i["customer"])]
    invoices.sort(key=lambda i: i["created"], reverse=True)
    return _list(invoices[: max(1, min(limit, 100))], "/v1/invoices")


@get("/invoices/{invoice_id:str}")
async def read_invoice(
    request: AnyRequest, ledger: NamedDependency[Ledger], invoice_id: FromPath[str]
) -> dict[str, Any]:
    return _expanded(ledger, ledger.get("invoice", invoice_id), await _params(request))


@post("/invoices/{invoice_id:str}/finalize", status_code=200)
async def finalize_invoice(
    request: AnyRequest, ledger: NamedDependency[Ledger], invoice_id: FromPath[str]
) -> dict[str, Any]:
    invoice = ledger.get("invoice", invoice_id)
    params = await _params(request)
    if "auto_advance" in params:
        invoice["auto_advance"] = forms.boolean(params, "auto_advance", True)
    ledger.finalize(invoice)
    return _expanded(ledger, invoice, params)


@post("/invoices/{invoice_id:str}/pay", status_code=200)
async def pay_invoice(
    request: AnyRequest, ledger: NamedDependency[Ledger], invoice_id: FromPath[str]
) -> dict[str, Any]:
    invoice = ledger.get("invoice", invoice_id)
    if invoice["status"] == "paid":
        raise StripeError(400, "Invoice is already paid.", code="invoice_already_paid")
    if invoice["status"] != "open":
        raise StripeError(400, f"Invoice is {invoice['status']}; only open invoices can be paid.")
    intent = ledger.debit(invoice)
    if intent["status"] == "requires_payment_method":
        error = intent["last_payment_error"]
        raise StripeError(402, error["message"], code=error["code"], kind="card_error")
    return _expanded(ledger, invoice, await _params(request))


@post("/invoiceitems", status_code=200)
async def create_invoice_item(
    request: AnyRequest, ledger: NamedDependency[Ledger]
) -> dict[str, Any]:
    params = await _params(request)
    customer = forms.text(params, "customer", required=True) or ""
    ledger.get("customer", customer, "customer")
    price = ledger.get("price", forms.text(params, "price", required=True) or "", "price")
    quantity = forms.integer(params, "quantity", 1) or 0
    if quantity < 1:
        raise StripeError(400, "Invalid quantity: must be at least 1", param="quantity")
    invoice_id = forms.text(params, "invoice")
    invoice = ledger.get("invoice", invoice_id, "invoice") if invoice_id else None
    if invoice is not None and invoice["customer"] != customer:
        raise StripeError(400, "The invoice belongs to another customer.", param="invoice")
    raw_period = params.get("period")
    period = {"start": ledger.now(), "end": ledger.now()}
    if isinstance(raw_period, dict):
        start = forms.integer(raw_period, "start", period["start"])
        end = forms.integer(raw_period, "end", period["end"])
        period = {"start": start or 0, "end": end or 0}
    item = ledger.put(
        {
            "id": new_id("ii"),
            "object": "invoiceitem",
            "customer": customer,
            "invoice": invoice_id,
            "price": price,
            "quantity": quantity,
            "unit_amount": price["unit_amount"],
            "amount": price["unit_amount"] * quantity,
            "currency": "eur",
            "period": period,
            "description": forms.text(params, "description"),
            "date": ledger.now(),
        }
    )
    if invoice is not None:
        billing.add_line(ledger, invoice, price, quantity, period, item["description"], item["id"])
    return item


@get("/payment_intents/{intent_id:str}")
async def read_payment_intent(ledger: NamedDependency[Ledger], intent_id: FromPath[str]) -> Any:
    return ledger.get("payment_intent", intent_id)


@get("/events/{event_id:str}")
async def read_event(ledger: NamedDependency[Ledger], event_id: FromPath[str]) -> Any:
    event = ledger.events.get(event_id)
    if event is None:
        raise StripeError(404, f"No such event: '{event_id}'", code="resource_missing")
    return event


@post("/webhook_endpoints", status_code=200)
async def create_webhook_endpoint(
    request: AnyRequest, ledger: NamedDependency[Ledger]
) -> dict[str, Any]:
    params = await _params(request)
    url = forms.text(params, "url", required=True) or ""
    events = forms.indexed(params.get("enabled_events"), "enabled_events")
    if not events:
        raise StripeError(400, "Missing required param: enabled_events.", param="enabled_events")
    endpoint = Endpoint(new_id("we"), url, tuple(events), [f"whsec_{new_id('s')[2:]}"])
    ledger.endpoints[endpoint.id] = endpoint
    return {
        "id": endpoint.id,
        "object": "webhook_endpoint",
        "url": url,
        "enabled_events": list(endpoint.enabled_events),
        "secret": endpoint.secrets[0],
        "status": "enabled",
    }


ROUTES = [
    create_customer,
    read_customer,
    update_customer,
    create_setup_intent,
    read_setup_intent,
    read_mandate,
    read_payment_method,
    list_prices,
    create_price,
    read_price,
    create_subscription,
    read_subscription,
    update_subscription,
    cancel_subscription,
    create_invoice,
    list_invoices,
    read_invoice,
    finalize_invoice,
    pay_invoice,
    create_invoice_item,
    read_payment_intent,
    read_event,
    create_webhook_endpoint,
]
