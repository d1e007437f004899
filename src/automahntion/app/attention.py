"""What needs the tenant's attention from the dunning cycle: messages held while they were
prepared and messages the transport refused (rule 3, "one invoice never stops the day").

Each is due again on the next sending day; the list says why the last attempt did not go out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.records import Channel, MessageState
from automahntion.app.storage import TenantStore
from automahntion.domain.levels import Level


@dataclass(frozen=True)
class AttentionItem:
    message_id: UUID
    invoice_id: UUID
    invoice_number: str
    level: Level
    channel: Channel
    state: MessageState
    day: date
    """The sending day of the last attempt."""
    reason: str
    at: datetime | None


async def needs_attention(store: TenantStore) -> list[AttentionItem]:
    """Oldest first. An invoice deleted since is listed by its id."""
    messages = await store.messages.needing_attention()
    numbers: dict[UUID, str] = {}
    for invoice_id in {m.invoice_id for m in messages}:
        try:
            numbers[invoice_id] = (await store.invoices.get(invoice_id)).invoice.voucher_number
        except NotFound:
            numbers[invoice_id] = str(invoice_id)
    return [
        AttentionItem(
            message_id=m.id,
            invoice_id=m.invoice_id,
            invoice_number=numbers[m.invoice_id],
            level=m.level,
            channel=m.channel,
            state=m.state,
            day=m.day,
            reason=m.failure_reason or m.state.value,
            at=m.finished_at,
        )
        for m in messages
    ]
