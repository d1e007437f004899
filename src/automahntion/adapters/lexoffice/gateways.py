"""One lexoffice client per tenant, with the tenant's credentials kept fresh and stored."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import httpx

from automahntion.adapters.lexoffice.client import LexofficeClient
from automahntion.adapters.lexoffice.oauth import LexofficeOAuth
from automahntion.adapters.lexoffice.rate import RateLimiter
from automahntion.adapters.retrying import DEFAULT_RETRY, RetryPolicy
from automahntion.app.clock import Clock
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason
from automahntion.app.lexoffice.ports import LexofficeDisconnected, TokenRefused
from automahntion.app.lexoffice.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
)
from automahntion.app.storage import UnitOfWork

REFRESH_LEEWAY = timedelta(seconds=60)


class StaticKey:
    """A private API key: nothing to renew."""

    def __init__(self, key: str) -> None:
        self._key = key

    async def bearer(self) -> str:
        return self._key

    async def renewed(self, rejected: str) -> str | None:  # noqa: ARG002 - nothing to renew
        return None


class OAuthTokens:
    """Access tokens of one tenant, refreshed once when due — by one task of this process (a
    lock) and one process (the connection row is held while refreshing)."""

    def __init__(
        self,
        tenant_id: UUID,
        units: Callable[[], UnitOfWork],
        oauth: LexofficeOAuth,
        clock: Clock,
        lock: asyncio.Lock,
        connection: LexofficeConnection,
    ) -> None:
        self._tenant = tenant_id
        self._units = units
        self._oauth = oauth
        self._clock = clock
        self._lock = lock
        self._current = connection

    def _fresh(self, connection: LexofficeConnection) -> bool:
        expires = connection.expires_at
        return bool(connection.access_token) and (
            expires is None or expires - REFRESH_LEEWAY > self._clock.now()
        )

    async def bearer(self) -> str:
        if not self._fresh(self._current):
            await self._refresh(force=False)
        return self._current.access_token or ""

    async def renewed(self, rejected: str) -> str | None:
        await self._refresh(force=True, rejected=rejected)
        return self._current.access_token

    async def _refresh(self, *, force: bool, rejected: str | None = None) -> None:
        async with self._lock:
            try:
                async with self._units() as uow:
                    repository = uow.tenant(self._tenant).connection
                    stored = await repository.get_locked()
                    if stored is None or stored.status is not ConnectionStatus.CONNECTED:
                        raise LexofficeDisconnected("the lexoffice connection was removed")
                    already = stored.access_token != rejected if force else self._fresh(stored)
                    if already:
                        self._current = stored
                        return
                    tokens = await self._oauth.refresh(
                        stored.refresh_token or "", self._clock.now()
                    )
                    self._current = replace(
                        stored,
                        access_token=tokens.access_token,
                        refresh_token=tokens.refresh_token,
                        expires_at=tokens.expires_at,
                    )
                    await repository.save(self._current)
            except TokenRefused as refused:
                await self._disconnect(
                    DisconnectReason(DisconnectCode.REFRESH_REFUSED, str(refused.error))
                )
                raise LexofficeDisconnected(str(refused)) from refused

    async def _disconnect(self, reason: DisconnectReason) -> None:
        async with self._units() as uow:
            repository = uow.tenant(self._tenant).connection
            stored = await repository.get()
            if stored is not None:
                await repository.save(
                    replace(
                        stored, status=ConnectionStatus.DISCONNECTED, disconnected_reason=reason
                    )
                )


class LexofficeGatewayFactory:
    def __init__(
        self,
        *,
        units: Callable[[], UnitOfWork],
        http: httpx.AsyncClient,
        base_url: str,
        limiter: RateLimiter,
        clock: Clock,
        oauth: LexofficeOAuth | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        self._units = units
        self._http = http
        self._base_url = base_url
        self._limiter = limiter
        self._clock = clock
        self._oauth = oauth
        self._retry = retry
        self._locks: dict[UUID, asyncio.Lock] = {}

    async def for_tenant(self, tenant_id: UUID) -> LexofficeClient:
        async with self._units() as uow:
            connection = await uow.tenant(tenant_id).connection.get()
        if connection is None or connection.status is not ConnectionStatus.CONNECTED:
            raise LexofficeDisconnected("the tenant has not connected lexoffice")
        key = connection.organization_id or str(tenant_id)
        return self.client(self._credentials(tenant_id, connection), key)

    def with_token(self, bearer: str, limiter_key: str) -> LexofficeClient:
        return self.client(StaticKey(bearer), limiter_key)

    def client(self, credentials: StaticKey | OAuthTokens, limiter_key: str) -> LexofficeClient:
        return LexofficeClient(
            self._http, self._base_url, credentials, self._limiter, limiter_key, self._retry
        )

    def _credentials(
        self, tenant_id: UUID, connection: LexofficeConnection
    ) -> StaticKey | OAuthTokens:
        if connection.kind is ConnectionKind.API_KEY:
            return StaticKey(connection.api_key or "")
        if self._oauth is None:
            raise LexofficeDisconnected("lexoffice OAuth is not configured on this server")
        lock = self._locks.setdefault(tenant_id, asyncio.Lock())
        return OAuthTokens(tenant_id, self._units, self._oauth, self._clock, lock, connection)
