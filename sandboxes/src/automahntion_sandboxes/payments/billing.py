"""Invoices and subscriptions as Stripe builds them: draft invoices, their lines, and the
subscription's periods with the invoice of each."""

from __future__ import annotations

from typing import Any

from automahntion_sandboxes.payments.errors import StripeError
from automahntion_sandboxes.payments.ledger import INTERVAL_S, Ledger, new_id


def new_invoice(
    ledger: Ledger,
    customer: str,
    *,
    subscription: str | None = None,
    billing_reason: str = "manual",
    description: str | None = None,
    metadata: dict[str, str] | None = None,
    auto_advance: bool = True,
    default_payment_method: str | None = None,
) -> dict[str, Any]:
    now = ledger.now()
    return ledger.put(
        {
            "id": new_id("in"),
            "object": "invoice",
            "customer": customer,
            "subscription": subscription,
            "billing_reason": billing_reason,
            "collection_method": "charge_automatically",
            "auto_advance": auto_advance,
            "default_payment_method": default_payment_method,
            "description": description,
            "metadata": metadata or {},
            "currency": "eur",
            "status": "draft",
            "number": None,
            "paid": False,
            "attempted": False,
            "attempt_count": 0,
            "next_payment_attempt": None,
            "payment_intent": None,
            "lines": {"object": "list", "data": [], "has_more": False, "total_count": 0},
            "subtotal": 0,
            "total": 0,
            "amount_due": 0,
            "amount_paid": 0,
            "amount_remaining": 0,
            "period_start": now,
            "period_end": now,
            "status_transitions": {"finalized_at": None, "paid_at": None},
            "created": now,
            "livemode": False,
        }
    )


def add_line(
    ledger: Ledger,
    invoice: dict[str, Any],
    price: dict[str, Any],
    quantity: int,
    period: dict[str, int],
    description: str | None = None,
    invoice_item: str | None = None,
) -> dict[str, Any]:
    if invoice["status"] != "draft":
        raise StripeError(400, f"Invoice {invoice['id']} is not a draft.", param="invoice")
    amount = price["unit_amount"] * quantity
    line = {
        "id": new_id("il"),
        "object": "line_item",
        "amount": amount,
        "currency": "eur",
        "description": description or f"{quantity} × {ledger.product_name(price)}",
        "quantity": quantity,
        "price": price,
        "period": period,
        "invoice_item": invoice_item,
        "type": "invoiceitem" if invoice_item else "subscription",
    }
    lines = invoice["lines"]
    lines["data"].append(line)
    lines["total_count"] = len(lines["data"])
    for name in ("subtotal", "total", "amount_due", "amount_remaining"):
        invoice[name] += amount
    return line


def new_subscription(
    ledger: Ledger,
    customer: str,
    price: dict[str, Any],
    trial_days: int,
    default_payment_method: str | None,
    metadata: dict[str, str],
) -> dict[str, Any]:
    now = ledger.now()
    trial_end = now + trial_days * 86400 if trial_days > 0 else None
    period_end = trial_end or now + INTERVAL_S[price["recurring"]["interval"]]
    subscription = ledger.put(
        {
            "id": new_id("sub"),
            "object": "subscription",
            "customer": customer,
            "status": "trialing" if trial_end else "incomplete",
            "items": {"object": "list", "data": [_item(price)], "has_more": False},
            "current_period_start": now,
            "current_period_end": period_end,
            "trial_start": now if trial_end else None,
            "trial_end": trial_end,
            "latest_invoice": None,
            "default_payment_method": default_payment_method,
            "cancel_at_period_end": False,
            "canceled_at": None,
            "metadata": metadata,
            "created": now,
            "livemode": False,
        }
    )
    ledger.emit("customer.subscription.created", subscription)
    if trial_end is None:
        subscription["status"] = "active"
        _bill_period(ledger, subscription, "subscription_create")
    return subscription


def _item(price: dict[str, Any]) -> dict[str, Any]:
    return {"id": new_id("si"), "object": "subscription_item", "price": price, "quantity": 1}


def _bill_period(ledger: Ledger, subscription: dict[str, Any], reason: str) -> None:
    invoice = new_invoice(ledger, subscription["customer"], subscription=subscription["id"])
    invoice["billing_reason"] = reason
    period = {
        "start": subscription["current_period_start"],
        "end": subscription["current_period_end"],
    }
    for item in subscription["items"]["data"]:
        add_line(ledger, invoice, item["price"], item["quantity"], period)
    invoice["period_start"], invoice["period_end"] = period["start"], period["end"]
    subscription["latest_invoice"] = invoice["id"]
    ledger.finalize(invoice)


def renew(ledger: Ledger, subscription: dict[str, Any]) -> dict[str, Any]:
    """The period ends (or the trial): the next one starts and is invoiced and debited."""
    if subscription["status"] == "canceled":
        raise StripeError(400, "A canceled subscription cannot be renewed.")
    if subscription["cancel_at_period_end"]:
        cancel(ledger, subscription)
        return subscription
    interval = subscription["items"]["data"][0]["price"]["recurring"]["interval"]
    start = subscription["current_period_end"]
    subscription["current_period_start"] = start
    subscription["current_period_end"] = start + INTERVAL_S[interval]
    if subscription["status"] == "trialing":
        subscription["status"] = "active"
        ledger.emit("customer.subscription.updated", subscription)
    _bill_period(ledger, subscription, "subscription_cycle")
    return subscription


def change_price(
    ledger: Ledger, subscription: dict[str, Any], items: list[Any], proration: str
) -> None:
    data = subscription["items"]["data"]
    for entry in items:
        if not isinstance(entry, dict):
            raise StripeError(400, "Invalid items", param="items")
        price_id = entry.get("price")
        price = ledger.get("price", str(price_id), "items[0][price]") if price_id else None
        if price is not None and price.get("recurring") is None:
            raise StripeError(400, "The price must be recurring.", param="items[0][price]")
        existing = next((item for item in data if item["id"] == entry.get("id")), None)
        if entry.get("id") and existing is None:
            raise StripeError(404, f"No such subscription item: '{entry['id']}'", param="items")
        if existing is not None and price is not None:
            existing["price"] = price
        elif existing is None and price is not None:
            data.append(_item(price))
    subscription["proration_behavior"] = proration


def cancel(ledger: Ledger, subscription: dict[str, Any]) -> None:
    if subscription["status"] == "canceled":
        return
    subscription["status"] = "canceled"
    subscription["canceled_at"] = ledger.now()
    ledger.emit("customer.subscription.deleted", subscription)
