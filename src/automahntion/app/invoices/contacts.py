"""Use cases: a tenant's contacts as the overview shows them, and the Mahnstopp of a contact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from automahntion.app.invoices.overview import pause_entry
from automahntion.app.invoices.records import StoredContact
from automahntion.app.messages.going_out import going_out
from automahntion.app.messages.records import SentMessage
from automahntion.app.storage import UnitOfWork
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
    going_out: tuple[SentMessage, ...] = ()
    """After setting a pause: the messages of its invoices already being handed over, which
    the pause no longer stops (`messages.going_out`)."""


@dataclass(frozen=True)
class ContactPage:
    views: list[ContactView]
    more: bool


SEPARATOR = "\x00"


def position(stored: StoredContact) -> str:
    """By name (in any case), then id: unique, and the order people look for."""
    return f"{stored.contact.name.casefold()}{SEPARATOR}{stored.id}"


def _view(stored: StoredContact, policy: RecipientPolicy, open_invoices: int) -> ContactView:
    choice = choose_recipient(stored.contact, policy)
    email = choice.address if isinstance(choice, Recipient) else None
    return ContactView(stored, email, open_invoices)


async def list_contacts(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    *,
    limit: int,
    after: str | None = None,
    updated_since: datetime | None = None,
) -> ContactPage:
    """One page, read as such from storage: the open invoices are counted for its contacts
    only. `updated_since`: only contacts changed since, or one of whose invoices changed (its
    count of open invoices may have)."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        policy = (await store.account.get()).settings.recipient_policy
        contacts, more = await store.contacts.page(
            limit=limit, after=after, updated_since=updated_since
        )
        counts = await store.contacts.open_invoices([c.contact.lexoffice_id for c in contacts])
    views = [_view(c, policy, counts.get(c.contact.lexoffice_id, 0)) for c in contacts]
    return ContactPage(views, more)


async def set_contact_pause(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    contact_id: UUID,
    pause: Pause | None,
    now: datetime,
) -> ContactView:
    """Holds every invoice of the contact at once, in a cycle already running too: each claim
    and each last look before a hand-over reads it (None resumes dunning). A pause that held is
    replaced, and named in the view, as are the messages already going out."""
    today = berlin_today(now)
    check_pause_end(pause, today)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await store.messages.stopping()
        contact = await store.contacts.by_id(contact_id)
        await store.contacts.set_pause(contact.contact.lexoffice_id, pause)
        on_their_way = await going_out(store.messages)
        of_contact = [
            m
            for m in on_their_way
            if (await store.invoices.get(m.invoice_id)).invoice.contact_id
            == contact.contact.lexoffice_id
        ]
        await store.audit.record(pause_entry("contact", contact_id, pause, now))
        policy = (await store.account.get()).settings.recipient_policy
        updated = await store.contacts.by_id(contact_id)
        lexoffice_id = updated.contact.lexoffice_id
        counts = await store.contacts.open_invoices([lexoffice_id])
    view = _view(updated, policy, counts.get(lexoffice_id, 0))
    return replace(
        view,
        replaced_pause=replaced_pause(contact.pause, pause, today),
        going_out=tuple(of_contact),
    )
