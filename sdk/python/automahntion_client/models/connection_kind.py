from enum import StrEnum

class ConnectionKind(StrEnum):
    API_KEY = "api_key"
    OAUTH = "oauth"

    def __str__(self) -> str:
        return str(self.value)
