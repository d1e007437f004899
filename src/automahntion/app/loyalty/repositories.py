"""Ports: one tenant's thank-you e-mails and the feedback its customers gave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.domain.feedback import Feedback
from automahntion.domain.quota import Plan
from automahntion.domain.thanks import ThankYouDue


@dataclass(frozen=True)
class ThankYouRecord:
    """One queued thank-you: `due`, `sending` (claimed; its hand-over not known to have ended),
    `sent`, `failed` or `not_due` (its invoice was cleared without money)."""

    id: UUID
    invoice_id: UUID
    state: str
    claimed_at: datetime | None
    """When it was claimed or handed over last, while `sending`."""


class ThankYouRepository(Protocol):
    async def enqueue(self, invoice_id: UUID, paid_at: datetime) -> None:
        """A thank-you due for the invoice's payment at `paid_at`. One withdrawn as `not_due`
        (the invoice was cleared without money, then reopened and now paid again) is due again,
        paid at `paid_at`. Raises `ThankYouAlreadyQueued` for an invoice queued, being sent,
        thanked or refused for good before."""
        ...

    async def due_again(self, invoice_id: UUID, paid_at: datetime) -> bool:
        """The invoice's thank-you withdrawn as `not_due` is due again, paid at `paid_at`, to be
        read again before it goes out; False (nothing changed) for an invoice without one, or
        with one queued, being sent, thanked or refused for good."""
        ...

    async def due(self) -> list[ThankYouDue]: ...
    async def lock(self) -> None:
        """Holds the tenant's queue until the unit of work ends: one claimer at a time, so that
        two runs together never pass the month's quota."""
        ...

    async def claim(self, invoice_id: UUID, month: str, at: datetime) -> bool:
        """`due` → `sending`, counted in `month`; False when it was not due (taken elsewhere)."""
        ...

    async def handing_over(self, invoice_id: UUID, at: datetime) -> bool:
        """Still claimed: its claim time becomes `at`, so that the review waits its grace from
        the hand-over; False when it was resolved meanwhile (it is not sent then)."""
        ...

    async def mark_sent(self, invoice_id: UUID, month: str, at: datetime) -> None: ...
    async def release(self, invoice_id: UUID) -> None:
        """A claimed one that certainly did not go out is due again and counts in no month."""
        ...

    async def mark_failed(self, invoice_id: UUID) -> None:
        """Refused for good (e.g. the address does not exist): never tried again."""
        ...

    async def withdraw(self, invoice_id: UUID) -> None:
        """A due one whose invoice was cleared without money (credit note, write-off): no
        thank-you is due (`not_due`) unless the invoice is reopened and paid again
        (`enqueue`)."""
        ...

    async def sent_in_month(self, month: str) -> int:
        """Claimed or sent in that month."""
        ...

    async def states(self) -> dict[UUID, str]: ...
    async def sending(self) -> list[ThankYouRecord]:
        """Claimed and not known to have gone out or not, oldest claim first."""
        ...

    async def find(self, thank_you_id: UUID) -> ThankYouRecord | None: ...
    async def settle(self, thank_you_id: UUID, *, sent: bool) -> bool:
        """The owner's decision on one left `sending`: sent (it counts in the month it was
        claimed in and is never sent again) or not sent (due again, counting in no month);
        False when it was not `sending` (any more)."""
        ...

    async def loyalty_plan(self) -> Plan | None:
        """The tenant's loyalty extension (from its subscription), None without one."""
        ...

    async def set_loyalty_plan(self, plan: Plan | None) -> None: ...


class FeedbackRepository(Protocol):
    async def add_token(self, invoice_id: UUID, token_hash: str, now: datetime) -> None: ...
    async def add(self, feedback: Feedback) -> None:
        """Raises `FeedbackAlreadyGiven` when the invoice has feedback already."""
        ...

    async def for_invoice(self, invoice_id: UUID) -> Feedback | None: ...
    async def all(self) -> list[Feedback]: ...
