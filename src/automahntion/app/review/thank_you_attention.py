"""The attention source of thank-you e-mails whose outcome is unknown."""

from __future__ import annotations

from automahntion.app.review.attention_items import AttentionItem, AttentionKind, Situation
from automahntion.app.review.decide import GRACE


async def unresolved_thank_yous(situation: Situation) -> list[AttentionItem]:
    """Those the review lists: claims no running cycle can hold any more."""
    cutoff = situation.now - GRACE
    reads = situation.store.attention_reads
    claims = await reads.thank_yous_sending(cutoff, situation.after, situation.limit)
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
