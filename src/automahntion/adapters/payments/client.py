"""Stripe over httpx: form-encoded calls, an `Idempotency-Key` on every POST (so 429 and 5xx
are retried safely), prices found by lookup key.

An invoice of several steps (create, one item per line, finalize) is found again by the
caller's key in its metadata before anything is created, so a rerun — also after Stripe has
forgotten the key (24 h) — completes the same invoice instead of charging twice."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlencode

import httpx

from automahntion.adapters.payments import mapping
from automahntion.adapters.payments.mapping import Params
from automahntion.adapters.retrying import DEFAULT_RETRY, RetryPolicy, send_retrying
from automahntion.app.billing.payments import (
    CreditNote,
    Invoice,
    InvoiceLine,
    InvoiceState,
    LineCredit,
    Mandate,
    MandateRequest,
    NewCustomer,
    PaymentNotFound,
    PaymentRefused,
    PaymentsUnavailable,
    Subscription,
    SubscriptionRequest,
    UsageBill,
)
from automahntion.domain.calendar import BERLIN

STRIPE_VERSION = "2024-06-20"
KEY_METADATA = "idempotency_key"
INVOICE_LOOKBACK = 100


def _error(response: httpx.Response) -> PaymentRefused:
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    if not isinstance(error, dict):
        error = {}
    kind = PaymentNotFound if response.status_code == 404 else PaymentRefused
    return kind(
        response.status_code,
        error.get("code") or error.get("type"),
        str(error.get("message") or response.text[:200]),
        error.get("param"),
    )


def _epoch(day: date) -> int:
    """Midnight at the start of `day` in Berlin: the provider shows a period in the account's
    time zone, where UTC midnight is already 01:00 (02:00 in summer) of the day."""
    return int(datetime.combine(day, time.min, BERLIN).timestamp())


def _debit_under_way(invoice: Invoice) -> bool:
    """A SEPA debit takes days: meanwhile the invoice is open with an attempt and no error.
    Paying it again would debit the account a second time."""
    return invoice.attempt_count > 0 and invoice.failure_message is None


class StripeClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: str,
        *,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}", "Stripe-Version": STRIPE_VERSION}
        self._retry = retry
        self._sleep = sleep
        self._prices: dict[str, str] = {}

    async def _call(
        self,
        method: str,
        path: str,
        params: Params | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> Any:
        headers = dict(self._headers)
        if method == "POST":
            if idempotency_key is None:
                raise ValueError(f"POST {path} needs an idempotency key")
            headers["Idempotency-Key"] = idempotency_key
        url = self._base + path
        if method in ("GET", "DELETE"):
            query = tuple(params or ())
            send = partial(self._http.request, method, url, params=query, headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            content = urlencode(params or []).encode()
            send = partial(self._http.request, method, url, content=content, headers=headers)
        try:
            response = await send_retrying(send, self._retry, self._sleep)
        except httpx.TransportError as error:
            raise PaymentsUnavailable(f"the payment provider is unreachable: {error}") from error
        if response.status_code == 429 or response.status_code >= 500:
            raise PaymentsUnavailable(
                f"the payment provider answered {response.status_code} to {method} {path}"
            )
        if response.status_code >= 400:
            raise _error(response)
        return response.json()

    async def price_id(self, lookup_key: str) -> str:
        if lookup_key not in self._prices:
            body = await self._call("GET", "/v1/prices", [("lookup_keys[]", lookup_key)])
            found = [p for p in body["data"] if p.get("lookup_key") == lookup_key]
            if not found:
                raise PaymentNotFound(404, "resource_missing", f"no price {lookup_key}", "price")
            self._prices[lookup_key] = str(found[0]["id"])
        return self._prices[lookup_key]

    async def create_customer(self, customer: NewCustomer, *, idempotency_key: str) -> str:
        params = mapping.form(
            {
                "email": customer.email,
                "name": customer.name,
                "metadata": {"tenant_id": str(customer.tenant_id)},
            }
        )
        body = await self._call("POST", "/v1/customers", params, idempotency_key=idempotency_key)
        return str(body["id"])

    async def update_customer(
        self,
        customer_id: str,
        *,
        idempotency_key: str,
        email: str | None = None,
        payment_method_id: str | None = None,
    ) -> None:
        values = {
            "email": email,
            "invoice_settings": {"default_payment_method": payment_method_id},
        }
        await self._call(
            "POST",
            f"/v1/customers/{customer_id}",
            mapping.form(values),
            idempotency_key=idempotency_key,
        )

    async def create_mandate(self, request: MandateRequest, *, idempotency_key: str) -> Mandate:
        values = {
            "customer": request.customer_id,
            "confirm": True,
            "usage": "off_session",
            "payment_method_types": ["sepa_debit"],
            "payment_method_data": {
                "type": "sepa_debit",
                "sepa_debit": {"iban": request.iban},
                "billing_details": {"name": request.account_holder, "email": request.email},
            },
            "mandate_data": {
                "customer_acceptance": {
                    "type": "online",
                    "online": {
                        "ip_address": request.ip_address,
                        "user_agent": request.user_agent,
                    },
                }
            },
        }
        intent = await self._call(
            "POST", "/v1/setup_intents", mapping.form(values), idempotency_key=idempotency_key
        )
        if intent.get("status") != "succeeded" or not intent.get("mandate"):
            error = intent.get("last_setup_error") or {}
            message = error.get("message") or f"no mandate was set up ({intent.get('status')})"
            raise PaymentRefused(402, error.get("code") or "setup_failed", str(message), None)
        return await self.mandate(str(intent["mandate"]))

    async def mandate(self, mandate_id: str) -> Mandate:
        data = await self._call("GET", f"/v1/mandates/{mandate_id}")
        method = await self._call("GET", f"/v1/payment_methods/{data['payment_method']}")
        last4 = (method.get("sepa_debit") or {}).get("last4")
        return mapping.mandate(data, last4)

    async def start_subscription(
        self, request: SubscriptionRequest, *, idempotency_key: str
    ) -> Subscription:
        values = {
            "customer": request.customer_id,
            "items": [{"price": await self.price_id(request.price)}],
            "trial_period_days": request.trial_days or None,
            "default_payment_method": request.payment_method_id,
        }
        body = await self._call(
            "POST", "/v1/subscriptions", mapping.form(values), idempotency_key=idempotency_key
        )
        return mapping.subscription(body)

    async def change_subscription(
        self, subscription_id: str, price: str, *, idempotency_key: str, prorate: bool = True
    ) -> Subscription:
        current = await self._call("GET", f"/v1/subscriptions/{subscription_id}")
        values = {
            "items": [
                {"id": current["items"]["data"][0]["id"], "price": await self.price_id(price)}
            ],
            "proration_behavior": "create_prorations" if prorate else "none",
        }
        body = await self._call(
            "POST",
            f"/v1/subscriptions/{subscription_id}",
            mapping.form(values),
            idempotency_key=idempotency_key,
        )
        return mapping.subscription(body)

    async def cancel_subscription(self, subscription_id: str) -> Subscription:
        return mapping.subscription(
            await self._call("DELETE", f"/v1/subscriptions/{subscription_id}")
        )

    async def subscription(self, subscription_id: str) -> Subscription:
        return mapping.subscription(await self._call("GET", f"/v1/subscriptions/{subscription_id}"))

    async def charge_once(
        self, customer_id: str, price: str, *, idempotency_key: str, quantity: int = 1
    ) -> Invoice:
        lines = (InvoiceLine(price, quantity),)
        return await self._invoice(customer_id, lines, None, None, idempotency_key)

    async def bill_usage(self, bill: UsageBill, *, idempotency_key: str) -> Invoice | None:
        lines = tuple(line for line in bill.lines if line.quantity > 0)
        if not lines:
            return None
        period = (_epoch(bill.period_start), _epoch(bill.period_end + timedelta(days=1)) - 1)
        return await self._invoice(
            bill.customer_id, lines, period, bill.description, idempotency_key
        )

    async def invoice(self, invoice_id: str) -> Invoice:
        params = [("expand[]", "payment_intent")]
        return mapping.invoice(await self._call("GET", f"/v1/invoices/{invoice_id}", params))

    async def retry_invoice(self, invoice_id: str, *, idempotency_key: str) -> Invoice:
        current = await self.invoice(invoice_id)
        if current.state is not InvoiceState.OPEN or _debit_under_way(current):
            return current
        try:
            await self._call(
                "POST", f"/v1/invoices/{invoice_id}/pay", [], idempotency_key=idempotency_key
            )
        except PaymentRefused as refused:
            if refused.status != 402 and refused.code != "invoice_already_paid":
                raise
        return await self.invoice(invoice_id)

    async def credit_line(self, credit: LineCredit, *, idempotency_key: str) -> CreditNote:
        listed = await self._call("GET", "/v1/credit_notes", [("invoice", credit.invoice_id)])
        for note in listed["data"]:
            if (note.get("metadata") or {}).get(KEY_METADATA) == idempotency_key:
                return mapping.credit_note(note)
        invoice = await self._call("GET", f"/v1/invoices/{credit.invoice_id}")
        line = next(
            (
                item
                for item in invoice["lines"]["data"]
                if mapping.price_key(item.get("price")) == credit.price
            ),
            None,
        )
        if line is None:
            raise PaymentRefused(
                400, "line_missing", f"no line of {credit.price} on {credit.invoice_id}", "lines"
            )
        amount = int(line["price"]["unit_amount"]) * credit.quantity
        values: dict[str, Any] = {
            "invoice": credit.invoice_id,
            "lines": [
                {
                    "type": "invoice_line_item",
                    "invoice_line_item": line["id"],
                    "quantity": credit.quantity,
                }
            ],
            "reason": "order_change",
            "memo": credit.memo,
            "metadata": {KEY_METADATA: idempotency_key},
        }
        if invoice["status"] == "paid":
            values["credit_amount"] = amount
        note = await self._call(
            "POST", "/v1/credit_notes", mapping.form(values), idempotency_key=idempotency_key
        )
        return mapping.credit_note(note)

    async def _find_invoice(self, customer_id: str, key: str) -> dict[str, Any] | None:
        params = [("customer", customer_id), ("limit", str(INVOICE_LOOKBACK))]
        body = await self._call("GET", "/v1/invoices", params)
        for item in body["data"]:
            if (item.get("metadata") or {}).get(KEY_METADATA) == key:
                return dict(item)
        return None

    async def _invoice(
        self,
        customer_id: str,
        lines: Sequence[InvoiceLine],
        period: tuple[int, int] | None,
        description: str | None,
        key: str,
    ) -> Invoice:
        found = await self._find_invoice(customer_id, key)
        if found is not None:
            invoice: dict[str, Any] = found
        else:
            values = {
                "customer": customer_id,
                "pending_invoice_items_behavior": "exclude",
                "collection_method": "charge_automatically",
                "auto_advance": True,
                "description": description,
                "metadata": {KEY_METADATA: key},
            }
            invoice = await self._call(
                "POST", "/v1/invoices", mapping.form(values), idempotency_key=f"{key}:invoice"
            )
        invoice_id = str(invoice["id"])
        if invoice["status"] == "draft":
            present = {mapping.price_key(line.get("price")) for line in invoice["lines"]["data"]}
            for line in lines:
                if line.price in present:
                    continue
                item: dict[str, Any] = {
                    "customer": customer_id,
                    "invoice": invoice_id,
                    "price": await self.price_id(line.price),
                    "quantity": line.quantity,
                }
                if period is not None:
                    item["period"] = {"start": period[0], "end": period[1]}
                await self._call(
                    "POST",
                    "/v1/invoiceitems",
                    mapping.form(item),
                    idempotency_key=f"{key}:item:{line.price}",
                )
            await self._call(
                "POST",
                f"/v1/invoices/{invoice_id}/finalize",
                [],
                idempotency_key=f"{key}:finalize",
            )
        return await self.invoice(invoice_id)
