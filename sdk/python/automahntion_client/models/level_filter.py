from enum import StrEnum

class LevelFilter(StrEnum):
    M1 = "M1"
    M2 = "M2"
    M3 = "M3"
    NONE = "none"
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"

    def __str__(self) -> str:
        return str(self.value)
