"""Stripe's objects (JSON dicts) into the port's values, and nested params into form pairs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from automahntion.app.billing.payments import (
    BilledLine,
    CreditNote,
    Invoice,
    InvoiceState,
    Mandate,
    MandateState,
    PaymentEvent,
    Subscription,
    SubscriptionState,
)

Params = list[tuple[str, str]]


def form(values: Mapping[str, Any], prefix: str = "") -> Params:
    """`{"items": [{"price": "p"}]}` into `[("items[0][price]", "p")]`; None is left out."""
    pairs: Params = []
    for key, value in values.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs += form(value, name)
        elif isinstance(value, list | tuple):
            pairs += form({str(i): item for i, item in enumerate(value)}, name)
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        else:
            pairs.append((name, str(value)))
    return pairs


def moment(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)


def _required_moment(value: Any) -> datetime:
    return datetime.fromtimestamp(int(value), UTC)


def _id(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return str(value["id"])
    return None if value is None else str(value)


def price_key(price: Any) -> str | None:
    if not isinstance(price, Mapping):
        return _id(price)
    return str(price.get("lookup_key") or price["id"])


def mandate(data: Mapping[str, Any], last4: str | None = None) -> Mandate:
    return Mandate(
        mandate_id=str(data["id"]),
        payment_method_id=str(_id(data["payment_method"])),
        state=MandateState(data["status"]),
        iban_last4=last4,
    )


def subscription(data: Mapping[str, Any]) -> Subscription:
    items = data["items"]["data"]
    return Subscription(
        subscription_id=str(data["id"]),
        customer_id=str(_id(data["customer"])),
        state=SubscriptionState(data["status"]),
        price=(price_key(items[0]["price"]) if items else None) or "",
        current_period_start=_required_moment(data["current_period_start"]),
        current_period_end=_required_moment(data["current_period_end"]),
        trial_end=moment(data.get("trial_end")),
        latest_invoice_id=_id(data.get("latest_invoice")),
    )


def _line(data: Mapping[str, Any]) -> BilledLine:
    price = data.get("price")
    quantity = int(data.get("quantity") or 0)
    amount = int(data["amount"])
    unit = int(price["unit_amount"]) if isinstance(price, Mapping) else amount // max(quantity, 1)
    return BilledLine(
        price=price_key(price),
        description=str(data.get("description") or ""),
        quantity=quantity,
        unit_cents=unit,
        amount_cents=amount,
    )


def failure_message(intent: Any) -> str | None:
    if not isinstance(intent, Mapping):
        return None
    error = intent.get("last_payment_error")
    return str(error.get("message") or error.get("code")) if isinstance(error, Mapping) else None


def invoice(data: Mapping[str, Any]) -> Invoice:
    state = InvoiceState(data["status"])
    return Invoice(
        invoice_id=str(data["id"]),
        customer_id=str(_id(data["customer"])),
        state=state,
        total_cents=int(data["total"]),
        amount_due_cents=int(data["amount_due"]),
        amount_paid_cents=int(data["amount_paid"]),
        lines=tuple(_line(line) for line in data["lines"]["data"]),
        subscription_id=_id(data.get("subscription")),
        attempt_count=int(data.get("attempt_count") or 0),
        failure_message=(
            failure_message(data.get("payment_intent")) if state is InvoiceState.OPEN else None
        ),
    )


def credit_note(data: Mapping[str, Any]) -> CreditNote:
    return CreditNote(
        credit_note_id=str(data["id"]),
        invoice_id=str(_id(data["invoice"])),
        amount_cents=int(data["total"]),
        to_balance_cents=int(data.get("credit_amount") or 0),
    )


def event(data: Mapping[str, Any]) -> PaymentEvent:
    obj = data["data"]["object"]
    kind = obj.get("object")
    fields: dict[str, Any] = {}
    if kind == "invoice":
        fields = {"invoice": invoice(obj), "invoice_id": str(obj["id"])}
    elif kind == "subscription":
        fields = {"subscription": subscription(obj)}
    elif kind == "mandate":
        fields = {"mandate": mandate(obj)}
    elif kind == "setup_intent" and obj.get("mandate") and obj.get("payment_method"):
        state = MandateState.ACTIVE if obj.get("status") == "succeeded" else MandateState.PENDING
        fields = {
            "mandate": Mandate(str(_id(obj["mandate"])), str(_id(obj["payment_method"])), state)
        }
    elif kind == "payment_intent":
        fields = {"invoice_id": _id(obj.get("invoice")), "failure_message": failure_message(obj)}
    customer = obj.get("customer") if kind != "customer" else obj.get("id")
    return PaymentEvent(
        event_id=str(data["id"]),
        event_type=str(data["type"]),
        created_at=_required_moment(data["created"]),
        object_id=str(obj["id"]),
        customer_id=_id(customer),
        **fields,
    )
