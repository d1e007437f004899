"""Use cases: a tenant's invoices as the overview shows them, the Mahnstopp of one invoice, and
its hand-over (e.g. to a collection agency)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from automahntion.app.invoices.admission import refresh_admission
from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.app.messages.records import SentMessage
from automahntion.app.post.letters import letter_standing
from automahntion.app.post.records import LetterRecord, StoredDocument
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.records import AuditEntry
from automahntion.domain.calendar import berlin_today
from automahntion.domain.pauses import Pause, check_pause_end, replaced_pause
from automahntion.domain.recipients import BlockReason, unusable_detail


@dataclass(slots=True)
class InvoiceView:
    """Not frozen: a page of the overview builds one per invoice, and a frozen dataclass's
    `__init__` (one `object.__setattr__` per field) cost five times as much; nothing changes one
    once built (`replace` makes another)."""

    stored: StoredInvoice
    contact: StoredContact | None
    messages: tuple[SentMessage, ...] = ()
    documents: tuple[StoredDocument, ...] = ()
    letters: tuple[LetterRecord, ...] = ()
    letter_blocked: str | None = None
    """Why the next notice, due by post, cannot be printed."""
    replaced_pause: Pause | None = None
    """After setting a pause: the one that held before and was replaced."""

    @property
    def going_out(self) -> tuple[SentMessage, ...]:
        """Its messages being handed over now: past their last look, so a pause read with them
        (`set_invoice_pause`) no longer stops them."""
        return tuple(m for m in self.messages if m.going_out)

    @property
    def blocked_detail(self) -> str | None:
        """Why the invoice is blocked, in words, where the reason alone does not say it."""
        if self.stored.blocked is BlockReason.UNUSABLE_RECORD:
            contact = self.contact.contact if self.contact else None
            return unusable_detail(self.stored.invoice.unusable, contact)
        return self.letter_blocked


@dataclass(frozen=True)
class InvoicePage:
    views: list[InvoiceView]
    more: bool


async def _views(
    store: TenantStore,
    chosen: Sequence[StoredInvoice],
    contacts: dict[str, StoredContact],
    today: date | None = None,
) -> list[InvoiceView]:
    """Messages, documents and letters of all chosen invoices in one read each."""
    ids = [s.id for s in chosen]
    messages = await store.messages.for_invoices(ids)
    documents = await store.documents.for_invoices(ids)
    letters = await letter_standing(
        store,
        [(s, contacts.get(s.invoice.contact_id or ""), messages.get(s.id, ())) for s in chosen],
        today,
    )
    return [
        InvoiceView(
            stored,
            contacts.get(stored.invoice.contact_id or ""),
            tuple(messages.get(stored.id, ())),
            tuple(documents.get(stored.id, ())),
            tuple(letters.letters.get(stored.id, ())),
            letters.blocked.get(stored.id),
        )
        for stored in chosen
    ]


async def _view(store: TenantStore, invoice_id: UUID, today: date | None = None) -> InvoiceView:
    stored = await store.invoices.get(invoice_id)
    contact_id = stored.invoice.contact_id
    contacts = await store.contacts.get_many([contact_id]) if contact_id else {}
    return (await _views(store, [stored], contacts, today))[0]


async def invoice_view(
    units: Callable[[], UnitOfWork], tenant_id: UUID, invoice_id: UUID, today: date | None = None
) -> InvoiceView:
    async with units() as uow:
        return await _view(uow.tenant(tenant_id), invoice_id, today)


async def set_invoice_pause(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    invoice_id: UUID,
    pause: Pause | None,
    now: datetime,
) -> InvoiceView:
    """Immediate: each claim, and each message's last look right before its hand-over, reads
    it, in a cycle already running too (None resumes dunning); a message whose last look
    committed first is in the view's `going_out`. A pause that held is replaced, and named in
    the view."""
    today = berlin_today(now)
    check_pause_end(pause, today)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await store.messages.stopping()
        previous = (await store.invoices.get(invoice_id)).pause
        await store.invoices.set_pause(invoice_id, pause)
        await store.audit.record(pause_entry("invoice", invoice_id, pause, now))
        view = await _view(store, invoice_id, today)
    return replace(view, replaced_pause=replaced_pause(previous, pause, today))


async def set_handed_over(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    invoice_id: UUID,
    handed_over: bool,
    now: datetime,
) -> InvoiceView:
    """Handed over (e.g. to a collection agency): dunning ends for the invoice and its quota
    slot goes at once to the first waiting invoice in admission order (rule 4). Taken back, it
    joins the queue again and waits for a free slot: no admitted invoice is displaced. Marking
    it as it is already changes nothing. Immediate, as a pause: a message past its last look
    goes out, any other is taken back there (`stopping`)."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        if handed_over:
            await store.messages.stopping()
        stored = await store.invoices.get(invoice_id)
        if (stored.handed_over_at is not None) != handed_over:
            await store.invoices.hand_over(invoice_id, now if handed_over else None)
            action = "invoice.handed_over" if handed_over else "invoice.taken_back"
            await store.audit.record(AuditEntry("api", action, now, str(invoice_id)))
            await refresh_admission(store, await store.account.get(), now)
        return await _view(store, invoice_id, berlin_today(now))


def pause_entry(kind: str, ident: UUID, pause: Pause | None, now: datetime) -> AuditEntry:
    if pause is None:
        return AuditEntry("api", f"{kind}.resumed", now, str(ident))
    until = pause.until.isoformat() if pause.until else None
    return AuditEntry(
        "api", f"{kind}.paused", now, str(ident), {"reason": pause.reason, "until": until}
    )


def days_overdue(view: InvoiceView, today: date) -> int:
    """0 while not yet due."""
    return max(0, view.stored.invoice.days_overdue(today))
