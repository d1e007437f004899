"""One tenant's own row, and its letterhead logo kept beside it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from piccolo.columns import Column

from automahntion.adapters.db.repositories import activation_lock
from automahntion.adapters.db.repositories.reads import SelectRows
from automahntion.adapters.db.repositories.rows import encode_json, pause_columns, tenant_of
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.adapters.db.tables import TenantLogo as LogoRow
from automahntion.app.errors import NotFound
from automahntion.app.tenants.letterhead import Logo
from automahntion.app.tenants.records import SyncState, Tenant, TenantSettings
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import Plan


class PiccoloTenantAccount:
    def __init__(self, tenant_id: UUID, select_rows: SelectRows) -> None:
        self._id = tenant_id
        self._select_rows = select_rows

    async def _update(self, values: dict[Column | str, Any]) -> None:
        changed = (
            await TenantRow.update(values).where(TenantRow.id == self._id).returning(TenantRow.id)
        )
        if not changed:
            raise NotFound("tenant", self._id)

    async def get(self) -> Tenant:
        rows = await self._select_rows(TenantRow, {TenantRow.id: self._id})
        if not rows:
            raise NotFound("tenant", self._id)
        return tenant_of(rows[0])

    async def lock(self) -> None:
        """An UPDATE takes the row lock on PostgreSQL; SQLite's `BEGIN IMMEDIATE` already
        serialises writers."""
        await self._update({TenantRow.id: self._id})

    async def save_settings(self, settings: TenantSettings) -> None:
        without_logo = replace(settings, letterhead=settings.letterhead.with_logo(None))
        await self._update({TenantRow.settings: encode_json(without_logo)})

    async def logo(self) -> Logo | None:
        row = await (
            LogoRow.select(LogoRow.media_type, LogoRow.data)
            .where(LogoRow.tenant == self._id)
            .first()
        )
        return None if row is None else Logo(row["media_type"], bytes(row["data"]))

    async def save_logo(self, logo: Logo | None) -> None:
        if logo is None:
            await LogoRow.delete().where(LogoRow.tenant == self._id)
            return
        row = LogoRow(tenant=self._id, media_type=logo.media_type, data=logo.data)
        await LogoRow.insert(row).on_conflict(
            target=LogoRow.tenant,
            action="DO UPDATE",
            values=[LogoRow.media_type, LogoRow.data, LogoRow.updated_at],
        )

    async def set_profile(self, name: str, account_email: str, billing_email: str) -> None:
        await self._update(
            {
                TenantRow.name: name,
                TenantRow.account_email: account_email,
                TenantRow.billing_email: billing_email,
            }
        )

    async def set_plan(self, plan: Plan, custom_limit: int | None) -> None:
        await self._update({TenantRow.plan: plan.value, TenantRow.custom_limit: custom_limit})

    async def set_dunning_active(self, active: bool) -> None:
        await self._update({TenantRow.dunning_active: active})

    async def set_activated(self, at: datetime | None) -> None:
        await self._update({TenantRow.activated_at: at})

    async def set_pause(self, pause: Pause | None) -> None:
        reason, until = pause_columns(pause)
        await self._update({TenantRow.pause_reason: reason, TenantRow.pause_until: until})

    async def request_email_change(self, email: str, token_hash: str, expires_at: datetime) -> None:
        await self._update(
            {
                TenantRow.pending_account_email: email,
                TenantRow.account_email_token_hash: token_hash,
                TenantRow.account_email_token_expires_at: expires_at,
            }
        )

    async def record_sync(self, at: datetime) -> None:
        await self._update({TenantRow.last_successful_sync_at: at})

    async def sync_state(self) -> SyncState:
        row = await TenantRow.select(TenantRow.sync_state).where(TenantRow.id == self._id).first()
        if row is None:
            raise NotFound("tenant", self._id)
        return msgspec.json.decode(row["sync_state"], type=SyncState)

    async def save_sync_state(self, state: SyncState) -> None:
        await self._update({TenantRow.sync_state: encode_json(state)})


class PostgresTenantAccount(PiccoloTenantAccount):
    async def set_activated(self, at: datetime | None) -> None:
        """Under the tenant's activation lock, alone: claims in progress commit first, and
        claims after it read what it wrote (`activation_lock`)."""
        await activation_lock.changing_activation(self._id)
        await super().set_activated(at)
