"""Use case: bring a tenant's copy of its lexoffice invoices and contacts up to date, cheaply.

Request budget: a first sync lists open vouchers and vouchers in payment (`2·ceil(n/250)`
pages) and fetches the contacts it lacks, paging the contact list or fetching single contacts,
whichever costs fewer requests. A later sync asks only for what changed since the last sync's
day: open, in payment, and closed (paid, paid off, voided, back to draft) — three requests when
nothing changed. A full sync after an earlier one (revenue vouchers switched on) lists the
closed ones changed since that sync's day too. Contacts are cached and refreshed by
`contact.changed` events. The invoices' languages are not in the list: they are read ahead
after the sync (`languages`), outside this budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from automahntion.app.clock import Clock
from automahntion.app.events.record import invoice_paid
from automahntion.app.invoices.admission import AdmissionCounts, refresh_admission
from automahntion.app.invoices.records import StoredInvoice
from automahntion.app.lexoffice.ports import (
    LexofficeApi,
    LexofficeContact,
    LexofficeGateways,
    LexofficeNotFound,
    ListedVoucher,
)
from automahntion.app.lexoffice.vouchers import (
    CLOSED,
    IN_PAYMENT,
    INVOICE_TYPES,
    OPEN,
    PAGE_SIZE,
    VOUCHER_TYPES,
    status_in_group,
    to_invoice,
)
from automahntion.app.progress import UNWATCHED, Progress
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.records import SyncState, Tenant
from automahntion.domain.calendar import berlin_today
from automahntion.domain.errors import ThankYouAlreadyQueued
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.thanks import became_paid, changed_while_paid, paid_at


@dataclass(frozen=True)
class SyncReport:
    full: bool
    vouchers_seen: int
    contacts_fetched: int
    admission: AdmissionCounts


async def fetch_contacts(
    api: LexofficeApi, needed: set[str], known_total: int | None
) -> tuple[list[LexofficeContact], int | None]:
    """Single fetches or pages of the contact list, whichever costs fewer requests.

    Without a known total, the first page is read to learn it; it may already hold some of
    the needed contacts.
    """
    if not needed:
        return [], known_total
    known_pages = math.ceil(known_total / PAGE_SIZE) if known_total is not None else None
    if len(needed) == 1 or (known_pages is not None and len(needed) < known_pages):
        return await _single(api, needed), known_total
    first = await api.contacts_page(0)
    found = [c for c in first.contacts if c.contact.lexoffice_id in needed]
    missing = needed - {c.contact.lexoffice_id for c in found}
    later_pages = range(1, first.total_pages)
    if missing and len(later_pages) <= len(missing):
        for page in later_pages:
            if not missing:
                break
            batch = await api.contacts_page(page)
            hits = [c for c in batch.contacts if c.contact.lexoffice_id in missing]
            found += hits
            missing -= {c.contact.lexoffice_id for c in hits}
    elif missing:
        found += await _single(api, missing)
    return found, first.total_elements


def _not_found(ids: set[str]) -> list[LexofficeContact]:
    """Contacts an invoice names that lexoffice does not deliver: their invoices are blocked
    until it does."""
    return [
        LexofficeContact.unusable(i, f"lexoffice liefert den Kontakt {i} nicht")
        for i in sorted(ids)
    ]


async def _single(api: LexofficeApi, ids: set[str]) -> list[LexofficeContact]:
    contacts = []
    for contact_id in sorted(ids):
        try:
            contacts.append(await api.contact(contact_id))
        except LexofficeNotFound:
            continue
    return contacts


async def _listed(
    api: LexofficeApi, tenant: Tenant, full: bool, last_day: date | None
) -> list[tuple[ListedVoucher, InvoiceStatus | None]]:
    """Open and in-payment vouchers changed since the day of the last sync (all of them in a
    full sync), and the closed ones changed since then: a full sync after an earlier one still
    sees the invoices paid in between, which no later sync would list again."""
    types = INVOICE_TYPES + (VOUCHER_TYPES if tenant.settings.vouchers_enabled else ())
    since = None if full else last_day
    groups = [(OPEN, since), (IN_PAYMENT, since)]
    if last_day is not None:
        groups.append((CLOSED, last_day))
    listed = []
    for group, updated_from in groups:
        items = await api.list_vouchers(types=types, statuses=group, updated_from=updated_from)
        listed += [(item, status_in_group(item, group)) for item in items]
    return listed


async def _queue_thank_yous(
    store: TenantStore, before: dict[str, StoredInvoice], invoices: list[Invoice], now: datetime
) -> None:
    """A known invoice that turns paid: a thank-you is due, also again for one withdrawn as
    `not_due` (cleared by a credit note, reopened since, now paid again); never a second for
    one queued or thanked. One withdrawn whose invoice is paid still but changed in lexoffice
    since the last sync (`changed_at` moved) is due again too: its credit note may have been
    cancelled and the invoice paid with money in between, which a sync sees as paid and paid.
    Its payment items are read again before it goes out (a credit note that stands withdraws it
    again), so it costs no request here."""
    for invoice in invoices:
        previous = before.get(invoice.lexoffice_id)
        if previous is None:
            continue
        paid = paid_at(previous.invoice.changed_at, invoice.changed_at, now)
        if became_paid(previous.invoice.status, invoice.status):
            try:
                await store.thank_yous.enqueue(previous.id, paid)
            except ThankYouAlreadyQueued:
                continue
        elif changed_while_paid(
            previous.invoice.status, invoice.status, previous.invoice.changed_at, invoice.changed_at
        ):
            await store.thank_yous.due_again(previous.id, paid)


async def _record_paid(
    store: TenantStore, before: dict[str, StoredInvoice], invoices: list[Invoice], now: datetime
) -> None:
    for invoice in invoices:
        previous = before.get(invoice.lexoffice_id)
        if previous is not None and became_paid(previous.invoice.status, invoice.status):
            await invoice_paid(store, previous.id, invoice.voucher_number, now)


def _merged(listed: Invoice, held: StoredInvoice | None) -> Invoice:
    """The language read before stays, and the change marker when the list gave none; an
    invoice whose record turned unusable keeps the facts last read of it."""
    if held is None:
        return listed
    if listed.unusable is not None and held.invoice.unusable is None:
        return replace(held.invoice, unusable=listed.unusable)
    changed_at = listed.changed_at or held.invoice.changed_at
    return replace(listed, language=held.invoice.language, changed_at=changed_at)


async def store_vouchers(
    store: TenantStore, tenant: Tenant, invoices: list[Invoice], now: datetime
) -> None:
    """Upsert what was listed; closed vouchers only when we knew them (nothing to dun else).

    The tenant's row is locked before the invoices are read: a sync and a payment callback
    storing the same invoice take turns, and the later one reads what the earlier wrote, so an
    invoice turning paid records one `invoice.paid`, not one per transaction that saw it open
    (on PostgreSQL; SQLite runs one writer at a time). The sync holds it already."""
    await store.account.lock()
    held = {s.invoice.lexoffice_id: s for s in await store.invoices.all()}
    wanted = [
        _merged(i, held.get(i.lexoffice_id))
        for i in invoices
        if not i.is_closed or i.lexoffice_id in held
    ]
    await store.invoices.upsert(wanted, now)
    await _record_paid(store, held, wanted, now)
    if tenant.settings.thank_you_enabled:
        await _queue_thank_yous(store, held, wanted, now)


async def store_listed(
    store: TenantStore,
    tenant: Tenant,
    contacts: list[LexofficeContact],
    invoices: list[Invoice],
    contacts_total: int | None,
    now: datetime,
    listed_at: datetime | None = None,
) -> AdmissionCounts:
    """The sync's last step, in the caller's transaction. The tenant's sync bookkeeping is
    written first: a settings or plan change writes the tenant and then the admission of its
    invoices, so a sync writing its invoices first and the tenant last could wait for such a
    change while it waited for the sync (a deadlock on PostgreSQL).

    The sync is recorded at `listed_at`, when it began reading lexoffice (`now` without it):
    lexoffice as of then, so the next sync asks for the changes from that day on."""
    await store.account.record_sync(listed_at or now)
    await store.account.save_sync_state(SyncState(contacts_total=contacts_total))
    held = await store.contacts.get_many([c.contact.lexoffice_id for c in contacts])
    contacts = [
        c.keeping(h.contact, h.postal_address) if (h := held.get(c.contact.lexoffice_id)) else c
        for c in contacts
    ]
    await store.contacts.upsert(
        [c.contact for c in contacts],
        {c.contact.lexoffice_id: c.postal_address for c in contacts if c.postal_address},
    )
    await store_vouchers(store, tenant, invoices, now)
    return await refresh_admission(store, tenant, now)


SYNC_STEPS = 3
"""Listing the vouchers, fetching the contacts, storing both."""


async def sync_tenant(
    units: Callable[[], UnitOfWork],
    gateways: LexofficeGateways,
    tenant_id: UUID,
    clock: Clock,
    progress: Progress = UNWATCHED,
) -> SyncReport:
    """Each of its `SYNC_STEPS` is a step of `progress`."""
    progress.start(SYNC_STEPS)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        state = await store.account.sync_state()
    api = await gateways.for_tenant(tenant.id)
    last = tenant.last_successful_sync_at
    full = last is None or state.needs_full_sync
    started = clock.now()
    listed = await _listed(api, tenant, full, None if last is None else berlin_today(last))
    progress.advance()
    today = berlin_today(clock.now())
    invoices = [to_invoice(item, status, today) for item, status in listed]
    referenced = sorted({i.contact_id for i in invoices if i.contact_id})
    async with units() as uow:
        cached = await uow.tenant(tenant.id).contacts.get_many(referenced)
        retried = await uow.tenant(tenant.id).contacts.unusable()
    usable = {key for key, stored in cached.items() if stored.contact.unusable is None}
    wanted = {i.contact_id for i in invoices if i.contact_id and not i.is_closed}
    needed = (wanted | set(retried)) - usable
    contacts, total = await fetch_contacts(api, needed, state.contacts_total)
    contacts += _not_found(needed - {c.contact.lexoffice_id for c in contacts})
    progress.advance()
    async with units() as uow:
        counts = await store_listed(
            uow.tenant(tenant.id), tenant, contacts, invoices, total, clock.now(), started
        )
    progress.advance()
    return SyncReport(full, len(listed), len(contacts), counts)
