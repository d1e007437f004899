"""The attention source of thank-you e-mails whose outcome is unknown."""

from __future__ import annotations

from automahntion.app.review.attention_items import AttentionItem, AttentionKind, Situation
from automahntion.app.review.decide import GRACE


async def unresolved_thank_yous(situation: Situation) -> list[AttentionItem]:
    """Those the review lists: claims no running cycle can hold any more."""
    cutoff = situation.now - GRACE
    claims = [
        t
        for t in await situation.store.thank_yous.sending()
        if t.claimed_at is not None and t.claimed_at <= cutoff
    ]
    numbers = await situation.invoice_numbers({t.invoice_id for t in claims})
    return [
        AttentionItem(
            f"thank-you:{t.id}:sending",
            AttentionKind.THANK_YOU_UNRESOLVED,
            f"Dankes-E-Mail zu Rechnung {numbers.get(t.invoice_id, '?')}: unklar, ob sie "
            "versendet wurde. Bitte prüfen und als versendet oder nicht versendet markieren.",
            t.claimed_at,
            t.invoice_id,
            numbers.get(t.invoice_id),
        )
        for t in claims
    ]
