"""`/v1/contacts`: the tenant's customers, whether dunning can reach them, and their Mahnstopp."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec
from litestar import Controller
from litestar.di import NamedDependency
from litestar.params import JSONBody

from automahntion.api import scopes
from automahntion.api.invoice_schemas import (
    ContactOut,
    ContactPage,
    PausedContactOut,
    PauseIn,
    going_out_out,
)
from automahntion.api.invoices import after_position, pause_of, pause_out, replaced_out
from automahntion.api.pagination import Cursor, Limit, encode_cursor
from automahntion.api.path_ids import ContactId
from automahntion.api.routing import delete, get, put
from automahntion.api.updated_since import UpdatedSince, moment
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.invoices.contacts import (
    ContactView,
    list_contacts,
    position,
    set_contact_pause,
)
from automahntion.domain.calendar import berlin_today


def contact_out(view: ContactView, today: date) -> ContactOut:
    stored = view.stored
    return ContactOut(
        id=stored.id,
        lexoffice_id=stored.contact.lexoffice_id,
        name=stored.contact.name,
        has_email=view.email is not None,
        email=view.email,
        pause=pause_out(stored.pause, today),
        open_invoices=view.open_invoices,
    )


class ContactController(Controller):
    path = "/contacts"
    tags = ["contacts"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.INVOICES_READ)
    async def index(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        cursor: Cursor = None,
        limit: Limit = 50,
        updated_since: UpdatedSince = None,
    ) -> ContactPage:
        """List contacts

        The tenant's customers as synced from lexoffice, with their pause, paginated. In order of
        name (then id); `openInvoices` counts those with an amount still open. `updatedSince`
        counts a change of the contact or of one of its invoices."""
        found = await list_contacts(
            units,
            tenant_id,
            limit=limit,
            after=after_position(cursor),
            updated_since=moment(updated_since),
        )
        today = berlin_today(clock.now())
        last = found.views[-1].stored if found.views else None
        return ContactPage(
            items=[contact_out(v, today) for v in found.views],
            next_cursor=encode_cursor(position(last)) if found.more and last else None,
        )

    @put("/{contactId:uuid}/pause", scope=scopes.INVOICES_WRITE)
    async def pause(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        contact_id: ContactId,
        data: JSONBody[PauseIn],
    ) -> PausedContactOut:
        """Pause dunning for a customer

        Mahnstopp for every invoice of this customer, until the end of `until` (today or later).
        A pause that held is replaced and named in `replaced`."""
        now = clock.now()
        view = await set_contact_pause(units, tenant_id, contact_id, pause_of(data), now)
        out = contact_out(view, berlin_today(now))
        return PausedContactOut(
            **msgspec.structs.asdict(out),
            replaced=replaced_out(view.replaced_pause),
            going_out=going_out_out(view.going_out),
        )

    @delete("/{contactId:uuid}/pause", scope=scopes.INVOICES_WRITE)
    async def resume(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        contact_id: ContactId,
    ) -> None:
        """Resume dunning for a customer

        Lifts the customer's Mahnstopp; its invoices are dunned again from the next run (a pause
        of a single invoice stays). Resuming a customer without a pause is no error."""
        await set_contact_pause(units, tenant_id, contact_id, None, clock.now())
