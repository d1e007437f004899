"""The payments sandbox's memory and its bookkeeping: customers, SEPA payment methods and
mandates, prices, subscriptions, invoices and their debits, events, webhook endpoints,
idempotency keys, faults and the request log. Stripe objects are kept as their JSON dicts."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from automahntion_sandboxes.clock import SandboxClock, real_seconds
from automahntion_sandboxes.common import Deliverer, Faults, LoggedRequest
from automahntion_sandboxes.payments.errors import StripeError, missing

API_VERSION = "2024-06-20"
DAY_S = 86400
INTERVAL_S = {"month": 30 * DAY_S, "year": 365 * DAY_S}
FAILING_IBANS = frozenset({"DE62370400440532013001"})
"""Stripe's test IBAN whose debits fail (insufficient funds)."""
MONTHLY_PLAN_CENTS = {"starter": 1900, "business": 4900, "pro": 14900}
LOYALTY_MONTHLY_CENTS = {"starter": 900, "business": 1900, "pro": 4900}
"""The customer-loyalty extension's own subscription (30 / 120 / 480 thank-you e-mails)."""
ONE_TIME_CENTS = {"smtp_addon": 3995, "letter_standard": 385, "letter_registered": 620}
PRODUCT_NAMES = {
    "smtp_addon": "SMTP-Zusatzmodul (Versand über den eigenen Mailserver)",
    "letter_standard": "Brief per Post",
    "letter_registered": "Einwurf-Einschreiben",
}
"""German, like every line the tenant reads on its invoices."""


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:].isalnum():
        return False
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def yearly_cents(monthly: int) -> int:
    """12 x monthly x 0.85, rounded half up to the cent."""
    return (12 * monthly * 85 + 50) // 100


@dataclass
class Endpoint:
    id: str
    url: str
    enabled_events: tuple[str, ...]
    secrets: list[str]

    def wants(self, event_type: str) -> bool:
        return "*" in self.enabled_events or event_type in self.enabled_events


@dataclass(frozen=True)
class Stored:
    digest: str
    status: int
    body: bytes


