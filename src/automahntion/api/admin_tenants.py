"""`/v1/admin/tenants`: the internal admin's tenant list, sign-up, support view and plan changes.

The support view is impersonation-free: it shows states and counts, never secrets, message
contents or recipient addresses.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request
from litestar.params import JSONBody, Parameter

from automahntion.api import scopes
from automahntion.api.auth import caller_of
from automahntion.api.pagination import Cursor, Limit, decode_cursor, encode_cursor
from automahntion.api.routing import get, post, put
from automahntion.api.schemas import Email, Schema
from automahntion.api.wiring import Units, Wired
from automahntion.app.admin import (
    MAX_CUSTOM_LIMIT,
    SupportView,
    TenantLine,
    admin_actor,
    change_plan,
    create_tenant_for_admin,
    list_tenants,
    support_view,
)
from automahntion.app.clock import Clock
from automahntion.app.connection_records import ConnectionStatus
from automahntion.app.message_records import MessageState
from automahntion.app.support import TenantPosition, TenantSearch
from automahntion.app.tenant_records import NewTenant
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from automahntion.domain.quota import Plan

Connection = Literal["connected", "disconnected", "not connected"]
_TEXT = r"^[^\x00-\x1f\x7f]*$"
_TEXT_NOT_BLANK = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
"""One line without control characters, and (the second) not only spaces."""
_CONNECTION: dict[ConnectionStatus, Connection] = {
    ConnectionStatus.CONNECTED: "connected",
    ConnectionStatus.DISCONNECTED: "disconnected",
}


class AdminTenantOut(Schema):
    id: UUID
    name: str
    email: str
    plan: Plan
    limit: int
    """Open and overdue invoices dunned at the same time: the plan's, or the custom limit."""
    custom_limit: int | None
    trial_ends_on: date | None
    connection: Connection
    admitted: int
    waiting: int
    created_at: datetime


class AdminTenantPage(Schema):
    items: list[AdminTenantOut]
    next_cursor: str | None


class AdminTenantIn(Schema):
    name: Annotated[str, msgspec.Meta(max_length=200, pattern=_TEXT_NOT_BLANK)]
    email: Email
    plan: Plan = Plan.STARTER


class PlanIn(Schema):
    """Replaces the tenant's plan; a custom limit left out or null means the plan's own."""

    plan: Plan
    custom_limit: Annotated[int, msgspec.Meta(ge=1, le=MAX_CUSTOM_LIMIT)] | None = None


class LexofficeSupportOut(Schema):
    status: Connection
    kind: str | None = None
    organization_id: str | None = None
    company_name: str | None = None
    disconnected_reason: str | None = None


class MessageSummaryOut(Schema):
    invoice_number: str
    level: Level
    day: date
    channel: Channel
    state: MessageState
    attempts: int
    failure_reason: str | None
    """Recipient addresses in it are replaced by `<address>`."""


class AuditEntryOut(Schema):
    at: datetime
    actor: str
    action: str
    subject: str | None
    detail: dict[str, Any]


class TenantSupportOut(AdminTenantOut):
    billing_email: str
    dunning_active: bool
    activated_at: datetime | None
    """When the owner activated sending; null: the tenant sends nothing."""
    paused: bool
    last_sync_at: datetime | None
    blocked: int
    lexoffice: LexofficeSupportOut
    smtp_configured: bool
    active_api_keys: int
    recent_messages: list[MessageSummaryOut]
    recent_audit: list[AuditEntryOut]


class CreatedTenantOut(Schema):
    tenant: AdminTenantOut
    api_key: str
    """The tenant's first API key, shown this once."""


def _tenant_fields(line: TenantLine) -> dict[str, Any]:
    tenant, standing = line.tenant, line.standing
    return {
        "id": tenant.id,
        "name": tenant.name,
        "email": tenant.account_email,
        "plan": tenant.plan,
        "limit": tenant.limit,
        "custom_limit": tenant.custom_limit,
        "trial_ends_on": tenant.trial_ends_on,
        "connection": line.connection,
        "admitted": standing.admitted,
        "waiting": standing.waiting,
        "created_at": tenant.created_at,
    }


