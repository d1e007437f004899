"""Ports: what is stored of tenants — the operator's directory across tenants, one tenant's
account, and its audit trail."""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.access.records import ActiveApiKey
from automahntion.app.tenants.letterhead import Logo
from automahntion.app.tenants.records import (
    AuditEntry,
    NewTenant,
    SyncState,
    Tenant,
    TenantSettings,
)
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import Plan


class TenantDirectory(Protocol):
    """The operator's view across tenants, and the lookups that find a tenant from a secret."""

    async def add(self, tenant: NewTenant, now: datetime) -> Tenant: ...
    async def all(self) -> list[Tenant]: ...
    async def ids(self) -> list[UUID]: ...
    async def active_api_key(self, key_hash: str) -> ActiveApiKey | None:
        """The unrevoked key with this hash, in one indexed read."""
        ...

    async def tenant_of_feedback_token(self, token_hash: str) -> tuple[UUID, UUID] | None:
        """(tenant id, invoice id)."""
        ...

    async def tenant_of_organization(self, organization_id: str) -> UUID | None:
        """The tenant connected to this lexoffice organization."""
        ...

    async def record_inbound_event(self, source: str, key: str, now: datetime) -> bool:
        """False when an event with this key was recorded before (a repeat to ignore)."""
        ...

    async def inbound_event_seen(self, source: str, key: str) -> bool:
        """Whether an event with this key was recorded (records nothing)."""
        ...

    async def tenant_of_letter(self, provider_letter_id: str) -> UUID | None:
        """The tenant whose dunning letter the postal provider knows by this id."""
        ...

    async def tenant_of_payment_customer(self, customer_id: str) -> UUID | None:
        """The tenant the payment provider bills as this customer."""
        ...

    async def tenant_of_payment_mandate(self, mandate_id: str) -> UUID | None:
        """The tenant whose SEPA mandate at the payment provider this is."""
        ...

    async def confirm_account_email(self, token_hash: str, now: datetime) -> UUID | None:
        """The pending address with this unexpired token becomes the account address (once);
        the tenant, or None for an unknown, used or expired token."""
        ...


class TenantAccount(Protocol):
    async def get(self) -> Tenant: ...
    async def lock(self) -> None:
        """Holds the tenant's row until the unit of work ends: writers that lock it take
        turns."""
        ...

    async def save_settings(self, settings: TenantSettings) -> None:
        """The letterhead's logo is not part of them: see `save_logo`."""
        ...

    async def logo(self) -> Logo | None:
        """The letterhead's logo, read only where a letter or the logo itself is shown."""
        ...

    async def save_logo(self, logo: Logo | None) -> None:
        """Replaces the logo; None removes it."""
        ...

    async def set_profile(self, name: str, account_email: str, billing_email: str) -> None: ...
    async def set_plan(self, plan: Plan, custom_limit: int | None) -> None: ...
    async def set_dunning_active(self, active: bool) -> None: ...
    async def set_activated(self, at: datetime | None) -> None:
        """`at`: when the owner activated sending; None: not activated (nothing is sent)."""
        ...

    async def set_pause(self, pause: Pause | None) -> None: ...
    async def request_email_change(self, email: str, token_hash: str, expires_at: datetime) -> None:
        """Keeps `email` pending (replacing any pending one) until its token is confirmed."""
        ...

    async def record_sync(self, at: datetime) -> None: ...
    async def sync_state(self) -> SyncState: ...
    async def save_sync_state(self, state: SyncState) -> None: ...


class AuditLog(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...
    async def entries(self, limit: int = 100) -> list[AuditEntry]: ...
    async def recorded(self, action: str, subject: str) -> bool:
        """Whether an entry of `action` about `subject` was recorded."""
        ...

    async def count(self, actions: Set[str], since: datetime) -> int:
        """How many entries of these actions were recorded at or after `since`."""
        ...
