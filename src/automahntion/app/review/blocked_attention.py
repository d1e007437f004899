"""The attention source of overdue invoices blocked for a reason the owner can mend (which:
`app/invoices/blocks.py`). Such an invoice is never dunned; without this item the owner would
learn of it only from the invoice overview. An item goes as soon as the block does, e.g. once
a sync reads the record readable again."""

from __future__ import annotations

from uuid import UUID

from automahntion.app.invoices.blocks import OWNER_CAN_MEND, blocked_detail, needs_owner
from automahntion.app.invoices.records import StoredInvoice
from automahntion.app.review.attention_items import (
    AttentionItem,
    AttentionKind,
    Situation,
    fact_key,
)
from automahntion.app.review.invoice_scan import invoice_items
from automahntion.domain.calendar import berlin_today


def blocked_key(stored: StoredInvoice, detail: str) -> str:
    """Names the fact: the invoice, its reason and what is wrong (another problem with the
    same invoice is news)."""
    blocked = stored.blocked.value if stored.blocked else "none"
    return fact_key(f"invoice:{stored.id}:blocked:{blocked}", detail)


async def blocked_invoices(situation: Situation) -> list[AttentionItem]:
    """Without a date of their own (when the block began is not kept): listed last."""
    today = berlin_today(situation.now)
    reads = situation.store.attention_reads

    async def read(first: UUID, limit: int | None) -> list[StoredInvoice]:
        return await reads.blocked_invoices(sorted(OWNER_CAN_MEND), today, first, limit)

    async def judge(blocked: list[StoredInvoice]) -> list[AttentionItem]:
        contacts = await situation.store.contacts.get_many(
            sorted({s.invoice.contact_id for s in blocked if s.invoice.contact_id})
        )
        found = []
        for stored in blocked:
            contact = contacts.get(stored.invoice.contact_id or "")
            if not needs_owner(stored, contact, situation.tenant, today):
                continue
            detail = blocked_detail(stored, contact, situation.tenant)
            found.append(
                AttentionItem(
                    blocked_key(stored, detail),
                    AttentionKind.INVOICE_BLOCKED,
                    detail,
                    None,
                    stored.id,
                    stored.invoice.voucher_number,
                )
            )
        return found

    return await invoice_items(situation, read, judge)
