"""What the use cases read from and write to storage, beside the domain's own values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from automahntion.app.postal import LetterState
from automahntion.domain.day_plan import Channel as Channel
from automahntion.domain.escalation import SentLevel
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import DEFAULT_MIN_GAP_DAYS, CatchUp, Level, LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.prices import LetterKind
from automahntion.domain.quota import Plan, plan_limit
from automahntion.domain.recipients import BlockReason, Contact, RecipientPolicy
from automahntion.domain.templates import TemplateVersion
from automahntion.domain.thanks import DEFAULT_THANK_YOU_BODY, DEFAULT_THANK_YOU_SUBJECT


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
    payment_details: str = ""
    """Bank details or payment instructions shown in messages (`{{ payment_details }}`)."""
    thank_you_enabled: bool = False
    feedback_question: str = "Wie zufrieden sind Sie mit unserem Service?"
    thank_you_subject: str = DEFAULT_THANK_YOU_SUBJECT
    thank_you_body: str = DEFAULT_THANK_YOU_BODY
    """Sandboxed jinja2 like the level templates, with `domain.thanks.THANK_YOU_PLACEHOLDERS`."""
    feedback_link: bool = True
    """Whether thank-you e-mails carry the link to the feedback page."""


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


class AdmissionState(StrEnum):
    ADMITTED = "admitted"
    WAITING = "waiting"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class StoredContact:
    id: UUID
    contact: Contact
    postal_address: dict[str, str] | None = None
    pause: Pause | None = None


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    id: UUID
    invoice: Invoice
    admission: AdmissionState = AdmissionState.NONE
    blocked: BlockReason | None = None
    pause: Pause | None = None
    handed_over_at: datetime | None = None


@dataclass(frozen=True)
class CycleSetup:
    """What a dunning cycle reads of a tenant beside its invoices and contacts."""

    tenant: Tenant
    levels: list[LevelSetting]
    """The stored levels, in rank order; empty for a tenant that kept the defaults."""
    templates: dict[Level, tuple[UUID, TemplateVersion]]
    """Each level's current template version (and its id)."""
    history: dict[UUID, list[SentLevel]]
    """Claimed and sent levels per invoice, as `MessageRepository.history` gives them."""


@dataclass(frozen=True)
class AdmissionUpdate:
    """The outcome of admission and recipient checks for one invoice, to be stored."""

    lexoffice_id: str
    admission: AdmissionState
    blocked: BlockReason | None


class MessageState(StrEnum):
    SENDING = "sending"
    """Claimed and handed to the transport; never re-sent blindly."""
    SENT = "sent"
    FAILED = "failed"
    """Refused by the transport; may be claimed again on a later day."""
    HELD = "held"
    """Not sent: preparing it failed (a document, an amount, a template), certainly before
    anything was handed over. Needs attention; due again on the next sending day."""


RETAKEABLE = frozenset({MessageState.FAILED, MessageState.HELD})
"""States a new claim on the same (invoice, level) takes over: nothing went out."""


@dataclass(frozen=True)
class Claim:
    """A claim on (invoice, level), taken before anything goes out."""

    invoice_id: UUID
    level: Level
    channel: Channel
    message_id: str
    day: date
    """The sending day the message belongs to; what the escalation rules count from."""
    claimed_at: datetime
    template_version_id: UUID | None = None


@dataclass(frozen=True)
class SentMessage:
    id: UUID
    invoice_id: UUID
    level: Level
    channel: Channel
    state: MessageState
    message_id: str
    day: date
    claimed_at: datetime
    attempts: int
    recipient_domain: str | None = None
    transport_message_id: str | None = None
    template_version_id: UUID | None = None
    content_sha256: str | None = None
    failure_reason: str | None = None
    letter_tracking_code: str | None = None
    finished_at: datetime | None = None


class ConnectionKind(StrEnum):
    OAUTH = "oauth"
    API_KEY = "api_key"


