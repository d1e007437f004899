"""The claims as stored: the production `MessageLedger` (one transaction per call), and the
release of claims not yet handed over when the service stops."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from automahntion.app.dunning.ports import MessageLedger
from automahntion.app.errors import (
    ClaimedElsewhere,
    LevelAlreadyClaimed,
    PaidMeanwhile,
    PausedMeanwhile,
    TenantNotActivated,
)
from automahntion.app.events.record import (
    MESSAGE_HELD,
    message_event,
    message_failed,
    needs_attention,
)
from automahntion.app.events.records import EventType
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim
from automahntion.app.messages.repository import MessageRepository
from automahntion.app.storage import UnitOfWork

STOPPED = Reason(ReasonCode.STOPPED)
DEACTIVATED = Reason(ReasonCode.DEACTIVATED)
PAUSED = Reason(ReasonCode.PAUSED)
PAID_MEANWHILE = Reason(ReasonCode.PAID_MEANWHILE)
HANDED_OVER = Reason(ReasonCode.HANDED_OVER_MEANWHILE)


def _withdrawn(stop: PausedMeanwhile | TenantNotActivated | PaidMeanwhile) -> Reason:
    if isinstance(stop, PausedMeanwhile):
        return PAUSED
    if isinstance(stop, PaidMeanwhile):
        return HANDED_OVER if stop.invoice_ids == stop.handed_over else PAID_MEANWHILE
    return DEACTIVATED


@dataclass(frozen=True)
class StoredLedger:
    """Writes the claims of several invoices in the order of the invoices' ids
    (`MessageRepository`): known for the claims it took (`invoices`, until their outcome is
    written), read for others."""

    units: Callable[[], UnitOfWork]
    tenant_id: UUID
    invoices: dict[UUID, UUID] = field(default_factory=dict, compare=False, repr=False)
    """The invoice of each claim taken here whose outcome is not written yet."""

    async def _in_invoice_order(
        self, messages: MessageRepository, claim_ids: Sequence[UUID]
    ) -> list[UUID]:
        if all(claim_id in self.invoices for claim_id in claim_ids):
            return sorted(claim_ids, key=self.invoices.__getitem__)
        return await messages.in_invoice_order(claim_ids)

    def _settled(self, claim_ids: Sequence[UUID]) -> None:
        for claim_id in claim_ids:
            self.invoices.pop(claim_id, None)

    async def claim(self, claims: Sequence[Claim]) -> list[UUID]:
        """All in one transaction, which also reads whether the tenant is still activated and
        whether a pause holds; a refusal, an invoice paused or a level held elsewhere takes none
        of them."""
        async with self.units() as uow:
            messages = uow.tenant(self.tenant_id).messages
            taken: dict[int, UUID] = {}
            lost: set[UUID] = set()
            paused: set[UUID] = set()
            in_order = sorted(range(len(claims)), key=lambda n: claims[n].invoice_id)
            for n in in_order:  # in the invoices' order (`MessageRepository`), answered as asked
                try:
                    taken[n] = (await messages.claim(claims[n])).id
                except LevelAlreadyClaimed:
                    lost.add(claims[n].invoice_id)
                except PausedMeanwhile as refusal:
                    if refusal.tenant_wide:
                        raise
                    paused |= refusal.invoice_ids
            if paused:
                raise PausedMeanwhile(frozenset(paused))  # rolls back what was taken
            if lost:
                raise ClaimedElsewhere(frozenset(lost))  # rolls back what was taken
        self.invoices.update((taken[n], claim.invoice_id) for n, claim in enumerate(claims))
        return [taken[n] for n in range(len(claims))]

    async def withdraw_if_stopped(
        self, claim_ids: Sequence[UUID], *, at: datetime, stated: Mapping[UUID, int]
    ) -> None:
        """One transaction reads the activation, the pauses and the invoices as stored, after
        any stop in progress committed, and when they stop the message takes the claims back
        (in their invoices' order; the refusal is raised once that is committed), else marks
        them going out: a stop that commits later answers with them as already on their way
        (`stopping`)."""
        async with self.units() as uow:
            messages = uow.tenant(self.tenant_id).messages
            ordered = await self._in_invoice_order(messages, claim_ids)
            stop = await messages.going_out_unless_stopped(ordered, stated, at=at)
            if stop is not None:
                for claim_id in ordered:
                    await messages.withdraw(claim_id, reason=_withdrawn(stop), at=at)
        if stop is not None:
            self._settled(claim_ids)
            raise stop

    async def hold(self, claim: Claim, *, reason: Reason) -> None:
        async with self.units() as uow:
            store = uow.tenant(self.tenant_id)
            await store.messages.hold(claim, reason=reason)
            await needs_attention(store, claim.invoice_id, MESSAGE_HELD, reason, claim.claimed_at)

    async def mark_held(self, claim_id: UUID, *, reason: Reason, at: datetime) -> None:
        async with self.units() as uow:
            store = uow.tenant(self.tenant_id)
            held = await store.messages.mark_held(claim_id, reason=reason, at=at)
            await needs_attention(store, held.invoice_id, MESSAGE_HELD, reason, at)
        self._settled([claim_id])

    async def mark_failed(self, claim_ids: Sequence[UUID], *, reason: Reason, at: datetime) -> None:
        async with self.units() as uow:
            store = uow.tenant(self.tenant_id)
            for claim_id in await self._in_invoice_order(store.messages, claim_ids):
                failed = await store.messages.mark_failed(claim_id, reason=reason, at=at)
                await message_failed(store, failed, at)
        self._settled(claim_ids)

    async def mark_sent(
        self,
        claim_ids: Sequence[UUID],
        *,
        at: datetime,
        recipient_domain: str,
        transport_message_id: str | None,
        content_sha256: str,
    ) -> None:
        async with self.units() as uow:
            store = uow.tenant(self.tenant_id)
            for claim_id in await self._in_invoice_order(store.messages, claim_ids):
                sent = await store.messages.mark_sent(
                    claim_id,
                    at=at,
                    recipient_domain=recipient_domain,
                    transport_message_id=transport_message_id,
                    content_sha256=content_sha256,
                )
                await message_event(store, EventType.MESSAGE_SENT, sent, at)
        self._settled(claim_ids)


@dataclass
class Pending:
    """Claims taken and not handed over yet; `handed_over` while the transport has them."""

    ids: list[UUID]
    handed_over: bool = False


@asynccontextmanager
async def released_if_stopped(
    ledger: MessageLedger, pending: Pending, now: Callable[[], datetime]
) -> AsyncIterator[None]:
    """A stop (the process shutting down) before the hand-over: nothing went out, so the
    claims are released as failed (due again), never left `sending`. A failure no step
    expected (e.g. recording an outcome lost a deadlock) holds them with its reason, each as
    it can. Once handed over they stay `sending` for review."""
    try:
        yield
    except asyncio.CancelledError:
        if not pending.handed_over and pending.ids:
            await asyncio.shield(ledger.mark_failed(list(pending.ids), reason=STOPPED, at=now()))
        raise
    except Exception as error:
        if not pending.handed_over:
            reason = Reason.failed(ReasonCode.UNEXPECTED, error)
            for claim_id in pending.ids:
                with contextlib.suppress(Exception):  # e.g. held already, or still no database
                    await ledger.mark_held(claim_id, reason=reason, at=now())
        raise
