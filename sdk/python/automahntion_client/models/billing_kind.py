from enum import StrEnum

class BillingKind(StrEnum):
    LETTERS = "letters"
    LETTER_CREDIT = "letter_credit"
    SMTP_ADDON = "smtp_addon"
    SUBSCRIPTION = "subscription"

    def __str__(self) -> str:
        return str(self.value)
