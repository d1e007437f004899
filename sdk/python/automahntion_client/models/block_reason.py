from enum import StrEnum

class BlockReason(StrEnum):
    ADDRESS_NOT_PRINTABLE = "address_not_printable"
    MISSING_EMAIL = "missing_email"
    NO_CONTACT = "no_contact"
    UNUSABLE_RECORD = "unusable_record"

    def __str__(self) -> str:
        return str(self.value)
