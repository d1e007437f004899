"""`/v1/activation`: whether the tenant sends, and the owner's explicit go (domain rules 3)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import msgspec
from litestar import Controller
from litestar.di import NamedDependency

from automahntion.api import scopes
from automahntion.api.routing import delete, get, post
from automahntion.api.schemas import Schema
from automahntion.api.wiring import Wired
from automahntion.app.dunning import DunningPorts, activation
from automahntion.app.dunning.activation import ActivationState
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level

ACTOR = "api"


class WouldSendOut(Schema):
    """One message the next sending day would send."""

    invoice_id: UUID
    number: str
    customer: str
    level: Level
    channel: Channel
    recipient: str
    """The e-mail address, or "by post"."""


class ActivationOut(Schema):
    """Whether the tenant sends, and what activating would mean."""

    activated: bool
    activated_at: datetime | None
    """When the owner activated sending; null: nothing is sent."""
    day: date = msgspec.field(name="date")
    """The next sending day (today when it is one)."""
    held: str | None
    """Why nothing at all would be sent that day, even when activated."""
    would_send: list[WouldSendOut]
    """Per invoice, what that day's cycle would send (the dry run)."""
    overdue_over_90_days: int
    """Invoices still dunned that are overdue for more than 90 days on that day."""
    suggested_sync_start: date | None
    """The sync start date that would leave those invoices out; null when there are none."""


def activation_out(state: ActivationState) -> ActivationOut:
    preview = state.preview
    return ActivationOut(
        activated=state.activated_at is not None,
        activated_at=state.activated_at.astimezone(UTC) if state.activated_at else None,
        day=preview.day,
        held=preview.held,
        would_send=[
            WouldSendOut(
                invoice_id=item.invoice.id,
                number=item.invoice.invoice.voucher_number,
                customer=message.customer,
                level=item.level,
                channel=message.channel,
                recipient=message.addressee,
            )
            for message in preview.messages
            for item in message.items
        ],
        overdue_over_90_days=state.long_overdue.count,
        suggested_sync_start=state.long_overdue.sync_start,
    )


class ActivationController(Controller):
    path = "/activation"
    tags = ["activation"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.SETTINGS_READ)
    async def read(
        self, dunning_ports: Wired[DunningPorts], tenant_id: NamedDependency[UUID]
    ) -> ActivationOut:
        """Get the activation state

        Whether the tenant sends, and what activating would mean: the next sending day's dry run,
        decided as the cycle decides without asking lexoffice (the payment re-check right before
        each send may still hold an invoice back)."""
        return activation_out(await activation.activation_state(dunning_ports, tenant_id))

    @post("/", status_code=200, scope=scopes.SETTINGS_WRITE)
    async def activate(
        self, dunning_ports: Wired[DunningPorts], tenant_id: NamedDependency[UUID]
    ) -> ActivationOut:
        """Activate sending

        From now on the daily cycle sends. A new tenant sends nothing before this; activating
        again changes nothing. Answers as `GET` does."""
        return activation_out(await activation.activate(dunning_ports, tenant_id, ACTOR))

    @delete("/", status_code=204, scope=scopes.SETTINGS_WRITE)
    async def deactivate(
        self, dunning_ports: Wired[DunningPorts], tenant_id: NamedDependency[UUID]
    ) -> None:
        """Deactivate sending

        The cycle sends nothing from now on; settings, admission and history stay. Deactivating a
        tenant that is not activated is no error."""
        await activation.deactivate(dunning_ports, tenant_id, ACTOR)
