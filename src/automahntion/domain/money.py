"""Money is integer cents (EUR, net unless said otherwise); Decimal only in between."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_cents(amount: Decimal) -> int:
    """Commercial rounding to the cent (half away from zero)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euros(cents: int) -> Decimal:
    return Decimal(cents) / 100
