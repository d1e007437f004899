from enum import StrEnum

class AdmissionState(StrEnum):
    ADMITTED = "admitted"
    NONE = "none"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
