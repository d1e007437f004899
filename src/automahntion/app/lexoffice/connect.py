"""Use cases: connecting a tenant to its lexoffice organization, and disconnecting it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from automahntion.app.access.secret_box import SecretBox
from automahntion.app.events.record import lexoffice_disconnected
from automahntion.app.lexoffice.connect_state import open_state, use_state
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason
from automahntion.app.lexoffice.ports import (
    LexofficeApi,
    LexofficeAuthorization,
    LexofficeDisconnected,
    LexofficeGateways,
    LexofficeUnavailable,
    Profile,
    TokenRefused,
)
from automahntion.app.lexoffice.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
)
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.records import AuditEntry
from automahntion.domain.errors import DomainError, FieldProblem, ValidationFailed

WEBHOOK_EVENTS = (
    "payment.changed",
    "invoice.status.changed",
    "down-payment-invoice.status.changed",
    "voucher.status.changed",
    "contact.changed",
    "token.revoked",
)


class LexofficeKeyRefused(DomainError):
    """A well-formed key that lexoffice does not know (or no longer accepts): a conflict with
    the state of the lexoffice account, not a malformed request."""

    code = "lexoffice-key-refused"

    def __init__(self) -> None:
        super().__init__("lexoffice_api_key: lexoffice does not accept this key")


@dataclass(frozen=True)
class Connected:
    profile: Profile
    webhooks: bool
    """False when lexoffice refused the callback subscriptions (the daily sync still works)."""


async def _subscribe(api: LexofficeApi, webhook_url: str) -> bool:
    try:
        for event_type in WEBHOOK_EVENTS:
            await api.subscribe(event_type, webhook_url)
    except LexofficeUnavailable:
        return False
    return True


async def _store(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    connection: LexofficeConnection,
    now: datetime,
    started_by: str | None = None,
) -> None:
    detail: dict[str, object] = {"kind": connection.kind.value}
    if started_by:
        detail["startedBy"] = started_by
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await store.account.get()
        await store.connection.save(connection)
        await store.audit.record(
            AuditEntry("lexoffice", "lexoffice.connected", now, connection.organization_id, detail)
        )


async def finish(
    units: Callable[[], UnitOfWork],
    secrets: SecretBox,
    authorization: LexofficeAuthorization,
    gateways: LexofficeGateways,
    *,
    state: str,
    browser_nonce: str | None,
    code: str,
    now: datetime,
    webhook_url: str,
) -> tuple[UUID, Connected]:
    """The callback: check the state (sealed, unexpired, unused, from the browser that
    started), exchange the code, learn the organization, store the tokens sealed."""
    opened = open_state(secrets, state, browser_nonce, now)
    await use_state(units, secrets, opened, now)
    tenant_id = opened.tenant_id
    tokens = await authorization.exchange(code, opened.verifier, now)
    api = gateways.with_token(tokens.access_token, str(tenant_id))
    profile = await api.profile()
    connection = LexofficeConnection(
        kind=ConnectionKind.OAUTH,
        organization_id=profile.organization_id,
        connection_id=profile.connection_id,
        company_name=profile.company_name,
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
    )
    await _store(units, tenant_id, connection, now, opened.started_by)
    return tenant_id, Connected(profile, await _subscribe(api, webhook_url))


async def declined(
    units: Callable[[], UnitOfWork],
    secrets: SecretBox,
    state: str,
    browser_nonce: str | None,
    error: str | None,
    now: datetime,
) -> TokenRefused:
    """The callback without a code: the user declined at lexoffice, or lexoffice refused
    (OAuth's `error`, e.g. `access_denied`). The state is checked and used up as for a code,
    so that a forged callback is told apart; nothing else is stored."""
    await use_state(units, secrets, open_state(secrets, state, browser_nonce, now), now)
    return TokenRefused(error or "no_code", None if error else "lexoffice sent no code")


async def verify_api_key(gateways: LexofficeGateways, api_key: str) -> LexofficeConnection:
    """A private API key pasted by the tenant, checked against `/v1/profile`."""
    key = api_key.strip()
    if not key:
        raise ValidationFailed([FieldProblem("lexoffice_api_key", "must not be empty")])
    try:
        profile = await gateways.with_token(key, key[-12:]).profile()
    except LexofficeDisconnected:
        raise LexofficeKeyRefused from None
    return LexofficeConnection(
        kind=ConnectionKind.API_KEY,
        organization_id=profile.organization_id,
        connection_id=profile.connection_id,
        company_name=profile.company_name,
        api_key=key,
    )


async def subscribe_webhooks(
    gateways: LexofficeGateways, tenant_id: UUID, webhook_url: str
) -> bool:
    return await _subscribe(await gateways.for_tenant(tenant_id), webhook_url)


async def connect_api_key(
    units: Callable[[], UnitOfWork],
    gateways: LexofficeGateways,
    tenant_id: UUID,
    api_key: str,
    *,
    now: datetime,
    webhook_url: str,
) -> Connected:
    connection = await verify_api_key(gateways, api_key)
    await _store(units, tenant_id, connection, now)
    return Connected(
        _profile(connection), await subscribe_webhooks(gateways, tenant_id, webhook_url)
    )


def _profile(connection: LexofficeConnection) -> Profile:
    return Profile(
        organization_id=connection.organization_id or "",
        connection_id=connection.connection_id,
        company_name=connection.company_name or "",
    )


async def mark_disconnected(
    units: Callable[[], UnitOfWork], tenant_id: UUID, reason: DisconnectReason, now: datetime
) -> None:
    """Tokens revoked or refused: visible to the tenant; sync and dunning stop asking.

    The connection is read locked: of two ways of losing it at the same moment (lexoffice's
    `token.revoked`, a refused refresh) the later one finds it disconnected, and the loss is
    told once (`lexoffice.disconnected`, the audit entry)."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        connection = await store.connection.get_locked()
        if connection is None or connection.status is ConnectionStatus.DISCONNECTED:
            return
        await store.connection.save(
            replace(
                connection,
                status=ConnectionStatus.DISCONNECTED,
                disconnected_reason=reason,
                access_token=None,
                refresh_token=None,
            )
        )
        await store.audit.record(
            AuditEntry("lexoffice", "lexoffice.disconnected", now, reason.english)
        )
        await lexoffice_disconnected(store, connection, reason, now)


async def disconnect(
    units: Callable[[], UnitOfWork],
    authorization: LexofficeAuthorization | None,
    tenant_id: UUID,
    now: datetime,
) -> None:
    """The tenant's own choice: revoke what can be revoked, forget the secrets."""
    async with units() as uow:
        connection = await uow.tenant(tenant_id).connection.get()
    if connection is not None and connection.refresh_token and authorization is not None:
        await authorization.revoke(connection.refresh_token)
    await mark_disconnected(units, tenant_id, DisconnectReason(DisconnectCode.BY_TENANT), now)
