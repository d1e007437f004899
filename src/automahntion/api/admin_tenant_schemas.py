"""The bodies of `/v1/admin/tenants`: a tenant as the list and the support view show it, sign-up
and plan changes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from automahntion.api.schemas import Email, Schema
from automahntion.app.admin.tenants import MAX_CUSTOM_LIMIT, SupportView, TenantLine
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode
from automahntion.app.lexoffice.records import ConnectionStatus
from automahntion.app.messages.records import MessageState
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from automahntion.domain.quota import Plan

Connection = Literal["connected", "disconnected", "not connected"]


ONE_LINE = r"^[^\x00-\x1f\x7f]*$"


TEXT_NOT_BLANK = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
"""One line without control characters, and (the second) not only spaces."""


CONNECTION: dict[ConnectionStatus, Connection] = {
    ConnectionStatus.CONNECTED: "connected",
    ConnectionStatus.DISCONNECTED: "disconnected",
}


class AdminTenantOut(Schema):
    """A tenant as the operator sees it in the list."""

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
    """A page of tenants."""

    items: list[AdminTenantOut]
    next_cursor: str | None


class AdminTenantIn(Schema):
    """A new tenant."""

    name: Annotated[str, msgspec.Meta(max_length=200, pattern=TEXT_NOT_BLANK)]
    email: Email
    plan: Plan = Plan.STARTER


class PlanIn(Schema):
    """Replaces the tenant's plan; a custom limit left out or null means the plan's own."""

    plan: Plan
    custom_limit: Annotated[int, msgspec.Meta(ge=1, le=MAX_CUSTOM_LIMIT)] | None = None


class LexofficeSupportOut(Schema):
    """The tenant's lexoffice connection, without secrets."""

    status: Connection
    kind: str | None = None
    organization_id: str | None = None
    company_name: str | None = None
    disconnected_reason: str | None = None
    """Why the connection was lost, in English (for the operator)."""
    disconnected_reason_code: DisconnectCode | None = None


class MessageSummaryOut(Schema):
    """A recent message, without its content."""

    invoice_number: str
    level: Level
    day: date
    channel: Channel
    state: MessageState
    attempts: int
    failure_reason: str | None
    """Recipient addresses in it are replaced by `<address>`."""


class AuditEntryOut(Schema):
    """One entry of the tenant's audit log."""

    at: datetime
    actor: str
    action: str
    subject: str | None
    detail: dict[str, Any]


class TenantSupportOut(AdminTenantOut):
    """What support may see of one tenant: states and counts, no secrets or contents."""

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
    """A tenant just created, with its first API key (shown once)."""

    tenant: AdminTenantOut
    api_key: str
    """The tenant's first API key, shown this once."""


def tenant_fields(line: TenantLine) -> dict[str, Any]:
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


def support_out(view: SupportView) -> TenantSupportOut:
    tenant, connection = view.line.tenant, view.lexoffice
    lexoffice = (
        LexofficeSupportOut(status="not connected")
        if connection is None
        else LexofficeSupportOut(
            status=CONNECTION[connection.status],
            kind=connection.kind.value,
            organization_id=connection.organization_id,
            company_name=connection.company_name,
            disconnected_reason=(
                connection.disconnected_reason.english if connection.disconnected_reason else None
            ),
            disconnected_reason_code=(
                connection.disconnected_reason.code if connection.disconnected_reason else None
            ),
        )
    )
    return TenantSupportOut(
        **tenant_fields(view.line),
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
