from enum import StrEnum

class Outcome(StrEnum):
    NOTSENT = "notSent"
    SENT = "sent"

    def __str__(self) -> str:
        return str(self.value)
