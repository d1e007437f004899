"""The fee and interest lines of our letter in its language."""

from __future__ import annotations

from collections.abc import Iterable

from automahntion.app.post.dunning_document import explanation
from automahntion.app.post.letter_layout import FeeLine, Language
from automahntion.domain.interest import Charge, ChargeKind

ENGLISH = {
    ChargeKind.LEVEL_FEE: "Dunning fee",
    ChargeKind.INTEREST: "Default interest (§ 288 BGB)",
    ChargeKind.FLAT_FEE: "Flat-rate default charge (§ 288(5) BGB)",
}
"""The domain's charges are worded in German; an English letter names them by kind."""


def fee_lines(charges: Iterable[Charge], language: Language) -> tuple[FeeLine, ...]:
    """Each charge with how it was computed, in the letter's language."""
    if language == "en":
        return tuple(FeeLine(ENGLISH[c.kind], c.cents, explanation(c, "en")) for c in charges)
    return tuple(FeeLine(c.label, c.cents, explanation(c, "de")) for c in charges)
