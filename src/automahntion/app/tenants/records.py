"""What is stored of a tenant: its account, settings, sync state, and the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from automahntion.app.tenants.letterhead import Letterhead
from automahntion.domain.levels import DEFAULT_MIN_GAP_DAYS, AfterLastLevel, CatchUp
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import Plan, plan_limit
from automahntion.domain.recipients import RecipientPolicy
from automahntion.domain.thanks import (
    DEFAULT_THANK_YOU_BODY,
    DEFAULT_THANK_YOU_BODY_EN,
    DEFAULT_THANK_YOU_SUBJECT,
    DEFAULT_THANK_YOU_SUBJECT_EN,
)


@dataclass(frozen=True)
class TenantSettings:
    """A tenant's choices. New fields need a default: stored documents lack them."""

    reply_to: str | None = None
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    attach_invoice_pdf: bool = False
    sync_start: date | None = None
    vouchers_enabled: bool = False
    sending_hour: int = 9
    send_on_weekends: bool = False
    bundesland: str | None = None
    recipient_policy: RecipientPolicy = RecipientPolicy.FIRST_AVAILABLE
    catch_up: CatchUp = CatchUp.NEXT
    min_gap_days: int = DEFAULT_MIN_GAP_DAYS
    one_message_per_customer: bool = False
    statutory_extras: bool = False
    after_last_level: AfterLastLevel = AfterLastLevel.NONE
    """The step the last enabled level announces when it stays unpaid."""
    payment_details: str = ""
    """Bank details or payment instructions shown in messages (`{{ payment_details }}`)."""
    thank_you_enabled: bool = False
    feedback_question: str = "Wie zufrieden sind Sie mit unserem Service?"
    thank_you_subject: str = DEFAULT_THANK_YOU_SUBJECT
    thank_you_body: str = DEFAULT_THANK_YOU_BODY
    """Sandboxed jinja2 like the level templates, with `domain.thanks.THANK_YOU_PLACEHOLDERS`."""
    thank_you_subject_en: str = DEFAULT_THANK_YOU_SUBJECT_EN
    thank_you_body_en: str = DEFAULT_THANK_YOU_BODY_EN
    """For invoices in English."""
    feedback_link: bool = True
    """Whether thank-you e-mails carry the link to the feedback page."""
    letterhead: Letterhead = field(default_factory=Letterhead)
    """Without its logo: that is stored apart (`TenantAccount.logo`), out of every read of the
    settings."""


@dataclass(frozen=True)
class SyncState:
    """What a sync remembers for the next one."""

    contacts_total: int | None = None
    """How many contacts the organization had: decides paging vs single fetches."""
    needs_full_sync: bool = False
    """Set when a change (e.g. vouchers switched on) needs everything listed again."""


@dataclass(frozen=True)
class NewTenant:
    name: str
    account_email: str
    billing_email: str | None = None
    plan: Plan = Plan.STARTER
    trial_ends_on: date | None = None


@dataclass(frozen=True)
class Tenant:
    id: UUID
    name: str
    account_email: str
    billing_email: str
    plan: Plan
    custom_limit: int | None
    trial_ends_on: date | None
    settings: TenantSettings
    dunning_active: bool
    activated_at: datetime | None
    """When the owner activated sending; None: nothing is sent (domain rules 3)."""
    pause: Pause | None
    last_successful_sync_at: datetime | None
    created_at: datetime
    pending_account_email: str | None = None
    """A new account address waiting for its confirmation; `account_email` is in force."""

    @property
    def limit(self) -> int:
        return plan_limit(self.plan, self.custom_limit)

    @property
    def activated(self) -> bool:
        return self.activated_at is not None


@dataclass(frozen=True)
class AuditEntry:
    actor: str
    action: str
    at: datetime
    subject: str | None = None
    detail: dict[str, object] = field(default_factory=dict)
