from enum import StrEnum

class InvoiceKind(StrEnum):
    DOWN_PAYMENT_INVOICE = "down_payment_invoice"
    INVOICE = "invoice"
    VOUCHER = "voucher"

    def __str__(self) -> str:
        return str(self.value)
