"""Use cases: a tenant's contacts as the overview shows them, and the Mahnstopp of a contact."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from automahntion.app.invoices.overview import pause_entry
from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.domain.calendar import berlin_today
from automahntion.domain.pauses import Pause, check_pause_end, replaced_pause
from automahntion.domain.recipients import Recipient, RecipientPolicy, choose_recipient


@dataclass(frozen=True)
class ContactView:
    stored: StoredContact
    email: str | None
    """The address dunning writes to under the tenant's recipient policy, if there is one."""
    open_invoices: int
    replaced_pause: Pause | None = None
    """After setting a pause: the one that held before and was replaced."""


@dataclass(frozen=True)
class ContactPage:
    views: list[ContactView]
    more: bool


SEPARATOR = "\x00"


def position(stored: StoredContact) -> str:
    """By name (in any case), then id: unique, and the order people look for."""
    return f"{stored.contact.name.casefold()}{SEPARATOR}{stored.id}"


def _is_open(stored: StoredInvoice) -> bool:
    return stored.invoice.still_owed


def _view(stored: StoredContact, policy: RecipientPolicy, open_invoices: int) -> ContactView:
    choice = choose_recipient(stored.contact, policy)
    email = choice.address if isinstance(choice, Recipient) else None
    return ContactView(stored, email, open_invoices)


async def _open_counts(store: TenantStore) -> Counter[str]:
    return Counter(
        s.invoice.contact_id
        for s in await store.invoices.all()
        if s.invoice.contact_id and _is_open(s)
    )


async def list_contacts(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    *,
    limit: int,
    after: str | None = None,
    updated_since: datetime | None = None,
) -> ContactPage:
    """`updated_since`: only contacts changed since, or one of whose invoices changed (its
    count of open invoices may have)."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        policy = (await store.account.get()).settings.recipient_policy
        changed = (
            None if updated_since is None else await store.contacts.changed_since(updated_since)
        )
        contacts = sorted(
            (
                c
                for c in await store.contacts.all()
                if (after is None or position(c) > after)
                and (changed is None or c.contact.lexoffice_id in changed)
            ),
            key=position,
        )
        counts = await _open_counts(store)
    views = [_view(c, policy, counts[c.contact.lexoffice_id]) for c in contacts[:limit]]
    return ContactPage(views, len(contacts) > limit)


async def set_contact_pause(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    contact_id: UUID,
    pause: Pause | None,
    now: datetime,
) -> ContactView:
    """Holds every invoice of the contact at once, in a cycle already running too: each claim
    reads it (None resumes dunning). A pause that held is replaced, and named in the view."""
    today = berlin_today(now)
    check_pause_end(pause, today)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        contact = await store.contacts.by_id(contact_id)
        await store.contacts.set_pause(contact.contact.lexoffice_id, pause)
        await store.audit.record(pause_entry("contact", contact_id, pause, now))
        policy = (await store.account.get()).settings.recipient_policy
        counts = await _open_counts(store)
        updated = await store.contacts.by_id(contact_id)
    view = _view(updated, policy, counts[updated.contact.lexoffice_id])
    return replace(view, replaced_pause=replaced_pause(contact.pause, pause, today))
