"""Webhook endpoints on the wire."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import UNSET, Meta, UnsetType

from automahntion.api.schemas import Schema
from automahntion.app.events.records import EventType
from automahntion.app.webhooks.records import WebhookEndpoint
from automahntion.app.webhooks.urls import MAX_URL_LENGTH

Url = Annotated[str, Meta(min_length=1, max_length=MAX_URL_LENGTH)]
EventTypes = Annotated[list[EventType], Meta(max_length=50)]


class WebhookEndpointOut(Schema):
    id: str
    url: str
    event_types: list[EventType]
    """Empty: every event, those of types added later included."""
    enabled: bool
    created_at: datetime
    disabled_at: datetime | None
    disabled_reason: str | None
    """Why deliveries stopped (German): set when the endpoint was disabled for refusing
    deliveries for days, or because the API key or OAuth grant that registered it was
    revoked; null when the tenant disabled it."""


class WebhookEndpointCreated(WebhookEndpointOut):
    secret: str
    """`whsec_…`: the key of the `webhook-signature` HMAC (Standard Webhooks). Shown in this
    response only."""


class WebhookSecretRotated(Schema):
    secret: str
    """The new `whsec_…` key of the `webhook-signature` HMAC. Shown in this response only."""
    previous_secret_expires_at: datetime
    """Until then deliveries carry two signatures, `v1,<new> v1,<previous>`; then only the
    new one."""


class WebhookEndpointList(Schema):
    items: list[WebhookEndpointOut]
    next_cursor: str | None


class WebhookEndpointIn(Schema):
    url: Url
    """https; only to a public address."""
    event_types: EventTypes = []  # noqa: RUF012 - msgspec copies mutable defaults
    """The events to deliver; empty or absent: every event."""


class WebhookEndpointChange(Schema):
    url: Url | UnsetType = UNSET
    event_types: EventTypes | UnsetType = UNSET
    enabled: bool | UnsetType = UNSET
    """true also clears `disabledReason`; the deliveries that waited are then due at once.
    Enabling it again makes the caller the credential it answers to."""


def endpoint_out(endpoint: WebhookEndpoint) -> WebhookEndpointOut:
    return WebhookEndpointOut(
        id=str(endpoint.id),
        url=endpoint.url,
        event_types=list(endpoint.event_types),
        enabled=endpoint.enabled,
        created_at=endpoint.created_at,
        disabled_at=endpoint.disabled_at,
        disabled_reason=endpoint.disabled_reason,
    )
