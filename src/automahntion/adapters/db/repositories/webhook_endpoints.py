"""A tenant's webhook endpoints; each secret sealed at rest."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.repositories.api_keys import hold_api_key
from automahntion.adapters.db.repositories.keyset import read_page
from automahntion.adapters.db.tables import OAuthToken as TokenRow
from automahntion.adapters.db.tables import WebhookDelivery as DeliveryRow
from automahntion.adapters.db.tables import WebhookEndpoint as EndpointRow
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.errors import NotFound
from automahntion.app.events.records import EventType
from automahntion.app.pages import MomentPosition, Page
from automahntion.app.webhooks.records import (
    API_KEY_CREDENTIAL,
    OAUTH_GRANT_CREDENTIAL,
    WebhookEndpoint,
)
from automahntion.app.webhooks.signing import SigningSecrets

KIND = "webhook endpoint"


def endpoint_of(row: dict[str, Any]) -> WebhookEndpoint:
    types = row["event_types"]
    names = json.loads(types) if isinstance(types, str) else types
    return WebhookEndpoint(
        id=row["id"],
        url=row["url"],
        event_types=tuple(EventType(n) for n in names if n in EventType.__members__.values()),
        enabled=bool(row["enabled"]),
        created_at=row["created_at"],
        disabled_reason=row["disabled_reason"],
        disabled_at=row["disabled_at"],
        failing_since=row["failing_since"],
        registered_by=row["registered_by"],
        feedback=bool(row["feedback"]),
    )


class PiccoloWebhookEndpoints:
    def __init__(self, tenant_id: UUID, secrets: SecretBox) -> None:
        self._tenant = tenant_id
        self._secrets = secrets

    def _mine(self, endpoint_id: UUID) -> Any:
        return (EndpointRow.tenant == self._tenant) & (EndpointRow.id == endpoint_id)

    async def add(self, endpoint: WebhookEndpoint, secret: str) -> None:
        await EndpointRow.insert(
            EndpointRow(
                id=endpoint.id,
                tenant=self._tenant,
                url=endpoint.url,
                event_types=json.dumps([t.value for t in endpoint.event_types]),
                secret_encrypted=self._secrets.seal(secret),
                enabled=endpoint.enabled,
                created_at=endpoint.created_at,
                registered_by=endpoint.registered_by,
                feedback=endpoint.feedback,
            )
        )

    async def all(self) -> list[WebhookEndpoint]:
        rows = await (
            EndpointRow.select()
            .where(EndpointRow.tenant == self._tenant)
            .order_by(EndpointRow.created_at)
            .order_by(EndpointRow.id)
        )
        return [endpoint_of(row) for row in rows]

    async def page(self, after: MomentPosition | None, limit: int) -> Page[WebhookEndpoint]:
        query = EndpointRow.select().where(EndpointRow.tenant == self._tenant)
        moment, ident = EndpointRow.created_at, EndpointRow.id
        return await read_page(query, moment, ident, after, limit, endpoint_of)

    async def get(self, endpoint_id: UUID) -> WebhookEndpoint:
        row = await EndpointRow.select().where(self._mine(endpoint_id)).first()
        if row is None:
            raise NotFound(KIND, endpoint_id)
        return endpoint_of(row)

    async def locked(self, endpoint_id: UUID) -> WebhookEndpoint:
        """A no-op UPDATE takes the row's lock on PostgreSQL (SQLite's `BEGIN IMMEDIATE`
        already serialises writers); the read after it sees the latest committed row."""
        await EndpointRow.raw(
            'UPDATE "webhook_endpoint" SET "id" = "id" WHERE "tenant" = {} AND "id" = {}',
            self._tenant,
            endpoint_id,
        )
        return await self.get(endpoint_id)

    async def hold_credential(self, credential: str) -> bool:
        kind, _, ident = credential.partition(":")
        if kind == API_KEY_CREDENTIAL:
            return await hold_api_key(self._tenant, UUID(ident))
        if kind == OAUTH_GRANT_CREDENTIAL:
            return await self._hold_grant(UUID(ident))
        return False

    async def _hold_grant(self, family: UUID) -> bool:
        """The grant's live tokens, locked as `hold_api_key` locks a key: revoking the grant
        (its token, its family, its client) revokes its live token."""
        held = (
            await TokenRow.update({TokenRow.revoked_at: None})
            .where(
                (TokenRow.tenant == self._tenant)
                & ((TokenRow.family == family) | (TokenRow.id == family))
                & TokenRow.revoked_at.is_null()
            )
            .returning(TokenRow.id)
        )
        return bool(held)

    async def secrets(self, endpoint_id: UUID) -> SigningSecrets:
        row = (
            await EndpointRow.select(
                EndpointRow.secret_encrypted,
                EndpointRow.previous_secret_encrypted,
                EndpointRow.previous_secret_expires_at,
            )
            .where(self._mine(endpoint_id))
            .first()
        )
        if row is None:
            raise NotFound(KIND, endpoint_id)
        previous = row["previous_secret_encrypted"]
        return SigningSecrets(
            current=self._secrets.open(row["secret_encrypted"]),
            previous=None if previous is None else self._secrets.open(previous),
            previous_expires_at=row["previous_secret_expires_at"],
        )

    async def rotate_secret(self, endpoint_id: UUID, secret: str, previous_until: datetime) -> None:
        """The current secret is moved as sealed, never opened."""
        row = (
            await EndpointRow.select(EndpointRow.secret_encrypted)
            .where(self._mine(endpoint_id))
            .first()
        )
        if row is None:
            raise NotFound(KIND, endpoint_id)
        await EndpointRow.update(
            {
                EndpointRow.secret_encrypted: self._secrets.seal(secret),
                EndpointRow.previous_secret_encrypted: row["secret_encrypted"],
                EndpointRow.previous_secret_expires_at: previous_until,
            }
        ).where(self._mine(endpoint_id))

    async def save(self, endpoint: WebhookEndpoint) -> None:
        await EndpointRow.update(
            {
                EndpointRow.url: endpoint.url,
                EndpointRow.event_types: json.dumps([t.value for t in endpoint.event_types]),
                EndpointRow.enabled: endpoint.enabled,
                EndpointRow.disabled_reason: endpoint.disabled_reason,
                EndpointRow.disabled_at: endpoint.disabled_at,
                EndpointRow.failing_since: endpoint.failing_since,
                EndpointRow.registered_by: endpoint.registered_by,
                EndpointRow.feedback: endpoint.feedback,
            }
        ).where(self._mine(endpoint.id))

    async def set_failing_since(self, endpoint_id: UUID, since: datetime | None) -> None:
        await EndpointRow.update({EndpointRow.failing_since: since}).where(self._mine(endpoint_id))

    async def disable(self, endpoint_id: UUID, at: datetime, reason: str) -> None:
        await EndpointRow.update(
            {
                EndpointRow.enabled: False,
                EndpointRow.disabled_at: at,
                EndpointRow.disabled_reason: reason,
            }
        ).where(self._mine(endpoint_id))

    async def remove(self, endpoint_id: UUID) -> None:
        """Locked first, as a change locks it before its deliveries."""
        await self.locked(endpoint_id)
        await DeliveryRow.delete().where(
            (DeliveryRow.tenant == self._tenant) & (DeliveryRow.endpoint == endpoint_id)
        )
        await EndpointRow.delete().where(self._mine(endpoint_id))


class PiccoloRegisteredEndpoints:
    async def disable_registered_by(
        self, credentials: Collection[str], at: datetime, reason: str
    ) -> int:
        if not credentials:
            return 0
        changed = (
            await EndpointRow.update(
                {
                    EndpointRow.enabled: False,
                    EndpointRow.disabled_at: at,
                    EndpointRow.disabled_reason: reason,
                }
            )
            .where(EndpointRow.registered_by.is_in(list(credentials)))
            .where(EndpointRow.enabled == True)  # noqa: E712
            .returning(EndpointRow.id)
        )
        return len(changed)
