"""What a cycle did, line by line: each line's outcome is a kind (`Outcome`) with its words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from automahntion.app.messages.reasons import Reason
from automahntion.domain.day_plan import Channel, PlannedItem
from automahntion.domain.levels import Level


class Outcome(StrEnum):
    WOULD_SEND = "would_send"
    """A dry run: it would go out."""
    SENT = "sent"
    FAILED = "failed"
    """Not taken by the transport (or the provider): due again next sending day."""
    HELD = "held"
    """Not handed over; held with its reason for the owner."""
    REVIEW = "review"
    """Left `sending`: the transport may have taken it, so it is never sent again by itself."""
    CLAIMED_ELSEWHERE = "claimed_elsewhere"
    NOT_SENT = "not_sent"
    """Nothing was claimed: paid since the sync, the re-check failed, nothing to send it by."""
    BLOCKED = "blocked"


ATTENTION = "needs attention"
BY_POST = "by post"
CLAIMED_ELSEWHERE = "already claimed elsewhere: not sent again"
PART_CLAIMED_ELSEWHERE = (
    "not sent: another invoice of this message was claimed elsewhere; due again on the next run"
)
PAUSED_MEANWHILE = "not sent: paused (Mahnstopp) since the day was planned"
PART_PAUSED = (
    "not sent: another invoice of this message was paused (Mahnstopp); due again on the next run"
)
PAID_MEANWHILE = (
    "not sent: lexoffice told of a payment since the re-check (paid, voided or in payment, or "
    "less open than the message states); due again on the next run if something is still open"
)
PART_PAID = (
    "not sent: another invoice of this message was paid (as lexoffice told since the re-check) "
    "or handed over; due again on the next run"
)
HANDED_OVER_MEANWHILE = "not sent: handed over (e.g. to a collection agency) since the re-check"
MAIL_REVIEW = "left in 'sending' for review: the server may have taken it"
SENT_UNRECORDED = "sent, but recording it failed: left in 'sending' for review"
LETTER_REVIEW = "left in 'sending' for review: posting it failed unexpectedly"
NO_POSTAL = "not sent: letters by post need a postal provider (AUTOMAHNTION_POSTAL_API_*)"
NO_DOCUMENT_STORE = "not sent: no document store"
DAY_ENDED = (
    "not sent: the cycle ran into a day that is no sending day; due again on the next sending day"
)


@dataclass(slots=True, unsafe_hash=True)
class Line:
    """One line of the report; never changed once made. Not `frozen`, which sets each field
    through `object.__setattr__`: one is made for every message a cycle decides."""

    invoice_number: str
    customer: str
    level: Level
    channel: Channel
    recipient: str
    outcome: str
    """In words, as the owner reads it."""
    kind: Outcome


@dataclass
class CycleReport:
    tenant_id: UUID
    day: date
    held: str | None = None
    lines: list[Line] = field(default_factory=list)

    @property
    def sent(self) -> list[Line]:
        return [line for line in self.lines if line.kind in (Outcome.SENT, Outcome.WOULD_SEND)]

    def add(self, item: PlannedItem, kind: Outcome, outcome: str) -> None:
        """A line for `item`; a letter's recipient reads "by post"."""
        letter = item.channel is Channel.LETTER
        recipient = BY_POST if letter else item.outlook.recipient or ""
        self.lines.append(
            Line(
                item.invoice.voucher_number,
                item.customer,
                item.level,
                item.channel,
                recipient,
                outcome,
                kind,
            )
        )

    def held_line(self, item: PlannedItem, reason: Reason) -> None:
        self.add(item, Outcome.HELD, f"{ATTENTION}: {reason.english}")