def _support(view: SupportView) -> TenantSupportOut:
    tenant, connection = view.line.tenant, view.lexoffice
    lexoffice = (
        LexofficeSupportOut(status="not connected")
        if connection is None
        else LexofficeSupportOut(
            status=_CONNECTION[connection.status],
            kind=connection.kind.value,
            organization_id=connection.organization_id,
            company_name=connection.company_name,
            disconnected_reason=connection.disconnected_reason,
        )
    )
    return TenantSupportOut(
        **_tenant_fields(view.line),
        billing_email=tenant.billing_email,
        dunning_active=tenant.dunning_active,
        activated_at=tenant.activated_at,
        paused=tenant.pause is not None,
        last_sync_at=tenant.last_successful_sync_at,
        blocked=view.line.standing.blocked,
        lexoffice=lexoffice,
        smtp_configured=view.smtp_configured,
        active_api_keys=view.active_api_keys,
        recent_messages=[
            MessageSummaryOut(
                invoice_number=m.invoice_number,
                level=m.level,
                day=m.day,
                channel=m.channel,
                state=m.state,
                attempts=m.attempts,
                failure_reason=m.failure_reason,
            )
            for m in view.messages
        ],
        recent_audit=[
            AuditEntryOut(
                at=a.at, actor=a.actor, action=a.action, subject=a.subject, detail=a.detail
            )
            for a in view.audit
        ],
    )


def _position(cursor: str) -> TenantPosition | None:
    """Where `cursor` points; one this list did not issue points before its first tenant."""
    at, _, ident = decode_cursor(cursor).partition("|")
    try:
        moment = datetime.fromisoformat(at)
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    try:
        after = UUID(ident)
    except ValueError:
        after = UUID(int=0)
    return TenantPosition(moment, after)


def _cursor(line: TenantLine) -> str:
    return encode_cursor(f"{line.tenant.created_at.isoformat()}|{line.tenant.id}")


async def _actor(units: Units, request: Request[Any, Any, Any]) -> str:
    token_id = UUID(caller_of(request).credential_id.removeprefix("admin:"))
    return await admin_actor(units, token_id)


Query = Annotated[
    str | None,
    Parameter(
        max_length=200,
        pattern=_TEXT,
        description="a part of the name or account e-mail address, any case",
    ),
]
PlanFilter = Annotated[Plan | None, Parameter(description="only this plan")]


class AdminTenantController(Controller):
    path = "/admin/tenants"
    tags = ["admin"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.ADMIN, operation_id="adminListTenants")
    async def tenants(
        self,
        units: Wired[Units],
        q: Query = None,
        plan: PlanFilter = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> AdminTenantPage:
        """Tenants, oldest first, with their lexoffice connection and quota standing."""
        search = TenantSearch(
            text=q.strip() if q else None,
            plan=plan,
            after=_position(cursor) if cursor else None,
            limit=limit + 1,
        )
        lines = await list_tenants(units, search)
        shown = lines[:limit]
        more = len(lines) > limit
        return AdminTenantPage(
            items=[AdminTenantOut(**_tenant_fields(line)) for line in shown],
            next_cursor=_cursor(shown[-1]) if more else None,
        )

    @post("/", scope=scopes.ADMIN, operation_id="adminCreateTenant")
    async def create(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        request: Request[Any, Any, Any],
        data: JSONBody[AdminTenantIn],
    ) -> CreatedTenantOut:
        """A tenant with default levels and templates, and its first API key (shown once)."""
        created = await create_tenant_for_admin(
            units,
            NewTenant(name=data.name, account_email=data.email, plan=data.plan),
            await _actor(units, request),
            clock.now(),
        )
        view = await support_view(units, created.tenant.id)
        return CreatedTenantOut(
            tenant=AdminTenantOut(**_tenant_fields(view.line)), api_key=created.api_key
        )

    @get("/{tenant:uuid}", scope=scopes.ADMIN, operation_id="adminGetTenant")
    async def support(self, units: Wired[Units], tenant: UUID) -> TenantSupportOut:
        """What support may see of one tenant: states and counts, no secrets or contents."""
        return _support(await support_view(units, tenant))

    @put("/{tenant:uuid}/plan", scope=scopes.ADMIN, operation_id="adminChangePlan")
    async def set_plan(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        request: Request[Any, Any, Any],
        tenant: UUID,
        data: JSONBody[PlanIn],
    ) -> TenantSupportOut:
        """Applies at once: an upgrade admits waiting invoices, a downgrade sends the last
        admitted back to wait. Recorded in the tenant's audit log."""
        await change_plan(
            units,
            tenant,
            data.plan,
            data.custom_limit,
            await _actor(units, request),
            clock.now(),
        )
        return _support(await support_view(units, tenant))
