"""Use cases: a tenant lists and revokes its API keys (issuing: `credentials.issue_api_key`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from automahntion.app.access.records import ApiKeyRecord
from automahntion.app.errors import AlreadyExists, NotFound
from automahntion.app.pages import MomentPosition, Page
from automahntion.app.storage import UnitOfWork
from automahntion.app.webhooks.records import (
    CREDENTIAL_REVOKED,
    credential_of_api_key,
    credential_of_oauth_grant,
)


class ApiKeyAlreadyRevoked(AlreadyExists):
    """A conflict with the stored state (409), like the other `AlreadyExists`."""

    code = "api-key-already-revoked"

    def __init__(self, key_id: UUID) -> None:
        super().__init__("api_key_revoked", f"API key {key_id} was already revoked")


class ApproverRevoked(Exception):
    """The API key approving a widget on the consent page was revoked before the grant was
    stored: the consent page answers as for a revoked key (a page, never a problem)."""


class LastApiKey(AlreadyExists):
    code = "last-api-key"

    def __init__(self) -> None:
        super().__init__(
            "api_key_last_active",
            "this is the tenant's last active API key without limits (the only kind that may "
            "manage keys and approve widgets): create another one before revoking it",
        )


async def api_keys(
    units: Callable[[], UnitOfWork], tenant_id: UUID, after: MomentPosition | None, limit: int
) -> Page[ApiKeyRecord]:
    """A page of the tenant's keys, oldest first."""
    async with units() as uow:
        return await uow.tenant(tenant_id).api_keys.page(after, limit)


def _manages_keys(key: ApiKeyRecord) -> bool:
    return key.revoked_at is None and key.scopes is None


async def revoke_api_key(
    units: Callable[[], UnitOfWork], tenant_id: UUID, key_id: UUID, now: datetime
) -> None:
    """Revoked keys stay listed. The last active key without limits is kept: only such a key
    manages keys and approves widgets, without one the tenant could do neither any more.
    What the key registered and approved ends with it, in the same transaction: its webhook
    endpoints are disabled, the widgets' grants it approved on the consent page end (their
    tokens revoked), and so are the endpoints those grants registered. Grants approved
    before approvers were recorded name no key: no key revocation ends them.

    Two revocations of one tenant take turns, the later reading what the earlier revoked:
    otherwise two revocations of its last two keys without limits would each see the other
    one still active and leave it none. Then the key's row is locked (a consent approving
    with it locks it too), then the grants, then their tokens, then the endpoints."""
    async with units() as uow:
        keys = uow.tenant(tenant_id).api_keys
        await keys.hold_revocations()
        every = await keys.all()
        key = next((k for k in every if k.id == key_id), None)
        if key is None:
            raise NotFound("api key", key_id)
        if key.revoked_at is not None:
            raise ApiKeyAlreadyRevoked(key_id)
        if _manages_keys(key) and not any(_manages_keys(k) and k.id != key_id for k in every):
            raise LastApiKey()
        await keys.revoke(key_id, now)
        grants = await uow.oauth.end_grants_approved_by(key_id, now)
        credentials = [credential_of_api_key(key_id), *map(credential_of_oauth_grant, grants)]
        await uow.registered_endpoints.disable_registered_by(credentials, now, CREDENTIAL_REVOKED)
