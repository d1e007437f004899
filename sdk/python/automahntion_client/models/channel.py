from enum import StrEnum

class Channel(StrEnum):
    EMAIL = "email"
    LETTER = "letter"

    def __str__(self) -> str:
        return str(self.value)
