"""The queue of due thank-you e-mails: who can be addressed, and what is claimed within the month's
quota (rules 5 and 6). A queued one waits while its invoice is no longer paid (a returned debit,
a credit note, a void since): "thank you for your payment" goes only with a payment."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.app.loyalty.ports import ThankYouPorts
from automahntion.app.tenants.records import Tenant
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.recipients import Recipient, choose_recipient
from automahntion.domain.thanks import ThankYouDue, select_for_sending, thank_you_quota


@dataclass(frozen=True)
class QueuedThankYou:
    due: ThankYouDue
    stored: StoredInvoice
    contact: StoredContact
    recipient: str


@dataclass(frozen=True)
class ThankYouQueue:
    tenant: Tenant
    sendable: list[ThankYouDue]
    items: dict[str, QueuedThankYou]
    unaddressed: list[tuple[StoredInvoice, str]]


async def read_queue(ports: ThankYouPorts, tenant_id: UUID) -> tuple[ThankYouQueue, int]:
    """The due thank-yous that have a recipient (the others wait and are reported), and the
    month's quota."""
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        quota = thank_you_quota(await store.thank_yous.loyalty_plan())
        due = await store.thank_yous.due()
        invoices = {str(s.id): s for s in await store.invoices.all()}
        contact_ids = sorted(
            {
                invoices[d.invoice_id].invoice.contact_id or ""
                for d in due
                if d.invoice_id in invoices
            }
            - {""}
        )
        contacts = await store.contacts.get_many(contact_ids)
    items: dict[str, QueuedThankYou] = {}
    unaddressed = []
    for entry in due:
        stored = invoices[entry.invoice_id]
        if stored.invoice.status is not InvoiceStatus.PAID:
            unaddressed.append((stored, f"waits: the invoice is {stored.invoice.status.value}"))
            continue
        contact = contacts.get(stored.invoice.contact_id or "")
        choice = (
            choose_recipient(contact.contact, tenant.settings.recipient_policy) if contact else None
        )
        if contact is None or not isinstance(choice, Recipient):
            reason = "no contact" if contact is None else "no usable e-mail address"
            unaddressed.append((stored, f"waits: {reason}"))
            continue
        items[entry.invoice_id] = QueuedThankYou(entry, stored, contact, choice.address)
    sendable = [d for d in due if d.invoice_id in items]
    return ThankYouQueue(tenant, sendable, items, unaddressed), quota


async def claim_within_quota(
    ports: ThankYouPorts, queue: ThankYouQueue, quota: int, month: str
) -> tuple[list[QueuedThankYou], int]:
    """Claimed within the quota in one transaction holding the queue; (claimed, waiting)."""
    now = ports.clock.now()
    async with ports.units() as uow:
        thank_yous = uow.tenant(queue.tenant.id).thank_yous
        await thank_yous.lock()
        still_due = {d.invoice_id for d in await thank_yous.due()}
        candidates = [d for d in queue.sendable if d.invoice_id in still_due]
        chosen = select_for_sending(
            candidates, quota=quota, sent_this_month=await thank_yous.sent_in_month(month)
        )
        claimed = [
            queue.items[d.invoice_id]
            for d in chosen
            if await thank_yous.claim(UUID(d.invoice_id), month, now)
        ]
    return claimed, len(candidates) - len(chosen)
