"""Port: a print-and-mail provider that posts our dunning PDFs as letters.

Provider statuses are folded into `LetterState`; a letter's state only ever moves forward
(webhooks carry no timestamp in their signature and may arrive twice or out of order)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from automahntion.domain.prices import LetterKind


class LetterState(StrEnum):
    """Where a letter by post is: handed to the postal service, held until the sender acts,
    printing, sent, delivered, undeliverable, failed, or cancelled; or unknown (taken without
    the provider's answer)."""

    SUBMITTED = "submitted"
    """With the provider, not printed yet (validated, queued, accepted)."""
    ACTION_REQUIRED = "action_required"
    """Held by the provider until the sender acts (e.g. on the address or the document); it
    goes on (printing, sent, …) once that is resolved, or is refused or cancelled."""
    PRINTING = "printing"
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERABLE = "undeliverable"
    FAILED = "failed"
    """The provider will not print it (e.g. the address cannot be read)."""
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    """Taken by the provider without its answer reaching us (the owner resolved the lost
    hand-over as sent, or the provider already held a letter under its key): its id and status
    are not known here, and no report of the provider can be matched to it."""

    @property
    def final(self) -> bool:
        return self in _FINAL

    def moves_to(self, new: LetterState) -> bool:
        """Whether a report of `new` may replace this state: never backwards, never from a
        final state, and refused or cancelled only before the letter was sent (a late report of
        issues does not undo a letter that went out)."""
        if self.final:
            return False
        if new in NOT_POSTED:
            return _RANK[self] < _RANK[LetterState.SENT]
        return _RANK[new] > _RANK[self]


_FINAL = frozenset(
    {LetterState.DELIVERED, LetterState.UNDELIVERABLE, LetterState.FAILED, LetterState.CANCELLED}
)
NOT_POSTED = frozenset({LetterState.FAILED, LetterState.CANCELLED})
"""Letters the provider refused or cancelled: never printed, never charged, never billed."""
_RANK = {
    LetterState.UNKNOWN: 0,
    LetterState.SUBMITTED: 0,
    LetterState.ACTION_REQUIRED: 1,
    LetterState.PRINTING: 2,
    LetterState.SENT: 3,
    LetterState.DELIVERED: 4,
    LetterState.UNDELIVERABLE: 4,
    LetterState.FAILED: 4,
    LetterState.CANCELLED: 4,
}
"""`action_required` comes after `submitted`: a letter is recorded as the provider takes it in
(validating), and the provider holds it there; a report still reading `submitted` after it (a
late or repeated one) leaves it held. Only progress (printing, sent, …), a refusal or a
cancellation moves it on."""


@dataclass(frozen=True)
class LetterRequest:
    """One letter: the PDF carries the recipient's address in the envelope window."""

    pdf: bytes
    file_name: str
    kind: LetterKind
    idempotency_key: str
    """Derived by the caller, e.g. from (tenant, invoice, level): a rerun posts nothing twice."""
    color: bool = False
    duplex: bool = False
    meta: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PostedLetter:
    letter_id: str
    kind: LetterKind
    state: LetterState
    provider_status: str
    tracking_code: str | None = None
    """Only registered letters get one, when they are sent."""
    price_cents: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class LetterEvent:
    """A signed status report; `event_id` de-duplicates re-deliveries."""

    event_id: str
    letter_id: str
    state: LetterState
    provider_status: str
    tracking_code: str | None
    reason: str | None
    occurred_at: datetime


class PostalUnavailable(Exception):
    """The provider did not answer in time or answered 5xx; retrying with the same
    idempotency key later is safe."""


class PostalRefused(Exception):
    """The provider refused the request (4xx): retrying the same request does not help."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(f"the postal provider answered {status}: {message}")


class PostalNotFound(PostalRefused):
    pass


class LetterKeyReused(PostalRefused):
    """A letter was already created under this idempotency key from another upload (a rerun
    after a crash): it is not posted twice, and its id is not known here. Treat it like a
    message stuck in `sending`: for review, never re-sent blindly."""


class LetterPrinter(Protocol):
    async def send_letter(self, request: LetterRequest) -> PostedLetter:
        """Upload the PDF and post it as a letter (plain or registered)."""
        ...

    async def letter(self, letter_id: str) -> PostedLetter: ...

    async def cancel_letter(self, letter_id: str) -> PostedLetter:
        """Only before the provider submitted it to print; PostalRefused after."""
        ...


class LetterEvents(Protocol):
    def verify(self, body: bytes, headers: Mapping[str, str]) -> LetterEvent:
        """The event of a callback, after its signature was checked over the raw body;
        `automahntion.app.webhooks.WebhookRefused` when it does not hold, `WebhookUnreadable`
        when it holds but the body is no event."""
        ...
