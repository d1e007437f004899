from enum import StrEnum

class DocumentState(StrEnum):
    CREATED = "created"
    REQUESTED = "requested"
    UNCERTAIN = "uncertain"

    def __str__(self) -> str:
        return str(self.value)
