"""An event as `GET /v1/events` lists it and the webhooks deliver it, one Struct per `type`:
the union the OpenAPI document gives for `EventOut` (a `oneOf` with a discriminator on
`type`), with the `data` each type carries."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from automahntion.api.event_data import (
    AttentionData,
    FeedbackReceivedData,
    InvoicePaidData,
    LetterStatusChangedData,
    LexofficeDisconnectedData,
    MessageEventData,
)
from automahntion.api.schemas import Schema
from automahntion.app.events.records import EventType


class EventFields(Schema, tag_field="type"):
    id: UUID
    """Also the `webhook-id` of its deliveries."""
    sequence: int
    """Increases with every event of the tenant, in the order the changes were committed."""
    occurred_at: datetime


class MessageSentEvent(EventFields, tag=EventType.MESSAGE_SENT.value):
    """A reminder or dunning notice went out."""

    data: MessageEventData


class MessageFailedEvent(EventFields, tag=EventType.MESSAGE_FAILED.value):
    """A reminder or dunning notice could not be sent; the invoice needs attention."""

    data: MessageEventData


class InvoicePaidEvent(EventFields, tag=EventType.INVOICE_PAID.value):
    """A sync found the invoice paid."""

    data: InvoicePaidData


class InvoiceNeedsAttentionEvent(EventFields, tag=EventType.INVOICE_NEEDS_ATTENTION.value):
    """The invoice is on the attention list: the service cannot go on with it alone."""

    data: AttentionData


class LetterStatusChangedEvent(EventFields, tag=EventType.LETTER_STATUS_CHANGED.value):
    """The postal provider reported a letter's progress."""

    data: LetterStatusChangedData


class FeedbackReceivedEvent(EventFields, tag=EventType.FEEDBACK_RECEIVED.value):
    """A customer rated the service after paying; listed and delivered only with
    `feedback:read`."""

    data: FeedbackReceivedData


class LexofficeDisconnectedEvent(EventFields, tag=EventType.LEXOFFICE_DISCONNECTED.value):
    """The tenant's lexoffice connection was lost."""

    data: LexofficeDisconnectedData


TypedEvent = (
    MessageSentEvent
    | MessageFailedEvent
    | InvoicePaidEvent
    | InvoiceNeedsAttentionEvent
    | LetterStatusChangedEvent
    | FeedbackReceivedEvent
    | LexofficeDisconnectedEvent
)
"""Every event type, told apart by `type`."""
