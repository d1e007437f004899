"""What `data` holds for each event type, as `app/events/record.py` writes it: ids as strings,
times RFC 3339 in UTC with `Z`. Every field is always there, null where it has no value.

The events are listed and delivered as recorded; these Structs say what that is (the OpenAPI
document, the SDK), and a test reads every recorded event with them, refusing unknown fields."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from automahntion.api.schemas import Schema
from automahntion.app.events.record import INVOICE_BLOCKED, MESSAGE_FAILED, MESSAGE_HELD
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode
from automahntion.app.lexoffice.records import ConnectionKind
from automahntion.app.messages.reasons import ReasonCode
from automahntion.app.post.provider import LetterState
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind
from automahntion.domain.recipients import BlockReason

Stars = Annotated[int, msgspec.Meta(ge=1, le=5)]
Month = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class MessageEventData(Schema):
    """The message a `message.sent` or `message.failed` tells of."""

    message_id: UUID
    invoice_id: UUID
    level: Level
    channel: Channel
    reason_code: ReasonCode | None
    """Why it failed, a stable code; null when sent."""
    reason: str | None
    """Why it failed, in German; null when sent."""


class InvoicePaidData(Schema):
    """The invoice a `invoice.paid` tells of."""

    invoice_id: UUID
    invoice_number: str | None


class MessageFailedAttention(Schema, tag_field="reason", tag=MESSAGE_FAILED):
    """A message failed: the invoice is on the attention list until it is dealt with."""

    invoice_id: UUID
    reason_code: ReasonCode | None
    """Why the message failed, a stable code."""
    detail: str
    """In German, as the attention list words it; empty when there is no reason."""


class MessageHeldAttention(Schema, tag_field="reason", tag=MESSAGE_HELD):
    """A message was held for the day because preparing it failed (it is on the review list
    and due again on the next sending day)."""

    invoice_id: UUID
    reason_code: ReasonCode | None
    """Why the message is held, a stable code."""
    detail: str
    """In German, as the attention list words it; empty when there is no reason."""


class InvoiceBlockedAttention(Schema, tag_field="reason", tag=INVOICE_BLOCKED):
    """An overdue invoice got a block the owner can mend; told once, not again while it
    lasts."""

    invoice_id: UUID
    reason_code: BlockReason
    """The block: `unusable_record` or `missing_email`."""
    detail: str
    """In German, as the attention list words it."""


AttentionData = MessageFailedAttention | MessageHeldAttention | InvoiceBlockedAttention
"""What `invoice.needs_attention` holds: its `reason` is the kind of attention item it adds."""


class LetterStatusChangedData(Schema):
    """A letter by post moved on; a state only moves forward."""

    letter_id: str
    """The postal provider's id of the letter."""
    invoice_id: UUID
    level: Level
    kind: LetterKind
    previous_state: LetterState
    state: LetterState
    tracking_code: str | None
    provider_status: str
    """The provider's own word for the status."""
    reason: str | None
    """The provider's words, e.g. the action a held letter needs."""
    reported_at: datetime
    """The provider's time of the change (the event's `occurredAt` is ours)."""


class FeedbackReceivedData(Schema):
    """A customer's rating, anonymous as the feedback report is: no invoice or customer."""

    stars: Stars
    """1 very unsatisfied … 5 very satisfied."""
    comment: str | None
    month: Month
    """`YYYY-MM`: the feedback report's month it counts in."""


class LexofficeDisconnectedData(Schema):
    """The lexoffice connection was lost: sync and dunning stop until the tenant connects
    again."""

    organization_id: str | None
    kind: ConnectionKind
    reason_code: DisconnectCode
    reason: str
    """In German, as the tenant reads it."""
    disconnected_at: datetime
