from enum import StrEnum

class CatchUp(StrEnum):
    HIGHEST = "highest"
    NEXT = "next"

    def __str__(self) -> str:
        return str(self.value)
