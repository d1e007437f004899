"""Use cases: a tenant lists and revokes its API keys (issuing: `credentials.issue_api_key`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from automahntion.app.access.records import ApiKeyRecord
from automahntion.app.errors import AlreadyExists, NotFound
from automahntion.app.storage import UnitOfWork
from automahntion.app.webhooks.records import CREDENTIAL_REVOKED, credential_of_api_key


class ApiKeyAlreadyRevoked(AlreadyExists):
    """A conflict with the stored state (409), like the other `AlreadyExists`."""

    code = "api-key-already-revoked"

    def __init__(self, key_id: UUID) -> None:
        super().__init__("api_key_revoked", f"API key {key_id} was already revoked")


class LastApiKey(AlreadyExists):
    code = "last-api-key"

    def __init__(self) -> None:
        super().__init__(
            "api_key_last_active",
            "this is the tenant's last active API key: create another one before revoking it",
        )


async def api_keys(units: Callable[[], UnitOfWork], tenant_id: UUID) -> list[ApiKeyRecord]:
    async with units() as uow:
        return await uow.tenant(tenant_id).api_keys.all()


async def revoke_api_key(
    units: Callable[[], UnitOfWork], tenant_id: UUID, key_id: UUID, now: datetime
) -> None:
    """Revoked keys stay listed. The last active key is kept: without one the tenant could
    not reach the API any more. The webhook endpoints the key registered are disabled with
    it."""
    async with units() as uow:
        keys = uow.tenant(tenant_id).api_keys
        every = await keys.all()
        key = next((k for k in every if k.id == key_id), None)
        if key is None:
            raise NotFound("api key", key_id)
        if key.revoked_at is not None:
            raise ApiKeyAlreadyRevoked(key_id)
        if not any(k.revoked_at is None and k.id != key_id for k in every):
            raise LastApiKey()
        await keys.revoke(key_id, now)
        await uow.registered_endpoints.disable_registered_by(
            [credential_of_api_key(key_id)], now, CREDENTIAL_REVOKED
        )
