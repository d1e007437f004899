"""Use case: a tenant rotates an endpoint's signing secret (Standard Webhooks).

The new secret is shown once, as at registration. For `ROTATION_GRACE` every delivery is
signed with the new and the previous secret, so a receiver keeps verifying while it switches;
then with the new one only. Another rotation within the grace period makes the secret current
before it the previous one (the one before that is no longer signed with): an endpoint has at
most two. Deliveries are signed when they are sent, so retries of older events carry the
secrets in force at that moment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from automahntion.app.storage import UnitOfWork
from automahntion.app.webhooks.signing import ROTATION_GRACE, new_secret


@dataclass(frozen=True)
class RotatedSecret:
    endpoint_id: UUID
    secret: str
    """`whsec_…`: shown this once; stored sealed."""
    previous_expires_at: datetime
    """Until when deliveries carry a signature with the previous secret too."""


async def rotate_secret(
    units: Callable[[], UnitOfWork], tenant_id: UUID, endpoint_id: UUID, now: datetime
) -> RotatedSecret:
    """Raises `NotFound` for an endpoint the tenant has not (another tenant's included)."""
    secret = new_secret()
    previous_until = now + ROTATION_GRACE
    async with units() as uow:
        repository = uow.tenant(tenant_id).webhook_endpoints
        await repository.locked(endpoint_id)
        await repository.rotate_secret(endpoint_id, secret, previous_until)
    return RotatedSecret(endpoint_id, secret, previous_until)
