"""`/v1/dunning/preview`: what the next cycle would send on a day — nothing is sent or stored."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar.di import NamedDependency
from litestar.params import QueryParameter

from automahntion.api import scopes
from automahntion.api.invoice_schemas import (
    PreviewHoldOut,
    PreviewInvoiceOut,
    PreviewMessageOut,
    PreviewOut,
)
from automahntion.api.invoices import pause_out
from automahntion.api.routing import get
from automahntion.api.wiring import Wired
from automahntion.app.dunning import DunningPorts
from automahntion.app.dunning.preview import preview_cycle


@get("/dunning/preview", scope=scopes.INVOICES_READ, tags=["dunning"])
async def dunning_preview(
    dunning_ports: Wired[DunningPorts],
    tenant_id: NamedDependency[UUID],
    date: Annotated[
        date | None,
        QueryParameter(name="date", description="YYYY-MM-DD, today or later; default today"),
    ] = None,
) -> PreviewOut:
    """Preview the next dunning run

    What the next sending days would send for each invoice, and why others wait. Decided as the
    cycle decides, without asking lexoffice: the payment re-check right before each send may
    still hold an invoice back."""
    preview = await preview_cycle(dunning_ports, tenant_id, date)
    return PreviewOut(
        day=preview.day,
        held=preview.held,
        messages=[
            PreviewMessageOut(
                invoices=[
                    PreviewInvoiceOut(
                        id=item.invoice.id,
                        number=item.invoice.invoice.voucher_number,
                        level=item.level,
                    )
                    for item in message.items
                ],
                customer=message.customer,
                level=message.level,
                channel=message.channel,
                recipient=message.addressee,
            )
            for message in preview.messages
        ],
        holds=[
            PreviewHoldOut(
                invoice_id=hold.invoice.id,
                number=hold.invoice.invoice.voucher_number,
                customer=hold.customer,
                reason=hold.hold,
                next_level=hold.next_level,
                blocked=hold.blocked,
                pause=pause_out(hold.pause, preview.day),
            )
            for hold in preview.holds
        ],
    )
