"""A tenant's stored connection to its lexoffice organization."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from automahntion.app.lexoffice.disconnect_reasons import DisconnectReason


class ConnectionKind(StrEnum):
    OAUTH = "oauth"
    API_KEY = "api_key"


class ConnectionStatus(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class LexofficeConnection:
    """Secrets in clear text here; storage seals them."""

    kind: ConnectionKind
    status: ConnectionStatus = ConnectionStatus.CONNECTED
    organization_id: str | None = None
    connection_id: str | None = None
    company_name: str | None = None
    access_token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    expires_at: datetime | None = None
    disconnected_reason: DisconnectReason | None = None
