"""What the invoice, contact and dunning-preview resources say (camelCase on the wire)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Literal
from uuid import UUID

import msgspec

from automahntion.api.field_types import Reason
from automahntion.api.schemas import Schema
from automahntion.app.invoices.records import AdmissionState
from automahntion.app.messages.reasons import ReasonCode
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import DocumentState
from automahntion.domain.day_plan import Channel
from automahntion.domain.escalation import Hold
from automahntion.domain.invoices import InvoiceKind, InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.recipients import BlockReason


class LevelFilter(StrEnum):
    """The highest level sent so far, or `none`."""

    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    M1 = "M1"
    M2 = "M2"
    M3 = "M3"
    NONE = "none"


class PauseOut(Schema):
    """A Mahnstopp of an invoice or a customer."""

    reason: str
    until: date | None
    """The last day of the pause; None until it is lifted."""
    active: bool
    """Holds today (by the service's clock)."""


class ReplacedPauseOut(Schema):
    """The pause that held before this request replaced it."""

    reason: str
    until: date | None


class PauseIn(Schema):
    """A Mahnstopp to set."""

    until: date | None = None
    """The last day of the pause; absent or null: until it is lifted."""
    reason: Reason | None = None
    """Defaults to "Mahnstopp"."""

    EXAMPLE: ClassVar[dict[str, Any]] = {"until": "2026-03-31", "reason": "Ratenzahlung vereinbart"}


class CustomerOut(Schema):
    """The invoice's customer (a lexoffice contact)."""

    id: UUID | None
    """Our contact id (for `/v1/contacts/{id}`); None when the contact was never synced."""
    lexoffice_id: str
    name: str | None


class LevelSentOut(Schema):
    """A level sent (or tried) for the invoice."""

    level: Level
    day: date
    """The sending day the message belongs to."""
    channel: Channel
    state: MessageState
    sent_at: datetime | None
    failure_reason: str | None
    """Why it was held or failed, in German for the owner."""
    failure_code: ReasonCode | None
    """The same reason as a stable code."""
    tracking_code: str | None
    """The post's tracking code of a letter, once known."""
    letter_status: LetterState | None
    """Where a letter by post is now (letters only); `action_required`: the postal provider
    holds it until someone acts, listed at `/v1/attention` with what it needs; `unknown`: the
    provider took it without its answer reaching us (resolved as sent in the review, or found
    at the provider on a later hand-over), so its status is not followed."""


class InvoiceDocumentOut(Schema):
    """A dunning document made for the invoice."""

    id: UUID
    level: Level
    state: DocumentState
    download: str | None
    """`/v1/documents/{id}` once the file exists."""


class InvoiceOut(Schema):
    """An invoice and where it stands in dunning."""

    id: UUID
    lexoffice_id: str
    kind: InvoiceKind
    number: str
    customer: CustomerOut | None
    voucher_date: date
    due_date: date
    days_overdue: int
    """0 while not yet due."""
    total_cents: int
    open_cents: int
    currency: Literal["EUR"]
    status: InvoiceStatus
    admission: AdmissionState
    blocked: BlockReason | None
    blocked_detail: str | None
    """Why, in words, when `blocked` is `address_not_printable` or `unusable_record`."""
    pause: PauseOut | None
    contact_pause: PauseOut | None
    levels_sent: list[LevelSentOut]
    documents: list[InvoiceDocumentOut]
    handed_over_on: date | None
    """The day (Berlin) it was marked handed over (e.g. to a collection agency): dunning
    ended for it and it takes no quota slot. None while it is not."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": "6f1c2b8e-3d4a-4f5b-9c6d-7e8f9a0b1c2d",
        "lexofficeId": "e9066f04-8cc7-4616-93f8-ac9ecc8479c8",
        "kind": "invoice",
        "number": "RE-2026-0042",
        "customer": {
            "id": "0b6f5c1e-4c1a-4a8e-9a55-3f1e2d7c9b10",
            "lexofficeId": "be9475f4-ef80-442b-8ab9-3ab8b1a2aeb9",
            "name": "Café Klein",
        },
        "voucherDate": "2026-01-15",
        "dueDate": "2026-01-29",
        "daysOverdue": 32,
        "totalCents": 119000,
        "openCents": 119000,
        "currency": "EUR",
        "status": "overdue",
        "admission": "admitted",
        "blocked": None,
        "blockedDetail": None,
        "pause": None,
        "contactPause": None,
        "levelsSent": [
            {
                "level": "R1",
                "day": "2026-02-05",
                "channel": "email",
                "state": "sent",
                "sentAt": "2026-02-05T08:00:12Z",
                "failureReason": None,
                "failureCode": None,
                "trackingCode": None,
                "letterStatus": None,
            }
        ],
        "documents": [],
        "handedOverOn": None,
    }


class GoingOutOut(Schema):
    """A message already being handed to the mail transport or the postal provider when a
    pause or deactivation took effect: its last check right before the hand-over came first, so
    it goes out. Everything not listed is stopped."""

    invoice_id: UUID
    level: Level
    channel: Channel
    since: datetime
    """When its last check let it go."""


def going_out_out(messages: tuple[SentMessage, ...]) -> list[GoingOutOut]:
    return [
        GoingOutOut(
            invoice_id=m.invoice_id,
            level=m.level,
            channel=m.channel,
            since=m.going_out_at or m.claimed_at,
        )
        for m in messages
    ]


class PausedInvoiceOut(InvoiceOut):
    """The invoice with its new Mahnstopp."""

    replaced: ReplacedPauseOut | None
    """The pause that held before and was replaced by this one; None when none held."""
    going_out: list[GoingOutOut]
    """Its message already being handed over, which the pause came too late to stop (empty
    almost always); every later message waits for the pause to end."""


class InvoicePage(Schema):
    """A page of invoices."""

    items: list[InvoiceOut]
    next_cursor: str | None


class ContactOut(Schema):
    """A customer (lexoffice contact)."""

    id: UUID
    lexoffice_id: str
    name: str
    has_email: bool
    email: str | None
    """The address dunning writes to under the tenant's recipient policy."""
    pause: PauseOut | None
    open_invoices: int

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": "0b6f5c1e-4c1a-4a8e-9a55-3f1e2d7c9b10",
        "lexofficeId": "be9475f4-ef80-442b-8ab9-3ab8b1a2aeb9",
        "name": "Café Klein",
        "hasEmail": True,
        "email": "buchhaltung@cafe-klein.de",
        "pause": None,
        "openInvoices": 2,
    }


