"""Amounts as integer cents inside, JSON numbers in euros (2 decimals) outside."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def to_cents(value: object) -> int:
    """A JSON number (or numeric string) in euros to cents; ValueError when it is none."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"not an amount: {value!r}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f"not an amount: {value!r}") from error
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euros(cents: int) -> float:
    return round(cents / 100, 2)


def split_gross(gross_cents: int, tax_rate: int) -> tuple[int, int]:
    """(net, tax) of a gross amount at a tax rate in percent."""
    net = (Decimal(gross_cents) * 100 / (100 + tax_rate)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return int(net), gross_cents - int(net)


def tax_on_net(net_cents: int, tax_rate: Decimal) -> int:
    return int((Decimal(net_cents) * tax_rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
