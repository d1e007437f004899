from enum import StrEnum

class LetterState(StrEnum):
    ACTION_REQUIRED = "action_required"
    CANCELLED = "cancelled"
    DELIVERED = "delivered"
    FAILED = "failed"
    PRINTING = "printing"
    SENT = "sent"
    SUBMITTED = "submitted"
    UNDELIVERABLE = "undeliverable"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
