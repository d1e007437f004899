from enum import StrEnum

class EventType(StrEnum):
    INVOICE_NEEDS_ATTENTION = "invoice.needs_attention"
    INVOICE_PAID = "invoice.paid"
    MESSAGE_FAILED = "message.failed"
    MESSAGE_SENT = "message.sent"

    def __str__(self) -> str:
        return str(self.value)
