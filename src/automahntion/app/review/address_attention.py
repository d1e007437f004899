"""The attention source of overdue invoices whose next notice goes by post to a contact whose
postal address cannot be printed (`app/post/letters.py`: `blocked_letters`, the rule the
invoice overview shows). Such a letter is never sent and the invoice stops escalating; without
this item the owner would learn of it only from the cycle's report. An item goes as soon as the
address is mended in lexoffice and synced (or the invoice is paid, paused, handed over, …).

Listed: open, overdue invoices holding a quota slot (`admitted`), not paused (the invoice, its
contact or the whole account), not handed over, while dunning is on."""

from __future__ import annotations

from uuid import UUID

from automahntion.app.invoices.blocks import dunned_but_for_its_block
from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.app.post.letters import BlockedLetter, blocked_letters, tenant_policy
from automahntion.app.review.attention_items import (
    AttentionItem,
    AttentionKind,
    Situation,
    fact_key,
)
from automahntion.app.review.invoice_scan import invoice_items
from automahntion.domain.calendar import berlin_today

_FIELDS = {
    "name": "Name",
    "street": "Straße",
    "zip": "PLZ",
    "city": "Ort",
    "supplement": "Adresszusatz",
}


def _fields(listed: str) -> str:
    return ", ".join(_FIELDS.get(label, label) for label in listed.split(", "))


def german_problem(problem: str) -> str:
    """What `address_problem` (or `contact_letter_problem`) says, in German for the owner."""
    if problem == "no contact":
        return "die Rechnung hat keinen Kontakt in lexoffice"
    if problem == "no postal address":
        return "der Kontakt hat keine Rechnungsanschrift"
    if problem.startswith("missing "):
        return f"in der Anschrift fehlt: {_fields(problem.removeprefix('missing '))}"
    if problem.startswith("country "):
        country = problem.removeprefix("country ").split(":", 1)[0]
        return f"die Anschrift liegt nicht in Deutschland ({country}); Briefe gehen nur ins Inland"
    if problem.startswith("line break in "):
        return f"Zeilenumbruch in: {_fields(problem.removeprefix('line break in '))}"
    if problem.startswith("zip "):
        zip_code = problem.removeprefix("zip ").removesuffix(" is not five digits")
        return f"die PLZ {zip_code} hat nicht fünf Ziffern"
    if problem.startswith("line longer than "):
        line = problem.split(": ", 1)[-1]
        return f"eine Zeile ist zu lang für das Adressfenster: {line}"
    return f"„{problem}“"


def address_detail(
    stored: StoredInvoice, contact: StoredContact | None, letter: BlockedLetter
) -> str:
    """German, for the owner: which invoice, which customer, which letter, what is wrong."""
    number = stored.invoice.voucher_number
    customer = f" ({contact.contact.name})" if contact and contact.contact.name else ""
    return (
        f"Rechnung {number}{customer}: die nächste Mahnstufe {letter.level.value} geht per Post, "
        f"aber die Anschrift kann nicht gedruckt werden: {german_problem(letter.problem)}. "
        "Bitte die Anschrift "
        "in lexoffice berichtigen; bis dahin wird der Brief nicht versendet und die Rechnung "
        "nicht weiter gemahnt."
    )


def address_key(stored: StoredInvoice, letter: BlockedLetter) -> str:
    """Names the fact: the invoice, the level and what is wrong (another problem is news)."""
    return fact_key(f"invoice:{stored.id}:letter-address", str(letter))


async def unprintable_letter_addresses(situation: Situation) -> list[AttentionItem]:
    """Without a date of their own: listed last. Nothing is read beyond the levels when no
    enabled level goes by post."""
    store, tenant = situation.store, situation.tenant
    policy = tenant_policy(tenant, await store.levels.settings())
    if not policy.active or not any(s.by_post for s in policy.enabled_above(None)):
        return []
    today = berlin_today(situation.now)
    reads = situation.store.attention_reads

    async def read(first: UUID, limit: int | None) -> list[StoredInvoice]:
        return await reads.admitted_invoices(today, first, limit)

    async def judge(admitted: list[StoredInvoice]) -> list[AttentionItem]:
        contacts = await store.contacts.get_many(
            sorted({s.invoice.contact_id for s in admitted if s.invoice.contact_id})
        )
        chosen = [
            s
            for s in admitted
            if dunned_but_for_its_block(s, contacts.get(s.invoice.contact_id or ""), tenant, today)
        ]
        messages = await store.messages.for_invoices([s.id for s in chosen])
        files = [
            (s, contacts.get(s.invoice.contact_id or ""), messages.get(s.id, [])) for s in chosen
        ]
        blocked = blocked_letters(policy, files, today)
        return [
            AttentionItem(
                address_key(stored, blocked[stored.id]),
                AttentionKind.LETTER_ADDRESS_UNPRINTABLE,
                address_detail(stored, contact, blocked[stored.id]),
                None,
                stored.id,
                stored.invoice.voucher_number,
                blocked[stored.id].level,
            )
            for stored, contact, _ in files
            if stored.id in blocked
        ]

    return await invoice_items(situation, read, judge)
