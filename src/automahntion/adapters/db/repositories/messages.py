"""Claims and outcomes of messages: the storage half of "no level is ever sent twice"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from piccolo.columns import Column

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.reads import Row, SelectRows
from automahntion.adapters.db.repositories.rendered_from import decoded, encoded
from automahntion.adapters.db.repositories.rows import pause_of
from automahntion.adapters.db.tables import Contact as ContactRow
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.errors import (
    LevelAlreadyClaimed,
    NotFound,
    PaidMeanwhile,
    PausedMeanwhile,
    TenantNotActivated,
)
from automahntion.app.messages.reasons import Reason
from automahntion.app.messages.records import (
    RETAKEABLE,
    Claim,
    MessageState,
    RenderedFrom,
    SentMessage,
)
from automahntion.domain.day_plan import Channel
from automahntion.domain.escalation import SentLevel
from automahntion.domain.freshness import still_as_stated
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause, active_pause

COUNTS_AS_SENT = [MessageState.SENDING.value, MessageState.SENT.value]
_LEVELS = {level.value: level for level in Level}
_CHANNELS = {channel.value: channel for channel in Channel}
_STATES = {state.value: state for state in MessageState}

RETAKEABLE_STATES = sorted(state.value for state in RETAKEABLE)


def stored_reason(stored: str | None) -> Reason | None:
    return None if stored is None else Reason.decode(stored)


def message_of(row: Row) -> SentMessage:
    """Enum members are looked up, not built: a page of the overview reads hundreds."""
    return SentMessage(
        id=row["id"],
        invoice_id=row["invoice"],
        level=_LEVELS[row["level"]],
        channel=_CHANNELS[row["channel"]],
        state=_STATES[row["state"]],
        message_id=row["message_id"],
        day=row["sent_on"],
        claimed_at=row["claimed_at"],
        attempts=row["attempts"],
        recipient_domain=row["recipient_domain"],
        transport_message_id=row["transport_message_id"],
        template_version_id=row["template_version"],
        content_sha256=row["content_sha256"],
        failure_reason=stored_reason(row["failure_reason"]),
        letter_tracking_code=row["letter_tracking_code"],
        finished_at=row["finished_at"],
        going_out_at=row["going_out_at"],
    )


def history_of(
    rows: Iterable[tuple[UUID, str, date, bool | None]],
) -> dict[UUID, list[SentLevel]]:
    """(invoice, level, sent_on, carried_flat_fee) rows of claimed and sent messages, per
    invoice."""
    history: dict[UUID, list[SentLevel]] = {}
    for invoice, level, sent_on, flat_fee in rows:
        history.setdefault(invoice, []).append(SentLevel(_LEVELS[level], sent_on, flat_fee))
    return history


def _paused(row: Row) -> Pause | None:
    return pause_of(row["pause_reason"], row["pause_until"])


@dataclass(frozen=True)
class _ActiveTenant:
    pause: Pause | None


@dataclass(frozen=True)
class _StoredInvoice:
    contact_id: str | None
    pause: Pause | None
    status: InvoiceStatus
    open_cents: int
    handed_over: bool


def refuse_if_paused(
    invoice_id: UUID,
    day: date,
    *,
    tenant: Pause | None,
    contact: Pause | None,
    invoice: Pause | None,
) -> None:
    """A claim for `day` is refused while a pause holds on it (rule 3, the domain's `Pause`):
    the tenant's stops the whole cycle, the contact's or the invoice's only this message."""
    if tenant is not None and tenant.is_active(day):
        raise PausedMeanwhile(frozenset({invoice_id}), tenant_wide=True)
    if active_pause((contact, invoice), day) is not None:
        raise PausedMeanwhile(frozenset({invoice_id}))


@dataclass(frozen=True, slots=True)
class LookedAt:
    """What the last look reads of one claim: its invoice and day, the tenant's, the contact's
    and the invoice's pause, and the invoice's status and open cents as stored now."""

    invoice_id: UUID
    day: date
    tenant: Pause | None
    contact: Pause | None
    invoice: Pause | None
    status: InvoiceStatus
    open_cents: int
    handed_over: bool


def judged(
    claims: Iterable[LookedAt], stated: Mapping[UUID, int]
) -> PausedMeanwhile | PaidMeanwhile | None:
    """Whether a pause holds on any of these claims of an activated tenant: the tenant's stops
    them all (`tenant_wide`), a contact's or an invoice's the invoices it holds on; else whether
    an invoice was handed over, or is no longer as the message states it (`stated`: open cents
    by invoice id)."""
    every: set[UUID] = set()
    paused: set[UUID] = set()
    paid: set[UUID] = set()
    handed: set[UUID] = set()
    tenant_wide = False
    for claim in claims:
        every.add(claim.invoice_id)
        try:
            refuse_if_paused(
                claim.invoice_id,
                claim.day,
                tenant=claim.tenant,
                contact=claim.contact,
                invoice=claim.invoice,
            )
        except PausedMeanwhile as refusal:
            tenant_wide = tenant_wide or refusal.tenant_wide
            paused |= refusal.invoice_ids
        asked = stated.get(claim.invoice_id, 0)
        if claim.handed_over:
            handed.add(claim.invoice_id)
        elif not still_as_stated(claim.status, claim.open_cents, asked):
            paid.add(claim.invoice_id)
    if tenant_wide:
        return PausedMeanwhile(frozenset(every), tenant_wide=True)
    if paused:
        return PausedMeanwhile(frozenset(paused))
    if paid or handed:
        return PaidMeanwhile(frozenset(paid | handed), handed_over=frozenset(handed))
    return None


class PiccoloMessageRepository:
    def __init__(self, tenant_id: UUID, select_rows: SelectRows) -> None:
        self._tenant = tenant_id
        self._select_rows = select_rows

    def _mine(self) -> Any:
        return MessageRow.tenant == self._tenant

    async def claim(self, claim: Claim) -> SentMessage:
        await self._may_claim(claim.invoice_id, claim.day)
        retakes = await self._follows_what_counts(claim)
        return await self._write_claim(claim, MessageState.SENDING, None, None, retakes=retakes)

    async def hold(self, claim: Claim, *, reason: Reason) -> SentMessage:
        """Sends nothing, so it is taken whether or not the tenant is activated."""
        await self._owned(claim.invoice_id)
        return await self._write_claim(claim, MessageState.HELD, reason.encode(), claim.claimed_at)

    async def _owned(self, invoice_id: UUID) -> None:
        owned = await self._select_rows(
            InvoiceRow,
            {InvoiceRow.tenant: self._tenant, InvoiceRow.id: invoice_id},
            columns=(InvoiceRow.id,),
        )
        if not owned:
            raise NotFound("invoice", invoice_id)

    async def _may_claim(self, invoice_id: UUID, day: date) -> None:
        """The invoice is the tenant's, the tenant is activated, and no pause holds on `day`
        for the tenant, the invoice's contact or the invoice, read in this transaction:
        SQLite's `BEGIN IMMEDIATE` makes a deactivation or a pause wait for it, or it for
        them."""
        tenant, contacts, invoices = await self._pauses({invoice_id})
        if invoice_id not in invoices:
            raise NotFound("invoice", invoice_id)
        if tenant is None:
            raise TenantNotActivated(self._tenant)
        invoice = invoices[invoice_id]
        refuse_if_paused(
            invoice_id,
            day,
            tenant=tenant.pause,
            contact=contacts.get(invoice.contact_id) if invoice.contact_id is not None else None,
            invoice=invoice.pause,
        )

    async def _follows_what_counts(self, claim: Claim) -> bool:
        """At most one message per invoice per day, and levels sent to one invoice strictly
        increase (domain rule 3): a claim on a day that already holds a message of the invoice
        that counts, or for a level not above one that counts, is refused as a level claimed
        elsewhere, read in this transaction after any other claim of the invoice committed:
        SQLite's `BEGIN IMMEDIATE` runs one claim at a time, PostgreSQL's claim lock of the
        invoice (`invoice_locks`) one per invoice. The index on (tenant, invoice, sent_on) still
        decides against what no claim lock holds apart (a held message resolved as sent).

        True when a failed or held record of the level is there for the claim to take over."""
        rows = await self._levels_of(claim.invoice_id)
        for row in rows:
            if row["state"] in COUNTS_AS_SENT and (
                row["sent_on"] == claim.day or _LEVELS[row["level"]] >= claim.level
            ):
                raise LevelAlreadyClaimed(claim.invoice_id, claim.level)
        return any(
            row["level"] == claim.level.value and row["state"] in RETAKEABLE_STATES for row in rows
        )

    async def _levels_of(self, invoice_id: UUID) -> Sequence[Row]:
        """The level, day and state of each message of the invoice."""
        return await self._select_rows(
            MessageRow,
            {MessageRow.tenant: self._tenant, MessageRow.invoice: invoice_id},
            columns=(MessageRow.level, MessageRow.sent_on, MessageRow.state),
        )

    @staticmethod
    def claimed_elsewhere(claim: Claim) -> dict[str, Any]:
        """A message on the same day (`ux_sent_message_invoice_day`) is refused as the same
        level would be: the message is not sent, and reported claimed elsewhere."""

        def refused() -> LevelAlreadyClaimed:
            return LevelAlreadyClaimed(claim.invoice_id, claim.level)

        return {"ux_sent_message_invoice_level": refused, "ux_sent_message_invoice_day": refused}

    async def _write_claim(
        self,
        claim: Claim,
        state: MessageState,
        reason: str | None,
        finished: datetime | None,
        *,
        retakes: bool = True,
    ) -> SentMessage:
        """Retake a failed or held record by compare-and-set, else insert; the unique index
        decides. A held record is finished when it is written. Without `retakes` (no such
        record was read in this transaction) none is looked for."""
        values: dict[Column | str, Any] = {
            MessageRow.channel: claim.channel.value,
            MessageRow.message_id: claim.message_id,
            MessageRow.sent_on: claim.day,
            MessageRow.claimed_at: claim.claimed_at,
            MessageRow.template_version: claim.template_version_id,
            MessageRow.rendered_from: encoded(claim.rendered_from),
            MessageRow.carried_flat_fee: claim.carried_flat_fee,
            MessageRow.failure_reason: reason,
            MessageRow.finished_at: finished,
            MessageRow.going_out_at: None,
        }
        retaken = []
        if retakes:
            with unique_violations(self.claimed_elsewhere(claim)):  # its day may hold another
                retaken = (
                    await MessageRow.update(
                        {
                            **values,
                            MessageRow.state: state.value,
                            MessageRow.attempts: MessageRow.attempts + 1,
                        }
                    )
                    .where(
                        self._mine()
                        & (MessageRow.invoice == claim.invoice_id)
                        & (MessageRow.level == claim.level.value)
                        & MessageRow.state.is_in(RETAKEABLE_STATES)
                    )
                    .returning(*MessageRow.all_columns())
                )
        if retaken:
            return message_of(retaken[0])
        with unique_violations(self.claimed_elsewhere(claim)):
            inserted = await MessageRow.insert(
                MessageRow(
                    tenant=self._tenant,
                    invoice=claim.invoice_id,
                    level=claim.level.value,
                    state=state.value,
                    attempts=1,
                    channel=claim.channel.value,
                    message_id=claim.message_id,
                    sent_on=claim.day,
                    claimed_at=claim.claimed_at,
                    template_version=claim.template_version_id,
                    rendered_from=encoded(claim.rendered_from),
                    carried_flat_fee=claim.carried_flat_fee,
                    failure_reason=reason,
                    finished_at=finished,
                )
            ).returning(*MessageRow.all_columns())
        return message_of(inserted[0])

    async def _finish(self, message_id: UUID, values: dict[Any, Any]) -> SentMessage:
        changed = (
            await MessageRow.update(values)
            .where(
                self._mine()
                & (MessageRow.id == message_id)
                & (MessageRow.state == MessageState.SENDING.value)
            )
            .returning(*MessageRow.all_columns())
        )
        if not changed:
            raise NotFound("message in state sending", message_id)
        return message_of(changed[0])

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
        values: dict[Any, Any] = {
            MessageRow.state: MessageState.SENT.value,
            MessageRow.finished_at: at,
            MessageRow.recipient_domain: recipient_domain,
            MessageRow.transport_message_id: transport_message_id,
            MessageRow.content_sha256: content_sha256,
            MessageRow.letter_tracking_code: letter_tracking_code,
        }
        if rendered_from is not None:
            values[MessageRow.rendered_from] = encoded(rendered_from)
        return await self._finish(message_id, values)

    async def in_invoice_order(self, message_ids: Sequence[UUID]) -> list[UUID]:
        """One read, and none for a single message."""
        if len(message_ids) < 2:
            return list(message_ids)
        rows = await self._select_rows(
            MessageRow,
            {MessageRow.tenant: self._tenant},
            among={MessageRow.id: list(message_ids)},
            columns=(MessageRow.id, MessageRow.invoice),
        )
        ordered = [row["id"] for row in sorted(rows, key=lambda row: row["invoice"])]
        found = set(ordered)
        return ordered + [m for m in message_ids if m not in found]

    async def mark_failed(self, message_id: UUID, *, reason: Reason, at: datetime) -> SentMessage:
        return await self._unsent(message_id, MessageState.FAILED, reason.encode(), at)

    async def mark_held(self, message_id: UUID, *, reason: Reason, at: datetime) -> SentMessage:
        return await self._unsent(message_id, MessageState.HELD, reason.encode(), at)

    async def _unsent(
        self, message_id: UUID, state: MessageState, reason: str, at: datetime
    ) -> SentMessage:
        return await self._finish(
            message_id,
            {
                MessageRow.state: state.value,
                MessageRow.failure_reason: reason,
                MessageRow.finished_at: at,
            },
        )

    async def history(
        self, invoice_ids: Sequence[UUID] | None = None
    ) -> dict[UUID, list[SentLevel]]:
        if invoice_ids is not None and not invoice_ids:
            return {}
        among: dict[Column, Sequence[Any]] = {MessageRow.state: COUNTS_AS_SENT}
        if invoice_ids is not None:
            among[MessageRow.invoice] = invoice_ids
        rows = await self._select_rows(
            MessageRow,
            {MessageRow.tenant: self._tenant},
            among=among,
            columns=(
                MessageRow.invoice,
                MessageRow.level,
                MessageRow.sent_on,
                MessageRow.carried_flat_fee,
            ),
        )
        return history_of(
            (row["invoice"], row["level"], row["sent_on"], row["carried_flat_fee"]) for row in rows
        )

    async def for_invoice(self, invoice_id: UUID) -> list[SentMessage]:
        rows = (
            await MessageRow.select()
            .where(self._mine() & (MessageRow.invoice == invoice_id))
            .order_by(MessageRow.claimed_at)
        )
        return [message_of(row) for row in rows]

    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[SentMessage]]:
        if not invoice_ids:
            return {}
        rows = await self._select_rows(
            MessageRow,
            {MessageRow.tenant: self._tenant},
            among={MessageRow.invoice: invoice_ids},
            order_by=MessageRow.claimed_at,
        )
        found: dict[UUID, list[SentMessage]] = {}
        for row in rows:
            message = message_of(row)
            found.setdefault(message.invoice_id, []).append(message)
        return found

    async def in_state(self, state: MessageState) -> list[SentMessage]:
        rows = await MessageRow.select().where(self._mine() & (MessageRow.state == state.value))
        return [message_of(row) for row in rows]

    async def get(self, message_id: UUID) -> SentMessage:
        row = await MessageRow.select().where(self._mine() & (MessageRow.id == message_id)).first()
        if row is None:
            raise NotFound("message", message_id)
        return message_of(row)

    async def rendered_from(self, message_id: UUID) -> RenderedFrom | None:
        row = (
            await MessageRow.select(MessageRow.rendered_from)
            .where(self._mine() & (MessageRow.id == message_id))
            .first()
        )
        if row is None:
            raise NotFound("message", message_id)
        return decoded(row["rendered_from"])

    async def settle(
        self,
        message_id: UUID,
        *,
        expected: MessageState,
        sent: bool,
        at: datetime,
        reason: Reason | None = None,
    ) -> bool:
        """Compare-and-set from `expected`: sent (on the day it was claimed for), or failed
        with `reason`. False when the message is no longer in `expected`. A held or failed
        message is not counted as sent on a day another message of its invoice counts for
        (`AlreadyExists` of `ux_sent_message_invoice_day`)."""
        with unique_violations():
            changed = (
                await MessageRow.update(
                    {
                        MessageRow.state: (
                            MessageState.SENT if sent else MessageState.FAILED
                        ).value,
                        MessageRow.finished_at: at,
                        MessageRow.failure_reason: None
                        if sent or reason is None
                        else reason.encode(),
                    }
                )
                .where(
                    self._mine()
                    & (MessageRow.id == message_id)
                    & (MessageRow.state == expected.value)
                )
                .returning(MessageRow.id)
            )
        return bool(changed)

    async def going_out_unless_stopped(
        self, message_ids: Sequence[UUID], stated: Mapping[UUID, int], *, at: datetime
    ) -> PausedMeanwhile | TenantNotActivated | PaidMeanwhile | None:
        stop = await self._stopped_claims(message_ids, stated)
        if stop is None:
            await self._going_out(message_ids, at=at)
        return stop

    async def _stopped_claims(
        self, message_ids: Sequence[UUID], stated: Mapping[UUID, int]
    ) -> PausedMeanwhile | TenantNotActivated | PaidMeanwhile | None:
        """What stops these messages still `sending` (`judged`): the tenant deactivated, a
        pause (Mahnstopp) on the claim's day, an invoice handed over or no longer as stated;
        read in the caller's transaction, as the claim reads."""
        claims = await self._select_rows(
            MessageRow,
            {MessageRow.tenant: self._tenant, MessageRow.state: MessageState.SENDING.value},
            among={MessageRow.id: list(message_ids)},
            columns=(MessageRow.invoice, MessageRow.sent_on),
        )
        if not claims:
            return None
        tenant, contacts, invoices = await self._pauses({row["invoice"] for row in claims})
        if tenant is None:
            return TenantNotActivated(self._tenant)
        found = []
        for row in claims:
            invoice = invoices[row["invoice"]]
            contact = contacts.get(invoice.contact_id) if invoice.contact_id is not None else None
            found.append(
                LookedAt(
                    row["invoice"],
                    row["sent_on"],
                    tenant.pause,
                    contact,
                    invoice.pause,
                    invoice.status,
                    invoice.open_cents,
                    invoice.handed_over,
                )
            )
        return judged(found, stated)

    async def _pauses(
        self, invoice_ids: set[UUID]
    ) -> tuple[_ActiveTenant | None, dict[str, Pause | None], dict[UUID, _StoredInvoice]]:
        """The tenant's pause (None when it is not activated, or gone), its contacts' (by
        lexoffice id) and its invoices', with their contact, status and open cents, as stored
        now."""
        tenants = await self._select_rows(
            TenantRow,
            {TenantRow.id: self._tenant},
            columns=(TenantRow.activated_at, TenantRow.pause_reason, TenantRow.pause_until),
        )
        rows = await self._select_rows(
            InvoiceRow,
            {InvoiceRow.tenant: self._tenant},
            among={InvoiceRow.id: sorted(invoice_ids)},
            columns=(
                InvoiceRow.id,
                InvoiceRow.contact_lexoffice_id,
                InvoiceRow.pause_reason,
                InvoiceRow.pause_until,
                InvoiceRow.status,
                InvoiceRow.open_cents,
                InvoiceRow.handed_over_at,
            ),
        )
        invoices = {
            row["id"]: _StoredInvoice(
                row["contact_lexoffice_id"],
                _paused(row),
                InvoiceStatus(row["status"]),
                row["open_cents"],
                row["handed_over_at"] is not None,
            )
            for row in rows
        }
        contact_ids = sorted({i.contact_id for i in invoices.values() if i.contact_id is not None})
        contacts = (
            await self._select_rows(
                ContactRow,
                {ContactRow.tenant: self._tenant},
                among={ContactRow.lexoffice_id: contact_ids},
                columns=(ContactRow.lexoffice_id, ContactRow.pause_reason, ContactRow.pause_until),
            )
            if contact_ids
            else ()
        )
        activated = tenants and tenants[0]["activated_at"] is not None
        return (
            _ActiveTenant(_paused(tenants[0])) if activated else None,
            {row["lexoffice_id"]: _paused(row) for row in contacts},
            invoices,
        )

    async def withdraw(self, message_id: UUID, *, reason: Reason, at: datetime) -> None:
        """A claim still `sending`, certainly not handed over, taken back as if it had never
        been taken: removed. One that took over a failed or held record of an earlier day
        (`attempts` above one) cannot be put back as it was: it is failed again with `reason`,
        without counting this attempt. Neither counts as sent; a message no longer `sending`
        is left as it is."""
        sending = (
            self._mine()
            & (MessageRow.id == message_id)
            & (MessageRow.state == MessageState.SENDING.value)
        )
        await MessageRow.delete().where(sending & (MessageRow.attempts <= 1))
        await MessageRow.update(
            {
                MessageRow.state: MessageState.FAILED.value,
                MessageRow.attempts: MessageRow.attempts - 1,
                MessageRow.failure_reason: reason.encode(),
                MessageRow.finished_at: at,
                MessageRow.going_out_at: None,
            }
        ).where(sending & (MessageRow.attempts > 1))

    async def stopping(self) -> None:
        """SQLite runs one writer at a time (`BEGIN IMMEDIATE`): a last look and a stop already
        take turns."""

    async def _going_out(self, message_ids: Sequence[UUID], *, at: datetime) -> None:
        for message_id in message_ids:
            await MessageRow.update({MessageRow.going_out_at: at}).where(
                self._mine()
                & (MessageRow.id == message_id)
                & (MessageRow.state == MessageState.SENDING.value)
            )
