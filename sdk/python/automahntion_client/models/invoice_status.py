from enum import StrEnum

class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    OVERDUE = "overdue"
    PAID = "paid"
    PAIDOFF = "paidoff"
    SEPADEBIT = "sepadebit"
    TRANSFERRED = "transferred"
    VOIDED = "voided"

    def __str__(self) -> str:
        return str(self.value)
