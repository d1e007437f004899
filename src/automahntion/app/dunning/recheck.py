"""The payment re-check of the day's invoices in batches: lexoffice allows 2 requests a second, so
one read per message would keep a Pro tenant's 250 e-mails waiting two minutes and more.

The voucher list is read for all of the day's invoices when the first message is prepared —
right before sending, never at planning time — and read again before a message whenever that
reading is older than `MAX_AGE` (60 s): no message goes out on a payment state older than a
minute, and a send loop that takes long refreshes its batch as it goes. Why a minute: less
than half of what one read per message left between the first re-read of a Pro tenant's day and
its last mail (over two minutes at 2 requests/s), while the day costs a handful of list
requests (3 statuses, 250 invoices each) instead of 250 reads. A read that failed (after its
retries) fails every message of the next minute alike, without asking lexoffice again.

What the list shows decides as one read did: open (amount as open now) may be sent, in a direct
debit or a transfer may not (payment in progress). An invoice the list no longer shows is read
alone (`payment_state`) as every invoice was before: paid or voided → not sent, back to draft →
not sent, unknown to lexoffice (404) → held with the reason, for the owner to look at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from automahntion.app.clock import Clock
from automahntion.app.dunning.ports import PaymentCheck, SendPorts
from automahntion.app.lexoffice.ports import LexofficeUnavailable, PaymentState
from automahntion.domain.day_plan import PlannedItem
from automahntion.domain.invoices import Invoice

MAX_AGE = timedelta(seconds=60)
"""How old the batch may be when a message is re-checked on it; counted from before it was
read."""


@dataclass
class BatchedPayments:
    """A `PaymentCheck` that answers each invoice from a batch of the voucher list, read when
    first asked and again once older than `MAX_AGE`; an invoice not in it is read alone."""

    payments: PaymentCheck
    invoices: Sequence[Invoice]
    clock: Clock
    listed: dict[str, PaymentState] = field(default_factory=dict)
    read_at: datetime | None = None
    failed: tuple[datetime, LexofficeUnavailable] | None = None
    """The last read that failed: each message within `MAX_AGE` of it fails alike, without asking
    lexoffice again (each read already spent its retries)."""

    async def payment_state(self, voucher_id: str) -> PaymentState:
        await self._fresh()
        found = self.listed.get(voucher_id)
        if found is not None:
            return found
        return await self.payments.payment_state(voucher_id)

    async def listed_payment_states(self, invoices: Sequence[Invoice]) -> dict[str, PaymentState]:
        return await self.payments.listed_payment_states(invoices)

    async def _fresh(self) -> None:
        now = self.clock.now()
        if self.read_at is not None and now - self.read_at <= MAX_AGE:
            return
        if self.failed is not None and now - self.failed[0] <= MAX_AGE:
            raise self.failed[1].with_traceback(None)
        self.read_at = None
        try:
            self.listed = await self.payments.listed_payment_states(self.invoices)
        except LexofficeUnavailable as error:
            self.failed = (now, error)
            raise
        self.failed = None
        self.read_at = now


def batched(ports: SendPorts, due: Sequence[PlannedItem]) -> SendPorts:
    """`ports` whose payment re-check reads the invoices of `due` in batches."""
    if ports.payments is None:
        return ports
    invoices = list({item.invoice.lexoffice_id: item.invoice for item in due}.values())
    return replace(ports, payments=BatchedPayments(ports.payments, invoices, ports.clock))
