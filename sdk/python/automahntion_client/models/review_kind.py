from enum import StrEnum

class ReviewKind(StrEnum):
    DOCUMENTUNCERTAIN = "documentUncertain"
    MESSAGESENDING = "messageSending"

    def __str__(self) -> str:
        return str(self.value)
