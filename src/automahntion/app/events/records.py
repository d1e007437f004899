"""Events out: what happened to a tenant's invoices and messages, in the order it committed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

EventData = dict[str, str | int | None]


class EventType(StrEnum):
    """The kind of an event (and of its webhook delivery)."""

    MESSAGE_SENT = "message.sent"
    MESSAGE_FAILED = "message.failed"
    INVOICE_PAID = "invoice.paid"
    INVOICE_NEEDS_ATTENTION = "invoice.needs_attention"


@dataclass(frozen=True)
class Event:
    id: UUID
    seq: int
    """The tenant's cursor: increases with every event, in commit order."""
    type: EventType
    occurred_at: datetime
    data: EventData = field(default_factory=dict)
