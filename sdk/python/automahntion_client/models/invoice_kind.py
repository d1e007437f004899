from enum import StrEnum

class InvoiceKind(StrEnum):
    INVOICE = "invoice"
    VOUCHER = "voucher"

    def __str__(self) -> str:
        return str(self.value)
