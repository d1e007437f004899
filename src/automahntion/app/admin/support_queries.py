"""What the internal admin API reads across tenants: filtered pages of tenants, their quota
standing, and what a support view shows of one tenant — never secrets, message contents or
recipient addresses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from automahntion.app.lexoffice.records import ConnectionStatus
from automahntion.app.messages.records import MessageState
from automahntion.app.pages import MomentPosition
from automahntion.app.tenants.records import Tenant
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from automahntion.domain.quota import Plan

TenantPosition = MomentPosition
"""Where a tenant stands in the operator's list: oldest first, ties by id."""


@dataclass(frozen=True)
class TenantSearch:
    text: str | None = None
    """A substring of the name or the account e-mail address, case-insensitive."""
    plan: Plan | None = None
    after: TenantPosition | None = None
    limit: int = 50


@dataclass(frozen=True)
class TenantStanding:
    connection: ConnectionStatus | None
    """None: never connected to lexoffice."""
    admitted: int = 0
    waiting: int = 0
    blocked: int = 0


@dataclass(frozen=True)
class MessageSummary:
    invoice_number: str
    level: Level
    day: date
    channel: Channel
    state: MessageState
    attempts: int
    failure_reason: str | None


class SupportQueries(Protocol):
    async def tenants(self, search: TenantSearch) -> list[Tenant]:
        """Up to `search.limit` tenants after `search.after`, in list order."""
        ...

    async def standings(self, tenant_ids: Sequence[UUID]) -> dict[UUID, TenantStanding]:
        """One entry per given id, from grouped counts (not one query per tenant)."""
        ...

    async def recent_messages(self, tenant_id: UUID, limit: int) -> list[MessageSummary]:
        """The tenant's last claimed messages, newest first."""
        ...
