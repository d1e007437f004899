"""The attention source of letters by post that the postal provider holds until the sender
acts (`action_required`): the owner learns which letter needs what. A letter leaves the list
as soon as the provider reports it moving on (printing, sent, delivered, …), refused or
cancelled."""

from __future__ import annotations

from automahntion.app.post.records import LetterRecord
from automahntion.app.review.attention_items import AttentionItem, AttentionKind, Situation


def action_detail(letter: LetterRecord, number: str) -> str:
    """German, for the owner: which letter is held and what the provider asks for, in the
    provider's own words (quoted: it has no fixed list of them to put into German)."""
    said = (
        f"Angabe des Postdienstleisters: „{letter.status_reason}“"
        if letter.status_reason
        else "der Postdienstleister hat keinen Grund genannt"
    )
    return (
        f"Der Brief {letter.level.value} zu Rechnung {number} wird vom Postdienstleister "
        f"angehalten, bis gehandelt wird ({said}). Bitte die Anschrift des Kunden und das "
        "Schreiben prüfen: erst danach wird der Brief gedruckt und versendet."
    )


async def letters_needing_action(situation: Situation) -> list[AttentionItem]:
    held = await situation.store.attention_reads.letters_held(situation.after, situation.limit)
    numbers = await situation.invoice_numbers({letter.invoice_id for letter in held})
    return [
        AttentionItem(
            f"letter:{letter.provider_letter_id}:action_required",
            AttentionKind.LETTER_ACTION_REQUIRED,
            action_detail(letter, numbers.get(letter.invoice_id, "?")),
            letter.status_changed_at,
            letter.invoice_id,
            numbers.get(letter.invoice_id),
            letter.level,
        )
        for letter in held
    ]
