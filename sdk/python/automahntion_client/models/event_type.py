from enum import StrEnum

class EventType(StrEnum):
    FEEDBACK_RECEIVED = "feedback.received"
    INVOICE_NEEDS_ATTENTION = "invoice.needs_attention"
    INVOICE_PAID = "invoice.paid"
    LETTER_STATUS_CHANGED = "letter.status_changed"
    LEXOFFICE_DISCONNECTED = "lexoffice.disconnected"
    MESSAGE_FAILED = "message.failed"
    MESSAGE_SENT = "message.sent"

    def __str__(self) -> str:
        return str(self.value)
