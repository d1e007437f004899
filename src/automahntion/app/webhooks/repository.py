"""Ports: a tenant's webhook endpoints and their deliveries; the due deliveries of all tenants."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.events.records import Event
from automahntion.app.pages import MomentPosition, Page
from automahntion.app.webhooks.records import Delivery, DueDelivery, WebhookEndpoint
from automahntion.app.webhooks.signing import SigningSecrets


class WebhookEndpointRepository(Protocol):
    async def add(self, endpoint: WebhookEndpoint, secret: str) -> None:
        """Stores the secret sealed."""
        ...

    async def all(self) -> list[WebhookEndpoint]:
        """Oldest first."""
        ...

    async def page(self, after: MomentPosition | None, limit: int) -> Page[WebhookEndpoint]:
        """Up to `limit` after `after`, oldest first (ties by id)."""
        ...

    async def get(self, endpoint_id: UUID) -> WebhookEndpoint:
        """Raises `NotFound` (also for another tenant's endpoint)."""
        ...

    async def locked(self, endpoint_id: UUID) -> WebhookEndpoint:
        """As `get`, the row locked until the unit of work ends: a concurrent change or disable
        waits for it (and it for them, then reading what they wrote)."""
        ...

    async def hold_credential(self, credential: str) -> bool:
        """Whether the credential (`records.credential_of_…`) is live, kept so until the unit
        of work ends: its revocation waits for it (and then disables what it registered), or it
        waits for a revocation under way and answers False."""
        ...

    async def secrets(self, endpoint_id: UUID) -> SigningSecrets:
        """Raises `NotFound`."""
        ...

    async def rotate_secret(self, endpoint_id: UUID, secret: str, previous_until: datetime) -> None:
        """`secret` becomes the current one, sealed; the one current until now becomes the
        previous one until `previous_until` (an earlier previous one is forgotten). Call it on
        the row `locked`: two rotations at once would otherwise both keep the same previous."""
        ...

    async def save(self, endpoint: WebhookEndpoint) -> None:
        """Writes every field but the id, the secret and `created_at`."""
        ...

    async def set_failing_since(self, endpoint_id: UUID, since: datetime | None) -> None:
        """Only this field: deliveries note refusals without overwriting a tenant's change."""
        ...

    async def disable(self, endpoint_id: UUID, at: datetime, reason: str) -> None: ...

    async def remove(self, endpoint_id: UUID) -> None:
        """The endpoint and its deliveries; `NotFound` when there is none."""
        ...


class DeliveryRepository(Protocol):
    async def get(self, delivery_id: UUID) -> tuple[Delivery, Event]:
        """Raises `NotFound`."""
        ...

    async def claim(
        self, delivery_id: UUID, attempt: int, now: datetime, lease_until: datetime
    ) -> bool:
        """Counts attempt number `attempt` when the delivery is pending, due at `now`, has had
        `attempt - 1` attempts and no unexpired lease; False (and nothing changed) otherwise.
        Two workers holding jobs for the same attempt: one gets it."""
        ...

    async def delivered(self, delivery_id: UUID, now: datetime, status: int) -> None: ...

    async def refused(
        self,
        delivery_id: UUID,
        *,
        status: int | None,
        error: str,
        next_attempt_at: datetime | None,
    ) -> None:
        """Records a refused attempt; with `next_attempt_at` None the delivery is failed."""
        ...

    async def reschedule_pending(self, endpoint_id: UUID, at: datetime) -> None:
        """Every pending delivery of the endpoint due at `at` (it was enabled again), and
        tried from `at` for as long as a new one (`created_at` becomes `at`): the time the
        endpoint was disabled does not count against it."""
        ...


class RegisteredEndpoints(Protocol):
    """Endpoints of every tenant by the credential that registered them."""

    async def disable_registered_by(
        self, credentials: Collection[str], at: datetime, reason: str
    ) -> int:
        """Disables the enabled endpoints registered by any of `credentials` (their credential
        was revoked); how many."""
        ...


class DueDeliveries(Protocol):
    async def due(self, now: datetime, limit: int) -> list[DueDelivery]:
        """Pending deliveries of enabled endpoints, due at `now` and not leased, oldest first."""
        ...
