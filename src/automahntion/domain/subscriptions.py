"""The subscription's rules: the trial, when a plan change takes effect, which months' letters
are still to bill, and what a SEPA account number must look like (rule 7)."""

from __future__ import annotations

from collections.abc import Set
from datetime import date, timedelta
from enum import StrEnum

from automahntion.domain.errors import FieldProblem, ValidationFailed
from automahntion.domain.prices import BillingCycle, previous_month
from automahntion.domain.quota import PLAN_LIMITS, Plan
from automahntion.domain.thanks import month_key

TRIAL_DAYS = 14
"""The spec fixes no trial length; two weeks is what German SaaS for small businesses offers."""
CATCH_UP_MONTHS = 12
"""How far back the letter billing looks for a month it missed (the job did not run)."""


def trial_end(signed_up_on: date) -> date:
    """The first day that is no longer trial: from then on the subscription is invoiced."""
    return signed_up_on + timedelta(days=TRIAL_DAYS)


def trial_days_left(trial_ends_on: date | None, today: date) -> int:
    return max((trial_ends_on - today).days, 0) if trial_ends_on is not None else 0


class ChangeTiming(StrEnum):
    NOW = "now"
    PERIOD_END = "period_end"
    NOTHING = "nothing"


def change_timing(
    current: tuple[Plan, BillingCycle], wanted: tuple[Plan, BillingCycle], in_trial: bool
) -> ChangeTiming:
    """An upgrade (a higher limit) takes effect at once; anything else — a lower plan or only
    another cycle — when the paid period ends. Within the trial nothing was paid: at once."""
    if wanted == current:
        return ChangeTiming.NOTHING
    if in_trial or PLAN_LIMITS[wanted[0]] > PLAN_LIMITS[current[0]]:
        return ChangeTiming.NOW
    return ChangeTiming.PERIOD_END


def pending_change_due(period_end: date, today: date) -> bool:
    """A change that waits for the paid period's end is made on the period's last day (in
    Berlin): the provider renews at the moment the period ends, which may come before the
    daily job of that day, and would charge the next period at the price being left."""
    return today >= period_end - timedelta(days=1)


def letter_months(today: date, signed_up_on: date, billed: Set[str]) -> list[tuple[date, date]]:
    """The finished months, oldest first, whose letters are not billed yet: last month on
    the 1st, and any month a missed job left behind (within `CATCH_UP_MONTHS`), never one
    before the sign-up."""
    months = []
    end = today.replace(day=1)
    for _ in range(CATCH_UP_MONTHS):
        start, last = previous_month(end)
        if last < signed_up_on:
            break
        if month_key(start.year, start.month) not in billed:
            months.append((start, last))
        end = start
    return list(reversed(months))


def normalized_iban(iban: str) -> str:
    return iban.replace(" ", "").upper()


def iban_problem(iban: str, field: str = "iban") -> FieldProblem | None:
    """ISO 13616: country letters, two check digits, up to 30 letters or digits, mod 97 = 1."""
    compact = normalized_iban(iban)
    shape_ok = (
        15 <= len(compact) <= 34
        and compact.isascii()
        and compact[:2].isalpha()
        and compact[2:4].isdigit()
        and compact[4:].isalnum()
    )
    if not shape_ok:
        return FieldProblem(field, "is not an IBAN (country code, check digits, account)")
    digits = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    if int(digits) % 97 != 1:
        return FieldProblem(field, "has wrong check digits")
    return None


def check_iban(iban: str, field: str = "iban") -> str:
    problem = iban_problem(iban, field)
    if problem is not None:
        raise ValidationFailed([problem])
    return normalized_iban(iban)
