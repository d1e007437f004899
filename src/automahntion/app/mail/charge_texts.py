"""How a charge of interest was computed, in words: each rate period's days, dates and rate on
the principal (rule 7). One text for e-mails and letters, each in its own formats."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from automahntion.domain.interest import Charge


def interest_periods(
    charge: Charge,
    language: str,
    *,
    euro: Callable[[int], str],
    day: Callable[[date], str],
    percent: Callable[[Decimal], str],
) -> str:
    base = euro(charge.principal_cents)
    if language == "en":
        return "; ".join(
            f"{p.days} days from {day(p.first)} to {day(p.last)} at "
            f"{percent(p.annual_percent)}% p.a. on {base}"
            for p in charge.periods
        )
    return "; ".join(
        f"{p.days} Tage vom {day(p.first)} bis {day(p.last)} zu "
        f"{percent(p.annual_percent)} % p. a. auf {base}"
        for p in charge.periods
    )
