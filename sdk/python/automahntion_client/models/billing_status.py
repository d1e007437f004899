from enum import StrEnum

class BillingStatus(StrEnum):
    CREDITED = "credited"
    FAILED = "failed"
    OPEN = "open"
    PAID = "paid"
    PENDING = "pending"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)
