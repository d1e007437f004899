from enum import StrEnum

class AdminTenantOutConnection(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    NOT_CONNECTED = "not connected"

    def __str__(self) -> str:
        return str(self.value)
