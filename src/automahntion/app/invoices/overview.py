"""Use cases: a tenant's invoices as the overview shows them, and the Mahnstopp of one invoice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from automahntion.app.invoices.records import AdmissionState, StoredContact, StoredInvoice
from automahntion.app.messages.records import SentMessage
from automahntion.app.post.letters import letter_standing
from automahntion.app.post.records import LetterRecord, StoredDocument
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.records import AuditEntry
from automahntion.domain.calendar import berlin_today
from automahntion.domain.escalation import SentLevel
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause, check_pause_end, replaced_pause
from automahntion.domain.recipients import BlockReason, unusable_detail

NO_LEVEL: Literal["none"] = "none"


@dataclass(frozen=True)
class InvoiceCriteria:
    status: InvoiceStatus | None = None
    level: Level | Literal["none"] | None = None
    """The highest level sent so far, or `none` for invoices that got nothing yet."""
    blocked: bool | None = None
    waiting: bool | None = None
    """Waiting for a quota slot."""
    text: str | None = None
    """A part of the invoice number or the customer's name, in any case."""


@dataclass(frozen=True)
class InvoiceView:
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


def position(stored: StoredInvoice) -> str:
    """Unique and stable: due date, then id. ISO dates and UUID strings sort as text."""
    return f"{stored.invoice.due_date.isoformat()}|{stored.id}"


def highest(history: Sequence[SentLevel]) -> Level | None:
    """A claim left in `sending` counts as sent here, as it does for the escalation rules."""
    return max((s.level for s in history), key=lambda level: level.rank, default=None)


def _matches(
    criteria: InvoiceCriteria,
    stored: StoredInvoice,
    contact: StoredContact | None,
    history: dict[UUID, list[SentLevel]],
) -> bool:
    if criteria.status is not None and stored.invoice.status is not criteria.status:
        return False
    if criteria.blocked is not None and (stored.blocked is not None) != criteria.blocked:
        return False
    if criteria.waiting is not None and (
        (stored.admission is AdmissionState.WAITING) != criteria.waiting
    ):
        return False
    if criteria.level is not None:
        top = highest(history.get(stored.id, ()))
        if (top.value if top else NO_LEVEL) != criteria.level:
            return False
    if criteria.text:
        needle = criteria.text.casefold()
        name = contact.contact.name if contact else ""
        if needle not in stored.invoice.voucher_number.casefold() + "\n" + name.casefold():
            return False
    return True


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


async def list_invoices(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    criteria: InvoiceCriteria,
    *,
    limit: int,
    after: str | None = None,
    today: date | None = None,
) -> InvoicePage:
    """One page in `position` order, starting after the position `after`."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        invoices = await store.invoices.all()
        contacts = await store.contacts.get_many(
            sorted({i.invoice.contact_id for i in invoices if i.invoice.contact_id})
        )
        history = await store.messages.history() if criteria.level is not None else {}
        matching = sorted(
            (
                stored
                for stored in invoices
                if (after is None or position(stored) > after)
                and _matches(
                    criteria, stored, contacts.get(stored.invoice.contact_id or ""), history
                )
            ),
            key=position,
        )
        chosen = matching[:limit]
        return InvoicePage(await _views(store, chosen, contacts, today), len(matching) > limit)


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
    """Immediate: the next cycle reads it (None resumes dunning). A pause that held is
    replaced, and named in the view."""
    today = berlin_today(now)
    check_pause_end(pause, today)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        previous = (await store.invoices.get(invoice_id)).pause
        await store.invoices.set_pause(invoice_id, pause)
        await store.audit.record(pause_entry("invoice", invoice_id, pause, now))
        view = await _view(store, invoice_id, today)
    return replace(view, replaced_pause=replaced_pause(previous, pause, today))


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
