"""How a due thank-you's invoice was paid, read from lexoffice just before it would go out.

lexoffice says `paid` also for an invoice cleared by a credit note or written off: only one paid
with money is thanked (`paid_with_money`). Read one invoice at a time, first paid first, and only
as many as the month's quota still takes (lexoffice allows 2 requests a second); none for a
tenant without the loyalty extension. What cannot be read waits for the next run: never lost,
never sent on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from automahntion.app.lexoffice.ports import (
    LexofficeApi,
    LexofficeNotFound,
    LexofficeUnavailable,
)
from automahntion.app.loyalty.ports import ThankYouPorts
from automahntion.app.loyalty.queue import ThankYouQueue
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.thanks import ThankYouDue, in_sending_order, paid_with_money

NO_MONEY = "no thank-you: cleared without a payment (credit note, write-off, discount)"


@dataclass
class PaymentChecks:
    confirmed: list[ThankYouDue] = field(default_factory=list)
    unchecked: int = 0
    """Past the month's quota: not read, they wait."""
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    """(invoice id, outcome) of those not confirmed."""


async def _waits_for(api: LexofficeApi, voucher_id: str) -> tuple[bool, str | None]:
    """Whether it was paid with money, and if it cannot be told yet, why it waits."""
    try:
        state = await api.payment_state(voucher_id)
    except (LexofficeUnavailable, LexofficeNotFound, ValueError) as error:
        return False, f"waits: its payment could not be read ({error or type(error).__name__})"
    if state.status is not InvoiceStatus.PAID:
        return False, f"waits: the invoice is {state.status.value} in lexoffice"
    if state.items is None:
        return False, "waits: lexoffice gave payment items that cannot be read"
    return paid_with_money(state.items), None


async def confirm_payments(ports: ThankYouPorts, queue: ThankYouQueue, room: int) -> PaymentChecks:
    """Up to `room` of `queue.sendable` confirmed as paid with money; those cleared without
    money are withdrawn (`not_due`): due again only when the sync sees the invoice reopened
    and paid again, and then read here again."""
    checks = PaymentChecks()
    ordered = in_sending_order(queue.sendable)
    if room == 0 or not ordered:
        checks.unchecked = len(ordered)
        return checks
    try:
        api = await ports.gateways.for_tenant(queue.tenant.id)
    except LexofficeUnavailable as error:
        reason = f"waits: lexoffice not reachable ({error})"
        checks.outcomes = [(d.invoice_id, reason) for d in ordered[:room]]
        checks.unchecked = len(ordered) - len(checks.outcomes)
        return checks
    for index, due in enumerate(ordered):
        if len(checks.confirmed) == room:
            checks.unchecked = len(ordered) - index
            break
        voucher_id = queue.items[due.invoice_id].stored.invoice.lexoffice_id
        paid, waits = await _waits_for(api, voucher_id)
        if paid:
            checks.confirmed.append(due)
        elif waits is not None:
            checks.outcomes.append((due.invoice_id, waits))
        else:
            await _withdraw(ports, queue.tenant.id, UUID(due.invoice_id))
            checks.outcomes.append((due.invoice_id, NO_MONEY))
    return checks


async def _withdraw(ports: ThankYouPorts, tenant_id: UUID, invoice_id: UUID) -> None:
    async with ports.units() as uow:
        await uow.tenant(tenant_id).thank_yous.withdraw(invoice_id)
