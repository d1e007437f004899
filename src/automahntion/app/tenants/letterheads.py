"""Use case: a tenant's letterhead as letters print it, its logo included (stored apart from
the settings, so that only this read fetches it)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.letterhead import Letterhead, Logo


async def letterhead_of(store: TenantStore) -> Letterhead:
    """Inside a unit of work the caller holds."""
    tenant = await store.account.get()
    return tenant.settings.letterhead.with_logo(await store.account.logo())


async def read_letterhead(units: Callable[[], UnitOfWork], tenant_id: UUID) -> Letterhead:
    async with units() as uow:
        return await letterhead_of(uow.tenant(tenant_id))


async def logo_of(units: Callable[[], UnitOfWork], tenant_id: UUID) -> Logo | None:
    """For a letter laid out from settings already read (the cycle's, the preview's)."""
    async with units() as uow:
        return await uow.tenant(tenant_id).account.logo()
