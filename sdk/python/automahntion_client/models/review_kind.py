from enum import StrEnum

class ReviewKind(StrEnum):
    DOCUMENTUNCERTAIN = "documentUncertain"
    MESSAGEHELD = "messageHeld"
    MESSAGESENDING = "messageSending"

    def __str__(self) -> str:
        return str(self.value)
