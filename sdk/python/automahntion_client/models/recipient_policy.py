from enum import StrEnum

class RecipientPolicy(StrEnum):
    BUSINESS_ONLY = "business_only"
    FIRST_AVAILABLE = "first_available"

    def __str__(self) -> str:
        return str(self.value)