class ConnectionStatus(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class LexofficeConnection:
    """Secrets in clear text here; storage seals them."""

    kind: ConnectionKind
    status: ConnectionStatus = ConnectionStatus.CONNECTED
    organization_id: str | None = None
    connection_id: str | None = None
    company_name: str | None = None
    access_token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    expires_at: datetime | None = None
    disconnected_reason: str | None = None


class SmtpTls(StrEnum):
    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    from_address: str
    tls: SmtpTls = SmtpTls.STARTTLS
    username: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ActiveApiKey:
    """What authenticating a request needs of an unrevoked API key."""

    tenant_id: UUID
    key_id: UUID
    last_used_at: datetime | None
    scopes: tuple[str, ...] | None = None
    """None: every scope of its tenant, key management included."""
    list_version: int | None = None
    """The tenant's list version, when it was read with the key (`RequestReads`)."""


@dataclass(frozen=True)
class ApiKeyRecord:
    id: UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    scopes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class AdminTokenRecord:
    id: UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class StoredResponse:
    """The first response to an idempotent request, replayed for repeats; `status` None while
    the request that reserved the key (at `reserved_at`) is still running or died."""

    reservation: UUID
    same_request: bool
    """Whether the request that reserved the key had the digest the repeat has."""
    status: int | None
    body: str | None
    reserved_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    actor: str
    action: str
    at: datetime
    subject: str | None = None
    detail: dict[str, object] = field(default_factory=dict)


class DocumentState(StrEnum):
    REQUESTED = "requested"
    """Recorded before lexoffice was asked: a crash here leaves it for review."""
    CREATED = "created"
    UNCERTAIN = "uncertain"
    """lexoffice may or may not have created it (e.g. 504): never created again blindly."""


@dataclass(frozen=True)
class StoredDocument:
    id: UUID
    invoice_id: UUID
    level: Level
    source: str
    state: DocumentState
    created_at: datetime
    lexoffice_dunning_id: str | None = None
    file_ref: str | None = None
    content_type: str = "application/pdf"


@dataclass(frozen=True)
class OAuthClientRecord:
    """An embedded widget the admin registered. `client_id` is public; only a confidential
    client has a secret (stored hashed)."""

    id: UUID
    client_id: str
    name: str
    redirect_uris: tuple[str, ...]
    scopes: tuple[str, ...]
    secret_hash: str | None
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def confidential(self) -> bool:
        return self.secret_hash is not None


@dataclass(frozen=True)
class NewAuthorizationCode:
    tenant_id: UUID
    client_ref: UUID
    """`OAuthClientRecord.id`, not the public client id."""
    code_hash: str
    redirect_uri: str
    scope: str
    code_challenge: str
    code_challenge_method: str
    expires_at: datetime


@dataclass(frozen=True)
class AuthorizationCodeRecord:
    id: UUID
    tenant_id: UUID
    client_ref: UUID
    redirect_uri: str
    scope: str
    code_challenge: str
    code_challenge_method: str
    expires_at: datetime
    used_at: datetime | None = None


@dataclass(frozen=True)
class NewOAuthToken:
    tenant_id: UUID
    client_ref: UUID
    access_token_hash: str
    refresh_token_hash: str | None
    scope: str
    issued_at: datetime
    expires_in: int
    family: UUID | None = None
    """The authorization code it descends from, through every refresh."""


@dataclass(frozen=True)
class OAuthTokenRecord:
    """An access token and its refresh token (one row; both end when it is revoked)."""

    id: UUID
    tenant_id: UUID
    client_ref: UUID
    scope: str
    issued_at: datetime
    expires_in: int
    revoked_at: datetime | None = None
    family: UUID | None = None


@dataclass(frozen=True)
class LetterRecord:
    """A dunning notice the postal provider took as a letter; what the monthly bill counts."""

    invoice_id: UUID
    level: Level
    kind: LetterKind
    provider_letter_id: str
    state: LetterState
    sent_on: date
    tracking_code: str | None = None
