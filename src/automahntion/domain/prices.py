"""The price list and what is billed when (rule 7). All amounts are net cents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from automahntion.domain.money import round_cents
from automahntion.domain.quota import Plan

YEARLY_DISCOUNT = Decimal("0.15")
SMTP_ADDON_CENTS = 3995


class BillingCycle(StrEnum):
    """How often the subscription is paid: monthly or yearly."""

    MONTHLY = "monthly"
    YEARLY = "yearly"


class LetterKind(StrEnum):
    STANDARD = "standard"
    REGISTERED = "registered"
    """Einwurf-Einschreiben, with a tracking code."""


LETTER_CENTS = {LetterKind.STANDARD: 385, LetterKind.REGISTERED: 620}

DEFAULT_MONTHLY_PLAN_CENTS: Mapping[Plan, int] = {
    Plan.STARTER: 1900,
    Plan.BUSINESS: 4900,
    Plan.PRO: 14900,
}
"""The spec fixes no plan prices; these are the operator's defaults and can be replaced."""


def subscription_cents(monthly_cents: int, cycle: BillingCycle) -> int:
    """Monthly: the monthly price. Yearly: 12 x monthly x 0.85, rounded to the cent."""
    if cycle is BillingCycle.MONTHLY:
        return monthly_cents
    return round_cents(12 * Decimal(monthly_cents) * (1 - YEARLY_DISCOUNT))


def subscription_invoice_allowed(trial_ends_on: date | None, today: date) -> bool:
    """No subscription invoice before the trial has ended."""
    return trial_ends_on is None or today >= trial_ends_on


@dataclass(frozen=True)
class BillLine:
    kind: LetterKind
    quantity: int
    unit_cents: int

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_cents


def previous_month(today: date) -> tuple[date, date]:
    """First and last day of the month before `today`'s."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


GERMAN_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def letter_bill_title(month_start: date) -> str:
    """What our invoice for a month's letters is called, in German: "Briefe November 2026"."""
    return f"Briefe {GERMAN_MONTHS[month_start.month - 1]} {month_start.year}"


def letter_lines(counts: Mapping[LetterKind, int]) -> tuple[BillLine, ...]:
    """A month's letter bill: a line per kind that was sent, none when nothing was."""
    return tuple(
        BillLine(kind, counts[kind], LETTER_CENTS[kind])
        for kind in LetterKind
        if counts.get(kind, 0) > 0
    )
