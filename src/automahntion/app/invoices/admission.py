"""Use case: who takes a quota slot and who is blocked, recomputed from what is stored (rule 4)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

from automahntion.app.events.record import invoice_blocked
from automahntion.app.invoices.blocks import blocked_detail, needs_owner
from automahntion.app.invoices.records import (
    AdmissionState,
    AdmissionUpdate,
    StoredContact,
    StoredInvoice,
    TenantBook,
)
from automahntion.app.storage import TenantStore
from automahntion.app.tenants.records import Tenant
from automahntion.domain.calendar import berlin_today
from automahntion.domain.quota import admit as admit_in_order
from automahntion.domain.quota import takes_slot
from automahntion.domain.recipients import Blocked, BlockReason, choose_recipient


@dataclass(frozen=True)
class AdmissionCounts:
    admitted: int
    waiting: int
    blocked: int


def _needs_recipient(stored: StoredInvoice) -> bool:
    return stored.invoice.still_owed


async def load_book(store: TenantStore) -> TenantBook:
    invoices = await store.invoices.all()
    contact_ids = sorted({i.invoice.contact_id for i in invoices if i.invoice.contact_id})
    return TenantBook(invoices, await store.contacts.get_many(contact_ids))


async def refresh_admission(store: TenantStore, tenant: Tenant, now: datetime) -> AdmissionCounts:
    return (await admit(store, tenant, now))[0]


async def admit(
    store: TenantStore, tenant: Tenant, now: datetime, book: TenantBook | None = None
) -> tuple[AdmissionCounts, TenantBook]:
    """Blocks first (an invoice without an address takes no slot), then the admission queue;
    returns the book as it is stored afterwards, so callers need not read it again. `book`:
    the tenant's book as just read in this unit of work (read here when not given)."""
    today = berlin_today(now)
    if book is None:
        book = await load_book(store)
    invoices, contacts = book.invoices, book.contacts
    blocks: dict[str, BlockReason | None] = {}
    for stored in invoices:
        blocked = None
        if stored.invoice.unusable is not None:
            blocked = BlockReason.UNUSABLE_RECORD
        elif _needs_recipient(stored):
            known = contacts.get(stored.invoice.contact_id or "")
            choice = choose_recipient(
                known.contact if known else None, tenant.settings.recipient_policy
            )
            blocked = choice.reason if isinstance(choice, Blocked) else None
        blocks[stored.invoice.lexoffice_id] = blocked
    overdue_set = [
        s.invoice
        for s in invoices
        if takes_slot(
            s.invoice,
            today,
            sync_start=tenant.settings.sync_start,
            blocked=blocks[s.invoice.lexoffice_id],
            handed_over=s.handed_over_at is not None,
        )
    ]
    before = {s.invoice.lexoffice_id for s in invoices if s.admission is AdmissionState.ADMITTED}
    admission = admit_in_order(overdue_set, before, tenant.limit)
    states = dict.fromkeys(admission.admitted, AdmissionState.ADMITTED)
    states.update(dict.fromkeys(admission.waiting, AdmissionState.WAITING))
    updates = [
        AdmissionUpdate(
            s.invoice.lexoffice_id,
            states.get(s.invoice.lexoffice_id, AdmissionState.NONE),
            blocks[s.invoice.lexoffice_id],
        )
        for s in invoices
        if (states.get(s.invoice.lexoffice_id, AdmissionState.NONE), blocks[s.invoice.lexoffice_id])
        != (s.admission, s.blocked)
    ]
    await store.invoices.apply_admission(updates, now)
    counted = Counter(states.values())
    counts = AdmissionCounts(
        admitted=counted[AdmissionState.ADMITTED],
        waiting=counted[AdmissionState.WAITING],
        blocked=sum(1 for reason in blocks.values() if reason is not None),
    )
    after = [
        replace(
            s,
            admission=states.get(s.invoice.lexoffice_id, AdmissionState.NONE),
            blocked=blocks[s.invoice.lexoffice_id],
        )
        for s in invoices
    ]
    await _tell_of_blocks(store, tenant, after, contacts, now)
    return counts, TenantBook(after, contacts)


async def _tell_of_blocks(
    store: TenantStore,
    tenant: Tenant,
    after: list[StoredInvoice],
    contacts: dict[str, StoredContact],
    now: datetime,
) -> None:
    """`invoice.needs_attention` once per block, as soon as the owner must hear of it: when an
    invoice due to be dunned becomes blocked (or blocked for another reason), and when an
    invoice blocked before it fell due falls due. A sync that finds the block as it was, or an
    admission of the same tenant at the same moment, tells nothing more (`tell_blocks`)."""
    today = berlin_today(now)
    owed = [
        (new, reason, contact)
        for new in after
        if (reason := new.blocked) is not None
        and needs_owner(new, contact := contacts.get(new.invoice.contact_id or ""), tenant, today)
    ]
    told = await store.invoices.tell_blocks([new.invoice.lexoffice_id for new, _, _ in owed], now)
    for new, reason, contact in owed:
        if new.invoice.lexoffice_id in told:
            detail = blocked_detail(new, contact, tenant)
            await invoice_blocked(store, new.id, reason, detail, now)
