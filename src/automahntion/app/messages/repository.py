"""Port: the dunning messages of one tenant, claimed before they are sent and settled after."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.errors import PaidMeanwhile, PausedMeanwhile, TenantNotActivated
from automahntion.app.messages.reasons import Reason
from automahntion.app.messages.records import Claim, MessageState, RenderedFrom, SentMessage
from automahntion.domain.escalation import SentLevel


class MessageRepository(Protocol):
    """A transaction that writes the messages of several invoices writes them in the order of
    the invoices' ids: a message's write locks its invoice (its `updated_at`), and every
    transaction that changes several invoices of a tenant locks them in that order, so that two
    never wait for each other in a circle (a deadlock, on PostgreSQL)."""

    async def claim(self, claim: Claim) -> SentMessage:
        """Records the claim before anything goes out. Raises `LevelAlreadyClaimed` when the
        level was claimed before — unless that claim failed or was held, which this one then
        takes over — or when a message of the invoice that was claimed or sent has the claim's
        day or a level not below the claim's (one message per invoice per day, levels strictly
        increase); and `TenantNotActivated` when the tenant is not activated, as read in the
        caller's transaction: a deactivation committed before it is seen, one that commits
        after waits for it (PostgreSQL: claims share the tenant's activation lock, which a
        deactivation takes alone; SQLite's writers take turns). Raises `PausedMeanwhile` when
        a pause (Mahnstopp) of the tenant, the invoice's contact or the invoice holds on the
        claim's day, read in the same transaction (a pause takes the same lock alone as a
        deactivation: `stopping`). After
        `LevelAlreadyClaimed` or `PausedMeanwhile` for the invoice alone the caller's
        transaction goes on, so that one message's claims can be taken in one."""
        ...

    async def mark_sent(
        self,
        message_id: UUID,
        *,
        at: datetime,
        recipient_domain: str | None,
        transport_message_id: str | None,
        content_sha256: str | None,
        letter_tracking_code: str | None = None,
        rendered_from: RenderedFrom | None = None,
    ) -> SentMessage:
        """`rendered_from` replaces the one recorded with the claim (a letter's, with what its
        PDF was laid out from). The message as now stored, as the outcomes below answer too
        (for the event that tells of it, without reading it again)."""
        ...

    async def mark_failed(
        self, message_id: UUID, *, reason: Reason, at: datetime
    ) -> SentMessage: ...
    async def in_invoice_order(self, message_ids: Sequence[UUID]) -> list[UUID]:
        """These messages in the order of their invoices' ids, to be written in (ids of no
        message of the tenant last, as given)."""
        ...

    async def mark_held(self, message_id: UUID, *, reason: Reason, at: datetime) -> SentMessage:
        """A claim that was certainly not handed over: held for the day with its reason."""
        ...

    async def going_out_unless_stopped(
        self, message_ids: Sequence[UUID], stated: Mapping[UUID, int], *, at: datetime
    ) -> PausedMeanwhile | TenantNotActivated | PaidMeanwhile | None:
        """The last look of these messages, given in their invoices' order: whether the tenant
        is no longer activated, or a pause (Mahnstopp) of the tenant (`tenant_wide`), an
        invoice's contact or an invoice holds now on the claim's day of any of them still
        `sending`, or else whether an invoice of theirs was handed over or is no longer as the
        message states it (`still_as_stated`, with the open cents the message asks for by invoice id
        in `stated`); read in the caller's transaction as `claim` reads it, after any stop in
        progress (`stopping`) committed. None when nothing stops them: they are then marked going
        out (`going_out_at`), written in the given order, and handed over whatever is stopped after
        the caller's transaction commits — a stop that starts later waits until it ends and then
        finds them on their way. When a stop is answered the caller takes them back (`withdraw`) in
        the same transaction."""
        ...

    async def stopping(self) -> None:
        """Taken first by a transaction that stops sending (a pause of the tenant, a contact or
        an invoice; a deactivation): the last looks in progress (`going_out_unless_stopped`)
        commit first, and the stop then reads the messages they let go (`going_out_at`); later
        ones read the stop. PostgreSQL: the tenant's activation lock, alone; SQLite: its writers
        already take turns."""
        ...

    async def withdraw(self, message_id: UUID, *, reason: Reason, at: datetime) -> None:
        """A claim still `sending` that was certainly not handed over, taken back as if never
        taken (a failed or held record it took over is failed again with `reason`); anything
        else is left as it is."""
        ...

    async def hold(self, claim: Claim, *, reason: Reason) -> SentMessage:
        """Records (invoice, level) as held without a claim before it (preparing it failed).
        Takes over a failed or held record; raises `LevelAlreadyClaimed` when it is claimed."""
        ...

    async def history(
        self, invoice_ids: Sequence[UUID] | None = None
    ) -> dict[UUID, list[SentLevel]]:
        """Claimed and sent levels per invoice (a failed attempt is not history); of every
        invoice of the tenant when no ids are given."""
        ...

    async def for_invoice(self, invoice_id: UUID) -> list[SentMessage]: ...
    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[SentMessage]]:
        """Every message (failed ones too) of each invoice, oldest claim first, in one read."""
        ...

    async def rendered_from(self, message_id: UUID) -> RenderedFrom | None:
        """What the message was rendered from; None when nothing was recorded (a message held
        before it was rendered, or one older than the record). Raises `NotFound`."""
        ...

    async def in_state(self, state: MessageState) -> list[SentMessage]: ...
    async def get(self, message_id: UUID) -> SentMessage:
        """Raises `NotFound` (also for another tenant's message)."""
        ...

    async def settle(
        self,
        message_id: UUID,
        *,
        expected: MessageState,
        sent: bool,
        at: datetime,
        reason: Reason | None = None,
    ) -> bool:
        """Compare-and-set from `expected` to sent (keeping its day) or failed (with
        `reason`); False when it is no longer in `expected`."""
        ...
