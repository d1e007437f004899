"""The fee and interest lines of our letter in its language."""

from __future__ import annotations

from collections.abc import Iterable

from automahntion.app.post.letter_layout import FeeLine, Language
from automahntion.domain.interest import Charge, ChargeKind

ENGLISH = {
    ChargeKind.LEVEL_FEE: ("Dunning fee", "fee of this dunning level"),
    ChargeKind.INTEREST: ("Default interest (§ 288 BGB)", ""),
    ChargeKind.FLAT_FEE: ("Flat-rate default charge (§ 288(5) BGB)", "one-off EUR 40.00"),
}
"""The domain's charges are worded in German; an English letter names them by kind (the
interest's German computation is left out there)."""


def fee_lines(charges: Iterable[Charge], language: Language) -> tuple[FeeLine, ...]:
    if language == "en":
        return tuple(FeeLine(ENGLISH[c.kind][0], c.cents, ENGLISH[c.kind][1]) for c in charges)
    return tuple(FeeLine(c.label, c.cents, c.explanation) for c in charges)
