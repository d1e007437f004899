"""Port: the payment provider that bills our own customers (SEPA direct debit).

Prices live at the provider under stable lookup keys (`plan_price`, `LETTER_PRICES`,
`SMTP_ADDON_PRICE`); amounts that come back are integer cents. Every creating call takes an
idempotency key derived by the caller (e.g. `letters:{tenant}:{YYYY-MM}`), so a rerun of a job
charges nothing twice — also after the provider forgot the key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from automahntion.domain.prices import BillingCycle, LetterKind
from automahntion.domain.quota import Plan

SMTP_ADDON_PRICE = "smtp_addon"
LETTER_PRICES = {LetterKind.STANDARD: "letter_standard", LetterKind.REGISTERED: "letter_registered"}


def plan_price(plan: Plan, cycle: BillingCycle) -> str:
    """The lookup key of a plan's price, e.g. `business_yearly`."""
    return f"{plan.value}_{cycle.value}"


def loyalty_price(plan: Plan) -> str:
    """The lookup key of the customer-loyalty extension's monthly price, e.g.
    `loyalty_business_monthly`: its own subscription beside the plan's."""
    return f"loyalty_{plan.value}_monthly"


class MandateState(StrEnum):
    """The SEPA mandate at the payment provider: active, inactive, or waiting for confirmation."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    PENDING = "pending"


class SubscriptionState(StrEnum):
    """The subscription's state at the payment provider."""

    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"
    UNPAID = "unpaid"
    INCOMPLETE = "incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired"
    PAUSED = "paused"


class InvoiceState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    """Finalized and not paid (yet): a failed debit leaves it open."""
    PAID = "paid"
    UNCOLLECTIBLE = "uncollectible"
    VOID = "void"


@dataclass(frozen=True)
class NewCustomer:
    tenant_id: UUID
    name: str
    email: str
    """The billing e-mail."""


@dataclass(frozen=True)
class MandateRequest:
    """A SEPA direct-debit mandate the account holder accepted online."""

    customer_id: str
    iban: str
    account_holder: str
    email: str
    ip_address: str
    user_agent: str


@dataclass(frozen=True)
class Mandate:
    mandate_id: str
    payment_method_id: str
    state: MandateState
    iban_last4: str | None = None


@dataclass(frozen=True)
class SubscriptionRequest:
    customer_id: str
    price: str
    """A lookup key, usually `plan_price(plan, cycle)`."""
    trial_days: int = 0
    payment_method_id: str | None = None


@dataclass(frozen=True)
class Subscription:
    subscription_id: str
    customer_id: str
    state: SubscriptionState
    price: str
    """The lookup key of the subscribed price."""
    current_period_start: datetime
    current_period_end: datetime
    trial_end: datetime | None = None
    latest_invoice_id: str | None = None


@dataclass(frozen=True)
class InvoiceLine:
    """What to bill: `quantity` units of the price with that lookup key."""

    price: str
    quantity: int


@dataclass(frozen=True)
class UsageBill:
    """One invoice for a period's usage, e.g. last month's letters; zero lines are left out."""

    customer_id: str
    lines: tuple[InvoiceLine, ...]
    period_start: date
    period_end: date
    """The last day of the period, inclusive."""
    description: str | None = None


@dataclass(frozen=True)
class BilledLine:
    price: str | None
    description: str
    quantity: int
    unit_cents: int
    amount_cents: int


@dataclass(frozen=True)
class Invoice:
    invoice_id: str
    customer_id: str
    state: InvoiceState
    total_cents: int
    amount_due_cents: int
    amount_paid_cents: int
    lines: tuple[BilledLine, ...]
    subscription_id: str | None = None
    attempt_count: int = 0
    failure_message: str | None = None
    """Why the last debit failed, while the invoice is open after a failure."""


