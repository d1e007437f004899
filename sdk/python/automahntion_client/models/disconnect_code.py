from enum import StrEnum

class DisconnectCode(StrEnum):
    BY_TENANT = "by_tenant"
    OTHER = "other"
    REFRESH_REFUSED = "refresh_refused"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
