"""Use cases of the internal admin: the tenant list, a tenant's support view, plan changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from automahntion.app.access.credentials import KEY_PREFIX, new_secret
from automahntion.app.admin.support_queries import MessageSummary, TenantSearch, TenantStanding
from automahntion.app.billing.plan_change import apply_plan
from automahntion.app.invoices.admission import AdmissionCounts
from automahntion.app.lexoffice.records import LexofficeConnection
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.records import AuditEntry, NewTenant, Tenant
from automahntion.app.tenants.signup import CreatedTenant, create_tenant
from automahntion.domain.errors import FieldProblem, ValidationFailed
from automahntion.domain.quota import Plan

RECENT_MESSAGES = 20
RECENT_AUDIT_ENTRIES = 20
MAX_CUSTOM_LIMIT = 1_000_000
NOT_CONNECTED = "not connected"

_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")


def without_addresses(text: str | None) -> str | None:
    """A transport's refusal often quotes the recipient; support sees it without."""
    return None if text is None else _ADDRESS.sub("<address>", text)


@dataclass(frozen=True)
class TenantLine:
    tenant: Tenant
    standing: TenantStanding

    @property
    def connection(self) -> str:
        status = self.standing.connection
        return NOT_CONNECTED if status is None else status.value


async def list_tenants(units: Callable[[], UnitOfWork], search: TenantSearch) -> list[TenantLine]:
    async with units() as uow:
        tenants = await uow.support.tenants(search)
        standings = await uow.support.standings([t.id for t in tenants])
    return [TenantLine(t, standings[t.id]) for t in tenants]


@dataclass(frozen=True)
class SupportView:
    line: TenantLine
    lexoffice: LexofficeConnection | None
    """Its secrets are never shown: the view reads status, organization and company only."""
    smtp_configured: bool
    active_api_keys: int
    messages: list[MessageSummary]
    audit: list[AuditEntry]


async def support_view(units: Callable[[], UnitOfWork], tenant_id: UUID) -> SupportView:
    async with units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        standings = await uow.support.standings([tenant_id])
        keys = await store.api_keys.all()
        messages = await uow.support.recent_messages(tenant_id, RECENT_MESSAGES)
        return SupportView(
            line=TenantLine(tenant, standings[tenant_id]),
            lexoffice=await store.connection.get(),
            smtp_configured=await store.smtp.get() is not None,
            active_api_keys=sum(1 for key in keys if key.revoked_at is None),
            messages=[
                replace(m, failure_reason=without_addresses(m.failure_reason)) for m in messages
            ],
            audit=await store.audit.entries(RECENT_AUDIT_ENTRIES),
        )


def _check_custom_limit(custom_limit: int | None) -> None:
    if custom_limit is not None and not 1 <= custom_limit <= MAX_CUSTOM_LIMIT:
        raise ValidationFailed(
            [FieldProblem("custom_limit", f"must be 1 to {MAX_CUSTOM_LIMIT}, or null")]
        )


async def change_plan(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    plan: Plan,
    custom_limit: int | None,
    actor: str,
    now: datetime,
) -> AdmissionCounts:
    """Applies at once (see `apply_plan`)."""
    _check_custom_limit(custom_limit)
    async with units() as uow:
        _, counts = await apply_plan(uow.tenant(tenant_id), plan, custom_limit, actor, now)
    return counts


async def create_tenant_for_admin(
    units: Callable[[], UnitOfWork], new: NewTenant, actor: str, now: datetime
) -> CreatedTenant:
    created = await create_tenant(units, new, now, new_secret(KEY_PREFIX))
    async with units() as uow:
        await uow.tenant(created.tenant.id).audit.record(
            AuditEntry(actor, "tenant.created", now, new.plan.value)
        )
    return created


async def admin_actor(units: Callable[[], UnitOfWork], token_id: UUID) -> str:
    """How audit entries name an admin: the token's name and id."""
    async with units() as uow:
        tokens = await uow.admin_tokens.all()
    name = next((t.name for t in tokens if t.id == token_id), "?")
    return f"admin {name} ({token_id})"
