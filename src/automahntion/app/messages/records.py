"""Dunning messages as stored: a level's claim and what became of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from automahntion.app.mail.rendering import MessageFacts
from automahntion.app.messages.reasons import Reason
from automahntion.app.tenants.letterhead import Letterhead
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level


class MessageState(StrEnum):
    """A message being sent, sent, failed, or held back (for review, or by a rule)."""

    SENDING = "sending"
    """Claimed and handed to the transport; never re-sent blindly."""
    SENT = "sent"
    FAILED = "failed"
    """Refused by the transport; may be claimed again on a later day."""
    HELD = "held"
    """Not sent: preparing it failed (a document, an amount, a template), certainly before
    anything was handed over. Needs attention; due again on the next sending day."""


RETAKEABLE = frozenset({MessageState.FAILED, MessageState.HELD})
"""States a new claim on the same (invoice, level) takes over: nothing went out."""


@dataclass(frozen=True)
class LetterFacts:
    """What a letter by post was laid out from besides its message's facts: with them, the
    template version and the stored enclosure, its PDF is made again byte for byte."""

    letterhead: Letterhead
    """Without its logo (kept once per tenant, not per letter)."""
    logo_sha256: str | None
    recipient_address: tuple[str, ...]
    letter_date: date
    enclosed_file: str | None = None
    """The file-store reference of lexoffice's dunning, enclosed after our cover page."""


@dataclass(frozen=True)
class RenderedFrom:
    """What a message was rendered from, recorded with it instead of its text: the renderer's
    input and the language whose template it used. With the immutable template version it
    rebuilds the message exactly."""

    facts: MessageFacts
    language: str | None
    letter: LetterFacts | None = None
    """Set for a letter by post once it was made."""


@dataclass(frozen=True)
class Claim:
    """A claim on (invoice, level), taken before anything goes out."""

    invoice_id: UUID
    level: Level
    channel: Channel
    message_id: str
    day: date
    """The sending day the message belongs to; what the escalation rules count from."""
    claimed_at: datetime
    template_version_id: UUID | None = None
    rendered_from: RenderedFrom | None = None
    carried_flat_fee: bool | None = None
    """Whether the message claims the flat fee of § 288 (5) BGB for this invoice (its own fee
    lines, also in a message for several invoices); None: not known (nothing was rendered)."""


@dataclass(frozen=True)
class SentMessage:
    id: UUID
    invoice_id: UUID
    level: Level
    channel: Channel
    state: MessageState
    message_id: str
    day: date
    claimed_at: datetime
    attempts: int
    recipient_domain: str | None = None
    transport_message_id: str | None = None
    template_version_id: UUID | None = None
    content_sha256: str | None = None
    failure_reason: Reason | None = None
    letter_tracking_code: str | None = None
    finished_at: datetime | None = None
    going_out_at: datetime | None = None
    """While `sending`: when the last look right before the hand-over let it go, under the lock
    every pause and deactivation takes; from then on it goes out whatever is stopped after.
    None while it may still be taken back."""

    @property
    def going_out(self) -> bool:
        """Being handed to the transport or postal provider: past its last look, not finished."""
        return self.state is MessageState.SENDING and self.going_out_at is not None
