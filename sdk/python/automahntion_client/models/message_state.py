from enum import StrEnum

class MessageState(StrEnum):
    FAILED = "failed"
    HELD = "held"
    SENDING = "sending"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
