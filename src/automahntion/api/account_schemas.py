"""The tenant's account, Mahnstopp and plan use on the wire."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from msgspec import UNSET, UnsetType

from automahntion.api.field_types import Email, Name, Reason, kept
from automahntion.api.invoice_schemas import GoingOutOut
from automahntion.api.schemas import Schema
from automahntion.app.settings.changes import AccountChange
from automahntion.app.tenants.records import Tenant
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import Plan


class TenantPauseOut(Schema):
    """The tenant-wide Mahnstopp: nothing is sent for any invoice while it holds."""

    reason: str
    until: date | None = None
    """Dunning resumes by itself the day after; null = until lifted."""
    going_out: list[GoingOutOut] | UnsetType = UNSET
    """Only in the answer of setting the pause: messages already being handed over, which the
    pause came too late to stop (empty almost always); nothing else is sent while it holds."""


class TenantPauseState(Schema):
    """The tenant-wide Mahnstopp as it stands, also when there is none."""

    paused: bool
    """Whether a Mahnstopp holds today (nothing is sent while it does)."""
    reason: str | None = None
    """The stored pause's reason; null when there is none."""
    until: date | None = None
    """The last day of the stored pause; null when there is none or it lasts until lifted."""


class TenantPauseIn(Schema):
    """A tenant-wide Mahnstopp to set."""

    until: date | None = None
    """The last day of the pause; absent or null: until it is lifted."""
    reason: Reason | None = None
    """Default: "Mahnstopp"."""

    EXAMPLE: ClassVar[dict[str, Any]] = {"until": "2026-08-16", "reason": "Betriebsferien"}


class AccountOut(Schema):
    """The tenant's account."""

    id: str
    name: str
    email: str
    billing_email: str
    plan: Plan
    limit: int
    """Concurrently open and overdue invoices the plan admits."""
    trial_ends_on: date | None
    dunning_active: bool
    pause: TenantPauseOut | None
    last_successful_sync_at: datetime | None
    created_at: datetime
    pending_account_email: str | None
    """A new address given in `email`: in force (as `email`) once the link sent to it was
    opened; until then nothing is sent to it."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": "9d2e4f60-1a3b-4c5d-8e7f-0a1b2c3d4e5f",
        "name": "Bäckerei Schmidt",
        "email": "inhaber@baeckerei-schmidt.de",
        "billingEmail": "buchhaltung@baeckerei-schmidt.de",
        "plan": "business",
        "limit": 100,
        "trialEndsOn": None,
        "dunningActive": True,
        "pause": None,
        "lastSuccessfulSyncAt": "2026-03-02T05:00:04Z",
        "createdAt": "2025-11-20T14:31:09Z",
        "pendingAccountEmail": None,
    }


class AccountPatch(Schema):
    """The account fields to change; fields left out stay as they are."""

    name: Name | UnsetType = UNSET
    email: Email | UnsetType = UNSET
    billing_email: Email | UnsetType = UNSET
    """Where subscription invoices go."""
    dunning_active: bool | UnsetType = UNSET
    """Off: nothing is sent, and no level needs to be enabled."""


class UsageOut(Schema):
    """This month's use of the plan's quota."""

    plan: Plan
    limit: int
    admitted: int
    """Overdue invoices holding a slot."""
    waiting: int
    """Overdue invoices waiting for a slot."""
    blocked: int
    """Invoices nobody can be written to (no contact or no address)."""
    month: str
    thank_yous_sent: int
    """This month (Europe/Berlin)."""
    thank_you_quota: int
    """Per month; 0 without the loyalty extension."""


def account_change(patch: AccountPatch) -> AccountChange:
    return AccountChange(
        name=kept(patch.name),
        account_email=kept(patch.email),
        billing_email=kept(patch.billing_email),
        dunning_active=kept(patch.dunning_active),
    )


def pause_out(pause: Pause | None) -> TenantPauseOut | None:
    return None if pause is None else TenantPauseOut(reason=pause.reason, until=pause.until)


def pause_state(pause: Pause | None, today: date) -> TenantPauseState:
    if pause is None:
        return TenantPauseState(paused=False)
    return TenantPauseState(paused=pause.is_active(today), reason=pause.reason, until=pause.until)


def account_out(tenant: Tenant) -> AccountOut:
    return AccountOut(
        id=str(tenant.id),
        name=tenant.name,
        email=tenant.account_email,
        billing_email=tenant.billing_email,
        plan=tenant.plan,
        limit=tenant.limit,
        trial_ends_on=tenant.trial_ends_on,
        dunning_active=tenant.dunning_active,
        pause=pause_out(tenant.pause),
        last_successful_sync_at=tenant.last_successful_sync_at,
        created_at=tenant.created_at,
        pending_account_email=tenant.pending_account_email,
    )