@dataclass(frozen=True)
class LineCredit:
    """`quantity` units of an invoice's line (the one of the price with that lookup key) back."""

    invoice_id: str
    price: str
    quantity: int
    memo: str | None = None
    """What the tenant reads on the credit note."""


@dataclass(frozen=True)
class CreditNote:
    credit_note_id: str
    invoice_id: str
    amount_cents: int
    to_balance_cents: int
    """What went on the customer's balance (taken off the next invoice), because the invoice
    was paid already; the rest lowered what was still due on it."""


@dataclass(frozen=True)
class PaymentEvent:
    """A signed event; `event_id` de-duplicates re-deliveries. Exactly the view that fits the
    event's object is set (`invoice`, `subscription` or `mandate`); for `payment_intent.*`
    events only `invoice_id` and `failure_message`."""

    event_id: str
    event_type: str
    created_at: datetime
    object_id: str
    customer_id: str | None = None
    invoice_id: str | None = None
    invoice: Invoice | None = None
    subscription: Subscription | None = None
    mandate: Mandate | None = None
    failure_message: str | None = None


class PaymentsUnavailable(Exception):
    """The provider did not answer in time or answered 5xx; retrying later with the same
    idempotency key is safe."""


class PaymentRefused(Exception):
    """The provider refused the request (4xx); `code` is the provider's error code."""

    def __init__(self, status: int, code: str | None, message: str, param: str | None) -> None:
        self.status = status
        self.code = code
        self.param = param
        super().__init__(f"the payment provider answered {status} ({code}): {message}")


class PaymentNotFound(PaymentRefused):
    pass


class PaymentGateway(Protocol):
    async def create_customer(self, customer: NewCustomer, *, idempotency_key: str) -> str:
        """The provider's customer id."""
        ...

    async def update_customer(
        self,
        customer_id: str,
        *,
        idempotency_key: str,
        email: str | None = None,
        payment_method_id: str | None = None,
    ) -> None:
        """Change the billing e-mail and/or the default payment method."""
        ...

    async def create_mandate(self, request: MandateRequest, *, idempotency_key: str) -> Mandate:
        """PaymentRefused when the IBAN or the account is refused."""
        ...

    async def mandate(self, mandate_id: str) -> Mandate: ...

    async def start_subscription(
        self, request: SubscriptionRequest, *, idempotency_key: str
    ) -> Subscription: ...

    async def change_subscription(
        self, subscription_id: str, price: str, *, idempotency_key: str, prorate: bool = True
    ) -> Subscription:
        """Takes effect at once; a downgrade at the period's end is the caller's to schedule."""
        ...

    async def cancel_subscription(self, subscription_id: str) -> Subscription: ...

    async def subscription(self, subscription_id: str) -> Subscription: ...

    async def charge_once(
        self, customer_id: str, price: str, *, idempotency_key: str, quantity: int = 1
    ) -> Invoice:
        """A one-time purchase (e.g. the SMTP add-on) as its own finalized invoice."""
        ...

    async def bill_usage(self, bill: UsageBill, *, idempotency_key: str) -> Invoice | None:
        """One finalized invoice with a line per price; None when every quantity is 0."""
        ...

    async def invoice(self, invoice_id: str) -> Invoice: ...

    async def retry_invoice(self, invoice_id: str, *, idempotency_key: str) -> Invoice:
        """Debit an open invoice again (after a failure), unless a debit is under way."""
        ...

    async def credit_line(self, credit: LineCredit, *, idempotency_key: str) -> CreditNote:
        """A credit note on a finalized invoice: off what is still due on an open one, to the
        customer's balance (the next invoice) on a paid one. The one made before under the
        same key is answered again, also after the provider forgot the key."""
        ...


class PaymentEvents(Protocol):
    def verify(self, body: bytes, headers: Mapping[str, str]) -> PaymentEvent:
        """The event of a callback, after its signature (and its age) was checked over the raw
        body; `automahntion.app.webhooks.WebhookRefused` otherwise."""
        ...
