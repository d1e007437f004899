"""Webhooks out: the endpoints a tenant registered, and one delivery per event and endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from automahntion.app.events.records import EventType


@dataclass(frozen=True)
class WebhookEndpoint:
    id: UUID
    url: str
    event_types: tuple[EventType, ...]
    """Empty: every event, those of types added later included."""
    enabled: bool
    created_at: datetime
    disabled_reason: str | None = None
    """German, for the tenant: why deliveries stopped (None when the tenant disabled it)."""
    disabled_at: datetime | None = None
    failing_since: datetime | None = None
    """The first failed attempt since the last delivered one."""
    registered_by: str | None = None
    """The credential that registered (or last re-enabled) it, as the tenant revokes it
    (`credential_of_api_key`, `credential_of_oauth_grant`); revoking it disables the endpoint.
    None for endpoints registered before this was recorded."""
    feedback: bool = True
    """Whether it may receive `feedback.received`: its credential held `feedback:read`."""

    def accepts(self, type: EventType) -> bool:
        if type is EventType.FEEDBACK_RECEIVED and not self.feedback:
            return False
        return not self.event_types or type in self.event_types


API_KEY_CREDENTIAL = "key"
OAUTH_GRANT_CREDENTIAL = "oauth"


def credential_of_api_key(key_id: UUID) -> str:
    return f"{API_KEY_CREDENTIAL}:{key_id}"


def credential_of_oauth_grant(family: UUID) -> str:
    """`family`: the authorization code a widget's tokens descend from (the token's own id for
    tokens from before families were recorded)."""
    return f"{OAUTH_GRANT_CREDENTIAL}:{family}"


CREDENTIAL_REVOKED = (
    "Der Zugang (API-Schlüssel oder OAuth-Freigabe), mit dem der Endpunkt eingerichtet wurde, "
    "wurde widerrufen. Er wurde deshalb deaktiviert; wer ihn wieder aktiviert, übernimmt ihn "
    "mit dem eigenen Zugang."
)
"""`disabled_reason` of an endpoint whose credential was revoked (next to the one for an
endpoint refusing deliveries for days, `delivery._disabled_reason`)."""


@dataclass(frozen=True)
class NewEndpoint:
    endpoint: WebhookEndpoint
    secret: str
    """`whsec_…`: shown this once; stored sealed."""


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    """Given up: refused for longer than a delivery is tried."""


@dataclass(frozen=True)
class Delivery:
    id: UUID
    endpoint_id: UUID
    event_id: UUID
    state: DeliveryState
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_status: int | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class DueDelivery:
    """A pending delivery whose next attempt is due, as the sweep finds it."""

    tenant_id: UUID
    delivery_id: UUID
    attempt: int
    """The number the next attempt will carry (1 for the first)."""
