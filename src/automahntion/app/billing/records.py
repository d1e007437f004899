"""What billing stores: a tenant's subscription as we know it, and each charge we made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from automahntion.app.billing.payments import MandateState, SubscriptionState
from automahntion.domain.prices import BillingCycle
from automahntion.domain.quota import Plan


@dataclass(frozen=True)
class MandateInfo:
    mandate_id: str
    payment_method_id: str
    state: MandateState
    iban_last4: str | None
    state_event_at: datetime | None = None
    """When the provider created the event that last set `state`; None when our own call did."""


@dataclass(frozen=True)
class SubscriptionRecord:
    """The plan the tenant pays for; `Tenant.plan` is the limit the quota applies, equal to it
    except while a downgrade waits for the period's end."""

    plan: Plan
    cycle: BillingCycle = BillingCycle.MONTHLY
    status: SubscriptionState = SubscriptionState.TRIALING
    provider_customer_id: str | None = None
    provider_subscription_id: str | None = None
    current_period_end: date | None = None
    pending_plan: Plan | None = None
    pending_cycle: BillingCycle | None = None
    loyalty_plan: Plan | None = None
    loyalty_subscription_id: str | None = None
    smtp_addon_bought_at: datetime | None = None
    mandate: MandateInfo | None = None
    status_event_at: datetime | None = None
    """When the provider created the event that last set `status` and `current_period_end`
    for `provider_subscription_id`: an older event of it is old news (events come in no
    particular order)."""


class BillingKind(StrEnum):
    """What a charge is for: the letters sent by post in a month, the SMTP add-on, or the
    subscription; or a credit for a letter billed and then not sent."""

    LETTERS = "letters"
    SMTP_ADDON = "smtp_addon"
    SUBSCRIPTION = "subscription"
    """An invoice the provider made for the plan or the loyalty extension."""
    LETTER_CREDIT = "letter_credit"
    """A letter billed with its month and refused or cancelled by the print provider after:
    its price back (a negative amount), as a credit note on that month's invoice."""


class BillingStatus(StrEnum):
    """Where a charge stands: not yet due, open, paid, failed (the debit bounced) or void; a
    credit: pending, or credited."""

    PENDING = "pending"
    """Recorded before the provider was called; the same key completes it on a rerun."""
    OPEN = "open"
    PAID = "paid"
    FAILED = "failed"
    """The debit failed; retried daily and on request."""
    VOID = "void"
    CREDITED = "credited"
    """A credit granted: off the invoice's amount still due, or, once it was paid, on the
    customer's balance, which the provider takes off the next invoice."""


@dataclass(frozen=True)
class BillingLine:
    description: str
    quantity: int
    unit_cents: int
    amount_cents: int


@dataclass(frozen=True)
class NewBillingRecord:
    kind: BillingKind
    idempotency_key: str
    lines: tuple[BillingLine, ...]
    amount_cents: int
    period_start: date | None = None
    period_end: date | None = None
    provider_invoice_id: str | None = None
    status: BillingStatus = BillingStatus.PENDING


@dataclass(frozen=True)
class BillingRecord:
    id: UUID
    kind: BillingKind
    idempotency_key: str
    period_start: date | None
    period_end: date | None
    lines: tuple[BillingLine, ...]
    amount_cents: int
    provider_invoice_id: str | None
    status: BillingStatus
    failure_message: str | None
    attempted_on: date | None
    created_at: datetime
    provider_event_at: datetime | None = None
    """When the provider created the event that last set `status`; None while only our own
    calls did."""


@dataclass(frozen=True)
class BillingOutcome:
    """What the provider said about a record's invoice."""

    status: BillingStatus
    provider_invoice_id: str | None = None
    failure_message: str | None = None
    attempted_on: date | None = None
    lines: tuple[BillingLine, ...] | None = None
    amount_cents: int | None = None
    event_at: datetime | None = None
    """When the provider created the event that says so; None for the answer to our own call.
    An outcome from an event older than the one that last set the status is ignored."""
