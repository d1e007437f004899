from enum import StrEnum

class ReviewKind(StrEnum):
    DOCUMENTUNCERTAIN = "documentUncertain"
    MESSAGEHELD = "messageHeld"
    MESSAGESENDING = "messageSending"
    THANKYOUSENDING = "thankYouSending"

    def __str__(self) -> str:
        return str(self.value)
