"""lexoffice, as far as the thank-you e-mails read it: every invoice paid by bank transfer."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from automahntion.app.lexoffice.ports import LexofficeApi, PaymentState
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.thanks import PaymentItem


class PaidByBank:
    """The gateways and the api of every tenant in one: each invoice paid in full by bank
    (or by what `item_type` says)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.item_type = "partPaymentFinancialTransaction"
        """What cleared them: set it to e.g. `partPaymentCreditNote` for no money at all."""

    async def for_tenant(self, tenant_id: UUID) -> LexofficeApi:
        return cast(LexofficeApi, self)

    async def payment_state(self, voucher_id: str) -> PaymentState:
        self.asked.append(voucher_id)
        items = (PaymentItem(self.item_type, 119_00),)
        return PaymentState(InvoiceStatus.PAID, 0, None, items)
