from enum import StrEnum

class LetterKind(StrEnum):
    REGISTERED = "registered"
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