class PausedContactOut(ContactOut):
    """The customer with its new Mahnstopp."""

    replaced: ReplacedPauseOut | None
    """The pause that held before and was replaced by this one; None when none held."""
    going_out: list[GoingOutOut]
    """Messages of its invoices already being handed over, which the pause came too late to
    stop (empty almost always); every later message waits for the pause to end."""


class ContactPage(Schema):
    """A page of contacts."""

    items: list[ContactOut]
    next_cursor: str | None


class PreviewInvoiceOut(Schema):
    """An invoice a previewed message is about."""

    id: UUID
    number: str
    level: Level


class PreviewMessageOut(Schema):
    """A message the day would send."""

    invoices: list[PreviewInvoiceOut]
    customer: str
    level: Level
    channel: Channel
    recipient: str
    """The e-mail address, or "by post"."""


class PreviewHoldOut(Schema):
    """An overdue invoice the day would send nothing for, and why."""

    invoice_id: UUID
    number: str
    customer: str
    reason: Hold
    next_level: Level | None
    blocked: BlockReason | None
    pause: PauseOut | None


class PreviewOut(Schema):
    """What one sending day would send, and what it would hold back."""

    day: date = msgspec.field(name="date")
    held: str | None
    """Why nothing at all would be sent that day."""
    messages: list[PreviewMessageOut]
    holds: list[PreviewHoldOut]
    """Overdue invoices that would get nothing that day, and why."""
