"""What the attention list is made of: the kinds of trouble, an item, and what each source
may look at."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from automahntion.app.messages.reasons import Reason
from automahntion.app.storage import TenantStore
from automahntion.app.tenants.records import Tenant
from automahntion.domain.levels import Level

if TYPE_CHECKING:
    from automahntion.app.review.attention_position import AttentionPosition, Window


class AttentionKind(StrEnum):
    """What needs the tenant's attention: a message that failed, is held or whose outcome is
    unknown, a dunning document of uncertain state, a lost lexoffice connection, a sync older
    than 26 hours, a thank-you e-mail whose outcome is unknown, a letter by post the postal
    provider holds until the tenant acts, an overdue invoice blocked for a reason the tenant can
    mend, or an overdue invoice whose next letter by post cannot be printed for its contact's
    address."""

    MESSAGE_FAILED = "message_failed"
    """Not sent after the transport's retries."""
    MESSAGE_HELD = "message_held"
    """Held for the day because preparing it failed; due again on the next sending day."""
    MESSAGE_UNRESOLVED = "message_unresolved"
    """Left `sending`: it may have gone out; the tenant resolves it."""
    DOCUMENT_UNCERTAIN = "document_uncertain"
    """lexoffice may or may not have created the dunning document."""
    LEXOFFICE_DISCONNECTED = "lexoffice_disconnected"
    SYNC_STALE = "sync_stale"
    """No successful sync for more than 26 hours: nothing is sent."""
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled"
    """A webhook endpoint refused deliveries for days and was disabled."""
    THANK_YOU_UNRESOLVED = "thank_you_unresolved"
    """A thank-you e-mail left `sending`: it may have gone out; the tenant resolves it."""
    LETTER_ACTION_REQUIRED = "letter_action_required"
    """The postal provider holds a letter until the tenant acts (e.g. on the address or the
    document); `detail` says what, in the provider's words."""
    INVOICE_BLOCKED = "invoice_blocked"
    """An overdue invoice is not dunned because lexoffice's record of it or of its contact
    cannot be read, or its contact has no usable e-mail address; `detail` names the invoice and
    why. It goes once the block is gone (e.g. a sync reads the record readable again)."""
    LETTER_ADDRESS_UNPRINTABLE = "letter_address_unprintable"
    """An overdue invoice's next notice goes by post, but its contact's postal address cannot be
    printed; `detail` names the invoice, the customer and what is wrong with the address. It
    goes once the address is mended in lexoffice and synced."""


def fact_key(base: str, detail: str) -> str:
    """An item's key: `base` (what it is about) and a short hash of what is wrong, so that the
    same fact keeps its key from day to day and another problem with the same thing is news."""
    return f"{base}:{hashlib.sha256(detail.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class AttentionItem:
    key: str
    """Names the fact; the same fact keeps its key from day to day."""
    kind: AttentionKind
    detail: str
    """German, for the tenant."""
    since: datetime | None = None
    invoice_id: UUID | None = None
    invoice_number: str | None = None
    level: Level | None = None
    reason: Reason | None = None
    """Why a message was held or failed, where one was."""


@dataclass(frozen=True)
class Situation:
    """What every source may look at, and what it is asked for: every item, or what a page
    needs (`window`)."""

    store: TenantStore
    tenant: Tenant
    now: datetime
    window: Window | None = None

    def wants(self, kind: AttentionKind) -> bool:
        return self.window is None or kind in self.window.kinds

    @property
    def after(self) -> AttentionPosition | None:
        return None if self.window is None else self.window.after

    @property
    def limit(self) -> int | None:
        return None if self.window is None else self.window.limit

    async def invoice_numbers(self, ids: set[UUID]) -> dict[UUID, str]:
        return await self.store.invoices.numbers(list(ids))


Source = Callable[[Situation], Awaitable[list[AttentionItem]]]
