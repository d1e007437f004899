"""A tenant's webhook endpoints; each secret sealed at rest."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.tables import WebhookDelivery as DeliveryRow
from automahntion.adapters.db.tables import WebhookEndpoint as EndpointRow
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.errors import NotFound
from automahntion.app.events.records import EventType
from automahntion.app.webhooks.records import WebhookEndpoint

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

    async def get(self, endpoint_id: UUID) -> WebhookEndpoint:
        row = await EndpointRow.select().where(self._mine(endpoint_id)).first()
        if row is None:
            raise NotFound(KIND, endpoint_id)
        return endpoint_of(row)

    async def secret(self, endpoint_id: UUID) -> str:
        row = (
            await EndpointRow.select(EndpointRow.secret_encrypted)
            .where(self._mine(endpoint_id))
            .first()
        )
        if row is None:
            raise NotFound(KIND, endpoint_id)
        return self._secrets.open(row["secret_encrypted"])

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
        await self.get(endpoint_id)
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
