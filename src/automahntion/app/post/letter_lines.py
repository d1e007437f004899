"""The fee and interest lines of our letter in its language."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from automahntion.app.post.dunning_document import day, money
from automahntion.app.post.letter_layout import FeeLine, Language
from automahntion.domain.interest import Charge, ChargeKind

ENGLISH = {
    ChargeKind.LEVEL_FEE: ("Dunning fee", "fee of this dunning level"),
    ChargeKind.INTEREST: ("Default interest (§ 288 BGB)", ""),
    ChargeKind.FLAT_FEE: ("Flat-rate default charge (§ 288(5) BGB)", "one-off EUR 40.00"),
}
"""The domain's charges are worded in German; an English letter names them by kind and words
their computation itself."""


def _percent(value: Decimal, language: Language) -> str:
    text = f"{value:.2f}"
    return text if language == "en" else text.replace(".", ",")


def _interest(charge: Charge, language: Language) -> str:
    """Each rate period's days, dates and rate on the principal, in the letter's formats
    (rules 7 and 8: "1.234,56 €" / "EUR 1,234.56")."""
    base = money(charge.principal_cents, language)
    if language == "en":
        return "; ".join(
            f"{p.days} days from {day(p.first, language)} to {day(p.last, language)} at "
            f"{_percent(p.annual_percent, language)}% p.a. on {base}"
            for p in charge.periods
        )
    return "; ".join(
        f"{p.days} Tage vom {day(p.first, language)} bis {day(p.last, language)} zu "
        f"{_percent(p.annual_percent, language)} % p. a. auf {base}"
        for p in charge.periods
    )


def _explanation(charge: Charge, language: Language) -> str:
    if charge.kind is ChargeKind.INTEREST and charge.periods:
        return _interest(charge, language)
    if charge.kind is ChargeKind.FLAT_FEE:
        once = "one-off" if language == "en" else "einmalig"
        return f"{once} {money(charge.cents, language)}"
    return ENGLISH[charge.kind][1] if language == "en" else charge.explanation


def fee_lines(charges: Iterable[Charge], language: Language) -> tuple[FeeLine, ...]:
    """Each charge with how it was computed, in the letter's language."""
    if language == "en":
        return tuple(FeeLine(ENGLISH[c.kind][0], c.cents, _explanation(c, "en")) for c in charges)
    return tuple(FeeLine(c.label, c.cents, _explanation(c, "de")) for c in charges)
