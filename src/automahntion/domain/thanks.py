"""Thank-you e-mails with a monthly quota and carry-over (rule 5)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from automahntion.domain.errors import ThankYouAlreadyQueued
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.quota import Plan

THANK_YOU_QUOTAS = {Plan.STARTER: 30, Plan.BUSINESS: 120, Plan.PRO: 480}

THANK_YOU_PLACEHOLDERS = (
    "customer_name",
    "invoice_number",
    "invoice_date",
    "total_amount",
    "company_name",
    "feedback_question",
    "feedback_link",
    "salutation",
)
"""What a thank-you template may use; `feedback_link` is empty when the survey is off;
`salutation` is "Sehr geehrte Frau Weber" / "Dear Ms Weber" (formal for companies)."""

DEFAULT_THANK_YOU_SUBJECT = "Vielen Dank für Ihre Zahlung: Rechnung {{ invoice_number }}"
DEFAULT_THANK_YOU_BODY = (
    "{{ salutation }},\n\n"
    "vielen Dank: Ihre Zahlung zur Rechnung {{ invoice_number }} vom {{ invoice_date }} "
    "über {{ total_amount }} ist bei uns eingegangen.\n"
    "{% if feedback_link %}\n{{ feedback_question }} Wir freuen uns über Ihre Bewertung "
    "(dauert nur einen Moment):\n{{ feedback_link }}\n{% endif %}\n"
    "Mit freundlichen Grüßen\n{{ company_name }}"
)
DEFAULT_THANK_YOU_SUBJECT_EN = "Thank you for your payment: invoice {{ invoice_number }}"
DEFAULT_THANK_YOU_BODY_EN = (
    "{{ salutation }},\n\n"
    "thank you: we have received your payment for invoice {{ invoice_number }} of "
    "{{ invoice_date }} ({{ total_amount }}).\n"
    "{% if feedback_link %}\nWe would be glad to hear how satisfied you are with our service "
    "(it only takes a moment):\n{{ feedback_link }}\n{% endif %}\n"
    "Kind regards\n{{ company_name }}"
)
"""For invoices in English (German when the tenant leaves them empty)."""


def thank_you_quota(loyalty_plan: Plan | None) -> int:
    """No loyalty plan, no thank-yous."""
    return THANK_YOU_QUOTAS[loyalty_plan] if loyalty_plan is not None else 0


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def became_paid(before: InvoiceStatus | None, after: InvoiceStatus) -> bool:
    """A payment was assigned to an invoice we already knew. Credit notes (paidoff) and voids
    are not payments, and an invoice first seen already paid was never ours to thank for."""
    return before is not None and before is not InvoiceStatus.PAID and after is InvoiceStatus.PAID


def changed_while_paid(
    before: InvoiceStatus,
    after: InvoiceStatus,
    changed_before: datetime | None,
    changed_after: datetime | None,
) -> bool:
    """Paid at two syncs and changed in lexoffice in between (its change marker moved; none
    kept before counts as moved): a thank-you withdrawn as not due may be due now, as its credit
    note may have been cancelled and the invoice paid with money between the two."""
    paid = before is InvoiceStatus.PAID and after is InvoiceStatus.PAID
    return paid and changed_after is not None and changed_after != changed_before


def paid_at(
    changed_before: datetime | None, changed_after: datetime | None, noticed_at: datetime
) -> datetime:
    """When a payment a sync noticed at `noticed_at` was made, for "first paid, first thanked":
    lexoffice's change marker of the invoice when it moved with the payment — a sync may see
    several payments at once, made hours or days apart — else the moment it was noticed; never
    later than that (a sync run `--as-of` a past moment sees later markers)."""
    if changed_after is None or changed_after == changed_before:
        return noticed_at
    return min(changed_after, noticed_at)


MONEY_PAYMENT_TYPES = frozenset(
    {"partPaymentFinancialTransaction", "partPaymentCashBox", "manualPayment"}
)
"""lexoffice's payment item types in which the customer paid money: by bank, in cash, booked by
hand. Credit notes, write-offs (irrecoverableReceivable), Skonto, dunning costs and currency
differences clear an open amount but are nobody's payment."""


@dataclass(frozen=True)
class PaymentItem:
    """One of `/v1/payments/{id}`'s paymentItems."""

    item_type: str
    cents: int


def paid_with_money(items: Iterable[PaymentItem]) -> bool:
    """A thank-you for a payment is due only when money was paid: an invoice cleared by a credit
    note (goods returned) or written off is `paid` in lexoffice too, and its customer must not
    be thanked for a payment (nor asked how satisfied they were)."""
    return sum(i.cents for i in items if i.item_type in MONEY_PAYMENT_TYPES) > 0


@dataclass(frozen=True)
class ThankYouDue:
    invoice_id: str
    paid_at: datetime


def enqueue(queue: Sequence[ThankYouDue], thanked: Iterable[str], due: ThankYouDue) -> None:
    """Refuse a second thank-you for an invoice already queued or already thanked."""
    if due.invoice_id in thanked or any(q.invoice_id == due.invoice_id for q in queue):
        raise ThankYouAlreadyQueued(due.invoice_id)


def select_for_sending(
    queue: Iterable[ThankYouDue], *, quota: int, sent_this_month: int
) -> list[ThankYouDue]:
    """The thank-yous to send now: first paid first, never past the month's quota.

    Those left over stay queued and go first next month.
    """
    return in_sending_order(queue)[: room_in_month(quota, sent_this_month)]


def room_in_month(quota: int, sent_this_month: int) -> int:
    return max(quota - sent_this_month, 0)


def in_sending_order(queue: Iterable[ThankYouDue]) -> list[ThankYouDue]:
    """First paid first."""
    return sorted(queue, key=lambda q: (q.paid_at, q.invoice_id))
