"""`/v1/invoices/{id}/hand-over`: the tenant hands an invoice over (e.g. to a collection agency),
which ends dunning for it and frees its quota slot (rule 4), or takes the hand-over back."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller
from litestar.di import NamedDependency

from automahntion.api import scopes
from automahntion.api.invoice_schemas import InvoiceOut
from automahntion.api.invoices import invoice_out
from automahntion.api.path_ids import InvoiceId
from automahntion.api.routing import delete, put
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.invoices.overview import set_handed_over
from automahntion.domain.calendar import berlin_today


class InvoiceHandOverController(Controller):
    path = "/invoices/{invoiceId:uuid}/hand-over"
    tags = ["invoices"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @put("/", scope=scopes.INVOICES_WRITE)
    async def hand_over(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        invoice_id: InvoiceId,
    ) -> InvoiceOut:
        """Hand an invoice over

        Marks the invoice handed over (e.g. to a collection agency, typically after the last
        dunning notice): nothing more is sent for it and its quota slot goes at once to the
        first waiting invoice. Marking it again changes nothing. 404 for another tenant's."""
        now = clock.now()
        view = await set_handed_over(units, tenant_id, invoice_id, True, now)
        return invoice_out(view, berlin_today(now))

    @delete("/", scope=scopes.INVOICES_WRITE)
    async def take_back(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        invoice_id: InvoiceId,
    ) -> None:
        """Take a hand-over back

        The invoice is dunned again where it left off once it has a quota slot: it joins the
        queue in admission order and displaces no admitted invoice. Taking back an invoice
        that was not handed over is no error."""
        await set_handed_over(units, tenant_id, invoice_id, False, clock.now())