@dataclass
class Ledger:
    api_key: str
    webhook_secret: str
    deliverer: Deliverer
    clock: SandboxClock = field(default_factory=SandboxClock)
    faults: Faults = field(default_factory=Faults)
    requests: list[LoggedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.objects: dict[str, dict[str, Any]] = {}
        self.ibans: dict[str, str] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.endpoints: dict[str, Endpoint] = {}
        self.idempotency: dict[str, Stored] = {}
        self.fail_next_debits = 0
        self.hold_next_debits = 0
        self.invoice_numbers = 0
        self.faults.clear()
        self.requests.clear()
        self.deliverer.clear()
        self.clock.follow_real_time()
        self._seed_prices()

    def now(self) -> int:
        return self.clock.timestamp()

    def _seed_prices(self) -> None:
        for plan, monthly in MONTHLY_PLAN_CENTS.items():
            product = self.add_product(f"automahntion {plan.capitalize()}")
            self.add_price(f"{plan}_monthly", monthly, product, "month")
            self.add_price(f"{plan}_yearly", yearly_cents(monthly), product, "year")
        for plan, monthly in LOYALTY_MONTHLY_CENTS.items():
            product = self.add_product(f"automahntion Kundenbindung {plan.capitalize()}")
            self.add_price(f"loyalty_{plan}_monthly", monthly, product, "month")
        for key, cents in ONE_TIME_CENTS.items():
            self.add_price(key, cents, self.add_product(PRODUCT_NAMES[key]), None)

    def add_product(self, name: str) -> str:
        product = {"id": new_id("prod"), "object": "product", "name": name, "active": True}
        return str(self.put(product)["id"])

    def add_price(
        self, lookup_key: str | None, cents: int, product: str, interval: str | None
    ) -> dict[str, Any]:
        if lookup_key is not None:
            for price in self.of_kind("price"):
                if price["lookup_key"] == lookup_key:
                    price["lookup_key"] = None
        recurring = None if interval is None else {"interval": interval, "interval_count": 1}
        return self.put(
            {
                "id": new_id("price"),
                "object": "price",
                "active": True,
                "currency": "eur",
                "lookup_key": lookup_key,
                "product": product,
                "recurring": recurring,
                "type": "one_time" if interval is None else "recurring",
                "unit_amount": cents,
                "created": self.now(),
                "livemode": False,
            }
        )

    def put(self, obj: dict[str, Any]) -> dict[str, Any]:
        self.objects[obj["id"]] = obj
        return obj

    def get(self, kind: str, ident: str, param: str = "id") -> dict[str, Any]:
        obj = self.objects.get(ident)
        if obj is None or obj["object"] != kind:
            raise missing(kind, ident, param)
        return obj

    def of_kind(self, kind: str) -> Iterable[dict[str, Any]]:
        return [obj for obj in self.objects.values() if obj["object"] == kind]

    def product_name(self, price: dict[str, Any]) -> str:
        product = self.objects.get(price["product"])
        return str(product["name"] if product else price["id"])

    # events and webhooks

    def emit(self, event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
        event: dict[str, Any] = {
            "id": new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": self.now(),
            "data": {"object": json.loads(json.dumps(obj))},
            "livemode": False,
            "pending_webhooks": 0,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
        self.events[event["id"]] = event
        for endpoint in self.endpoints.values():
            if endpoint.wants(event_type):
                event["pending_webhooks"] += 1
                self.send(event, endpoint)
        return event

    def send(self, event: dict[str, Any], endpoint: Endpoint) -> None:
        body = json.dumps(event, separators=(",", ":")).encode()
        self.deliverer.deliver(event["id"], endpoint.url, body, partial(self.sign, endpoint))

    def sign(self, endpoint: Endpoint, body: bytes) -> dict[str, str]:
        """`Stripe-Signature: t=…,v1=…[,v1=…]`, one v1 per secret while one rotates; `t` is
        when it is signed, in real seconds, even while the ledger's clock is set."""
        stamp = str(int(real_seconds()))
        signed = stamp.encode() + b"." + body
        v1 = [hmac.new(s.encode(), signed, hashlib.sha256).hexdigest() for s in endpoint.secrets]
        return {"Stripe-Signature": ",".join([f"t={stamp}", *(f"v1={v}" for v in v1)])}

    # debits

    def payment_method_of(self, invoice: dict[str, Any]) -> str | None:
        if invoice.get("default_payment_method"):
            return str(invoice["default_payment_method"])
        if invoice.get("subscription"):
            subscription = self.objects.get(invoice["subscription"]) or {}
            if subscription.get("default_payment_method"):
                return str(subscription["default_payment_method"])
        customer = self.objects.get(invoice["customer"]) or {}
        method = (customer.get("invoice_settings") or {}).get("default_payment_method")
        return str(method) if method else None

    def finalize(self, invoice: dict[str, Any]) -> None:
        if invoice["status"] != "draft":
            raise StripeError(400, f"Invoice {invoice['id']} is already finalized.")
        self.invoice_numbers += 1
        invoice["number"] = f"SBX-{self.invoice_numbers:04d}"
        invoice["status"] = "open"
        invoice["status_transitions"]["finalized_at"] = self.now()
        self._apply_balance(invoice)
        if invoice["amount_due"] == 0:
            self._mark_paid(invoice)
        self.emit("invoice.finalized", invoice)
        if invoice["status"] == "paid":
            self.emit("invoice.paid", invoice)
        elif invoice["auto_advance"] and invoice["collection_method"] == "charge_automatically":
            self.debit(invoice)

    def _apply_balance(self, invoice: dict[str, Any]) -> None:
        """A credit on the customer's balance (negative, e.g. from a credit note) is taken
        off the invoice being finalized, as far as it goes."""
        customer = self.objects.get(invoice["customer"]) or {}
        balance = int(customer.get("balance") or 0)
        applied = min(-balance, invoice["amount_due"]) if balance < 0 else 0
        invoice["starting_balance"] = balance
        invoice["ending_balance"] = balance + applied
        if applied:
            customer["balance"] = balance + applied
            invoice["amount_due"] -= applied
            invoice["amount_remaining"] -= applied

    def settle_by_credit(self, invoice: dict[str, Any]) -> None:
        """An open invoice whose credit notes leave nothing due is paid."""
        self._mark_paid(invoice)
        self.emit("invoice.paid", invoice)

    def debit(self, invoice: dict[str, Any]) -> dict[str, Any]:
        """One attempt to collect an open invoice by SEPA direct debit: instant here, except a
        held one, which stays processing (the invoice open) as a real one does for days."""
        method = self.payment_method_of(invoice)
        intent = self.put(
            {
                "id": new_id("pi"),
                "object": "payment_intent",
                "amount": invoice["amount_remaining"],
                "currency": "eur",
                "customer": invoice["customer"],
                "invoice": invoice["id"],
                "payment_method": method,
                "payment_method_types": ["sepa_debit"],
                "status": "processing",
                "last_payment_error": None,
                "created": self.now(),
                "livemode": False,
            }
        )
        invoice["payment_intent"] = intent["id"]
        invoice["attempt_count"] += 1
        invoice["attempted"] = True
        if method is not None and self.hold_next_debits > 0:
            self.hold_next_debits -= 1
            return intent
        failure = self._failure(method)
        if failure is None:
            intent["status"] = "succeeded"
            self._mark_paid(invoice)
            self.emit("payment_intent.succeeded", intent)
            self.emit("invoice.paid", invoice)
            self.emit("invoice.payment_succeeded", invoice)
            self._subscription_paid(invoice)
        else:
            intent["status"] = "requires_payment_method"
            intent["last_payment_error"] = {
                "type": "card_error",
                "code": failure[0],
                "message": failure[1],
                "payment_method": {"id": method, "type": "sepa_debit"} if method else None,
            }
            invoice["next_payment_attempt"] = self.now() + 3 * DAY_S
            self.emit("payment_intent.payment_failed", intent)
            self.emit("invoice.payment_failed", invoice)
            self._subscription_failed(invoice)
        return intent

    def _failure(self, method: str | None) -> tuple[str, str] | None:
        if method is None:
            return "payment_method_missing", "The customer has no default payment method."
        if self.fail_next_debits > 0:
            self.fail_next_debits -= 1
            return "insufficient_funds", "The account has insufficient funds."
        if self.ibans.get(method) in FAILING_IBANS:
            return "insufficient_funds", "The account has insufficient funds."
        return None

    def _mark_paid(self, invoice: dict[str, Any]) -> None:
        invoice["status"] = "paid"
        invoice["paid"] = True
        invoice["amount_paid"] = invoice["amount_due"]
        invoice["amount_remaining"] = 0
        invoice["next_payment_attempt"] = None
        invoice["status_transitions"]["paid_at"] = self.now()

    def _subscription_paid(self, invoice: dict[str, Any]) -> None:
        subscription = self.objects.get(invoice.get("subscription") or "")
        if subscription and subscription["status"] in ("incomplete", "past_due", "unpaid"):
            subscription["status"] = "active"
            self.emit("customer.subscription.updated", subscription)

    def _subscription_failed(self, invoice: dict[str, Any]) -> None:
        subscription = self.objects.get(invoice.get("subscription") or "")
        if subscription is None or subscription["status"] == "canceled":
            return
        first = invoice.get("billing_reason") == "subscription_create"
        new_status = "incomplete" if first else "past_due"
        if subscription["status"] != new_status:
            subscription["status"] = new_status
            self.emit("customer.subscription.updated", subscription)
