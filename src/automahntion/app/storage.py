"""Ports: storage as the use cases need it. Every repository but the directory sees one tenant.

A `UnitOfWork` is one transaction: what happens inside `async with uow:` is stored together or
not at all. Tenant-scoped repositories come from `uow.tenant(tenant_id)`; no method of theirs
can read or change another tenant's rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from automahntion.app.billing_records import (
    BillingOutcome,
    BillingRecord,
    BillingStatus,
    NewBillingRecord,
    SubscriptionRecord,
)
from automahntion.app.invoice_criteria import InvoiceCriteria
from automahntion.app.postal import LetterState
from automahntion.app.records import (
    ActiveApiKey,
    AdminTokenRecord,
    AdmissionUpdate,
    ApiKeyRecord,
    AuditEntry,
    AuthorizationCodeRecord,
    Claim,
    CycleSetup,
    DocumentState,
    LetterRecord,
    LexofficeConnection,
    MessageState,
    NewAuthorizationCode,
    NewOAuthToken,
    NewTenant,
    OAuthClientRecord,
    OAuthTokenRecord,
    SentMessage,
    SmtpServer,
    StoredContact,
    StoredDocument,
    StoredInvoice,
    StoredResponse,
    SyncState,
    Tenant,
    TenantSettings,
)
from automahntion.app.support import SupportQueries
from automahntion.domain.escalation import SentLevel
from automahntion.domain.feedback import Feedback
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import Level, LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.prices import LetterKind
from automahntion.domain.quota import Plan
from automahntion.domain.recipients import Contact
from automahntion.domain.templates import LevelTemplates, TemplateVersion
from automahntion.domain.thanks import ThankYouDue


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

    async def tenant_of_letter(self, provider_letter_id: str) -> UUID | None:
        """The tenant whose dunning letter the postal provider knows by this id."""
        ...

    async def tenant_of_payment_customer(self, customer_id: str) -> UUID | None:
        """The tenant the payment provider bills as this customer."""
        ...

    async def confirm_account_email(self, token_hash: str, now: datetime) -> UUID | None:
        """The pending address with this unexpired token becomes the account address (once);
        the tenant, or None for an unknown, used or expired token."""
        ...


class TenantAccount(Protocol):
    async def get(self) -> Tenant: ...
    async def save_settings(self, settings: TenantSettings) -> None: ...
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


class ContactRepository(Protocol):
    async def upsert(
        self, contacts: Sequence[Contact], postal: Mapping[str, dict[str, str]] | None = None
    ) -> None: ...
    async def get(self, lexoffice_id: str) -> StoredContact: ...
    async def get_many(self, lexoffice_ids: Sequence[str]) -> dict[str, StoredContact]: ...
    async def by_id(self, contact_id: UUID) -> StoredContact:
        """By our own id; raises `NotFound` for an unknown id or another tenant's."""
        ...

    async def all(self) -> list[StoredContact]: ...
    async def unusable(self) -> list[str]:
        """The lexoffice ids of the contacts whose record could not be used."""
        ...

    async def set_pause(self, lexoffice_id: str, pause: Pause | None) -> None: ...


class InvoiceRepository(Protocol):
    async def upsert(self, invoices: Sequence[Invoice], now: datetime) -> None:
        """Insert new ones, update known ones by lexoffice id; our own state stays."""
        ...

    async def get(self, invoice_id: UUID) -> StoredInvoice: ...
    async def by_lexoffice_id(self, lexoffice_id: str) -> StoredInvoice: ...
    async def all(self) -> list[StoredInvoice]: ...
    async def page(
        self, criteria: InvoiceCriteria, *, limit: int, after: str | None
    ) -> tuple[list[StoredInvoice], bool]:
        """Up to `limit` invoices matching `criteria` in `position` order, after the position
        `after` (any text: it names a place in the order); and whether more follow."""
        ...

    async def numbers(self, invoice_ids: Sequence[UUID]) -> dict[UUID, str]:
        """Voucher numbers by invoice id; ids the tenant does not have are left out."""
        ...

    async def apply_admission(self, updates: Sequence[AdmissionUpdate], now: datetime) -> None: ...
    async def set_pause(self, invoice_id: UUID, pause: Pause | None) -> None: ...
    async def hand_over(self, invoice_id: UUID, at: datetime) -> None: ...


class LevelRepository(Protocol):
    async def settings(self) -> list[LevelSetting]:
        """The stored levels; empty for a tenant that kept the defaults."""
        ...

    async def replace_settings(self, levels: Sequence[LevelSetting]) -> None: ...
    async def add_template_version(
        self, level: Level, templates: LevelTemplates, now: datetime
    ) -> TemplateVersion: ...
    async def current_templates(self) -> dict[Level, tuple[UUID, TemplateVersion]]: ...
    async def template_version(self, version_id: UUID) -> TemplateVersion: ...
    async def template_history(self, level: Level) -> list[TemplateVersion]: ...


class MessageRepository(Protocol):
    async def claim(self, claim: Claim) -> SentMessage:
        """Records the claim before anything goes out. Raises `LevelAlreadyClaimed` when the
        level was claimed before — unless that claim failed or was held, which this one then
        takes over."""
        ...

    async def mark_sent(
        self,
        message_id: UUID,
        *,
        at: datetime,
        recipient_domain: str | None,
        transport_message_id: str | None,
        content_sha256: str | None,
        letter_tracking_code: str | None = None,
    ) -> None: ...
    async def mark_failed(self, message_id: UUID, *, reason: str, at: datetime) -> None: ...
    async def mark_held(self, message_id: UUID, *, reason: str, at: datetime) -> None:
        """A claim that was certainly not handed over: held for the day with its reason."""
        ...

    async def hold(self, claim: Claim, *, reason: str) -> SentMessage:
        """Records (invoice, level) as held without a claim before it (preparing it failed).
        Takes over a failed or held record; raises `LevelAlreadyClaimed` when it is claimed."""
        ...

    async def history(
        self, invoice_ids: Sequence[UUID] | None = None
    ) -> dict[UUID, list[SentLevel]]:
        """Claimed and sent levels per invoice (a failed attempt is not history); of every
        invoice of the tenant when no ids are given."""
        ...

    async def for_invoice(self, invoice_id: UUID) -> list[SentMessage]: ...
    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[SentMessage]]:
        """Every message (failed ones too) of each invoice, oldest claim first, in one read."""
        ...

    async def in_state(self, state: MessageState) -> list[SentMessage]: ...
    async def get(self, message_id: UUID) -> SentMessage:
        """Raises `NotFound` (also for another tenant's message)."""
        ...

    async def settle(
        self,
        message_id: UUID,
        *,
        expected: MessageState,
        sent: bool,
        at: datetime,
        reason: str | None = None,
    ) -> bool:
        """Compare-and-set from `expected` to sent (keeping its day) or failed (with
        `reason`); False when it is no longer in `expected`."""
        ...


class CycleReads(Protocol):
    async def setup(self) -> CycleSetup:
        """The tenant, its levels, current templates and message history, as `account.get`,
        `levels.settings`, `levels.current_templates` and `messages.history` give them, read
        together (on PostgreSQL in one query: the cycle reads them for every tenant)."""
        ...


class ConnectionRepository(Protocol):
    async def get(self) -> LexofficeConnection | None: ...
    async def get_locked(self) -> LexofficeConnection | None:
        """Like `get`, holding the row until the unit of work ends (one token refresh at a
        time, across processes)."""
        ...

    async def save(self, connection: LexofficeConnection) -> None: ...


class SmtpServerRepository(Protocol):
    async def get(self) -> SmtpServer | None: ...
    async def save(self, server: SmtpServer) -> None: ...
    async def remove(self) -> None: ...


class ApiKeyRepository(Protocol):
    async def add(
        self,
        name: str,
        prefix: str,
        key_hash: str,
        now: datetime,
        scopes: tuple[str, ...] | None = None,
    ) -> ApiKeyRecord: ...
    async def all(self) -> list[ApiKeyRecord]: ...
    async def revoke(self, key_id: UUID, at: datetime) -> None: ...
    async def touch(self, key_id: UUID, at: datetime) -> None: ...


class AdminTokenRepository(Protocol):
    async def add(
        self, name: str, prefix: str, token_hash: str, now: datetime
    ) -> AdminTokenRecord: ...

    async def all(self) -> list[AdminTokenRecord]: ...
    async def active_by_hash(self, token_hash: str) -> AdminTokenRecord | None: ...
    async def revoke(self, token_id: UUID, at: datetime) -> None: ...
    async def touch(self, token_id: UUID, at: datetime) -> None: ...


class OAuthRepository(Protocol):
    """The widgets' clients, authorization codes and tokens. Codes and tokens are found by
    the hash of their secret, which also names their tenant."""

    async def add_client(
        self,
        *,
        client_id: str,
        name: str,
        redirect_uris: Sequence[str],
        scopes: Sequence[str],
        secret_hash: str | None,
        now: datetime,
    ) -> OAuthClientRecord: ...
    async def clients(self) -> list[OAuthClientRecord]:
        """Every client, revoked ones too."""
        ...

    async def active_client(self, client_id: str) -> OAuthClientRecord | None: ...
    async def revoke_client(self, client_ref: UUID, at: datetime) -> None:
        """Revokes the client and every token issued to it; `NotFound` if unknown or revoked."""
        ...

    async def add_code(self, code: NewAuthorizationCode) -> None: ...
    async def code(self, code_hash: str) -> AuthorizationCodeRecord | None: ...
    async def use_code(self, code_id: UUID, at: datetime) -> bool:
        """Marks the code used; False if it was used before (a code works once)."""
        ...

    async def add_token(self, token: NewOAuthToken) -> OAuthTokenRecord: ...
    async def active_token_by_access(self, token_hash: str) -> OAuthTokenRecord | None:
        """The unrevoked token of an unrevoked client (expiry is the caller's to check)."""
        ...

    async def active_token_by_refresh(self, token_hash: str) -> OAuthTokenRecord | None: ...
    async def token_by_refresh(self, token_hash: str) -> OAuthTokenRecord | None:
        """Revoked or not: a rotated refresh token presented again is a replay."""
        ...

    async def revoke_family(self, family: UUID, at: datetime) -> int:
        """Revokes every token descending from one authorization code; how many were live."""
        ...

    async def revoke_token(self, token_id: UUID, at: datetime) -> bool:
        """False if it was revoked before."""
        ...


class IdempotencyRepository(Protocol):
    """Keys of one credential of the tenant: another credential never sees them."""

    async def reserve(
        self, credential: str, key: str, digest: str, now: datetime
    ) -> UUID | StoredResponse:
        """The new reservation when the key is new; else what was stored for it first. The
        request's digest is kept only as a keyed fingerprint (a body may bear a password)."""
        ...

    async def take_over(
        self, stale: StoredResponse, credential: str, key: str, digest: str, now: datetime
    ) -> UUID | None:
        """A new reservation in place of `stale`; None when another request took it first."""
        ...

    async def complete(self, reservation: UUID, status: int, body: str) -> None:
        """Keeps the response (the body unreadable at rest); nothing when the reservation was
        taken over meanwhile."""

    async def release(self, reservation: UUID) -> None:
        """Forget a reservation whose request failed, so that a retry runs it again."""

    async def forget_older_than(self, moment: datetime) -> int: ...


class ThankYouRepository(Protocol):
    async def enqueue(self, invoice_id: UUID, paid_at: datetime) -> None:
        """Raises `ThankYouAlreadyQueued` for an invoice queued or thanked before."""
        ...

    async def due(self) -> list[ThankYouDue]: ...
    async def lock(self) -> None:
        """Holds the tenant's queue until the unit of work ends: one claimer at a time, so that
        two runs together never pass the month's quota."""
        ...

    async def claim(self, invoice_id: UUID, month: str, at: datetime) -> bool:
        """`due` → `sending`, counted in `month`; False when it was not due (taken elsewhere)."""
        ...

    async def mark_sent(self, invoice_id: UUID, month: str, at: datetime) -> None: ...
    async def release(self, invoice_id: UUID) -> None:
        """A claimed one that certainly did not go out is due again and counts in no month."""
        ...

    async def mark_failed(self, invoice_id: UUID) -> None:
        """Refused for good (e.g. the address does not exist): never tried again."""
        ...

    async def sent_in_month(self, month: str) -> int:
        """Claimed or sent in that month."""
        ...

    async def states(self) -> dict[UUID, str]: ...
    async def loyalty_plan(self) -> Plan | None:
        """The tenant's loyalty extension (from its subscription), None without one."""
        ...

    async def set_loyalty_plan(self, plan: Plan | None) -> None: ...


class FeedbackRepository(Protocol):
    async def add_token(self, invoice_id: UUID, token_hash: str, now: datetime) -> None: ...
    async def add(self, feedback: Feedback) -> None:
        """Raises `FeedbackAlreadyGiven` when the invoice has feedback already."""
        ...

    async def for_invoice(self, invoice_id: UUID) -> Feedback | None: ...
    async def all(self) -> list[Feedback]: ...


class DocumentRepository(Protocol):
    async def begin(self, invoice_id: UUID, level: Level, source: str, now: datetime) -> UUID:
        """Records the attempt before anything is created; raises `AlreadyExists` when this
        invoice and level have a document (or an attempt) already."""
        ...

    async def created(
        self, document_id: UUID, *, file_ref: str | None, dunning_id: str | None
    ) -> None: ...
    async def uncertain(self, document_id: UUID) -> None: ...
    async def abandon(self, document_id: UUID) -> None:
        """Forget an attempt that certainly created nothing (still `requested`)."""
        ...

    async def for_level(self, invoice_id: UUID, level: Level) -> StoredDocument | None: ...
    async def for_invoice(self, invoice_id: UUID) -> list[StoredDocument]: ...
    async def for_invoices(
        self, invoice_ids: Sequence[UUID]
    ) -> dict[UUID, list[StoredDocument]]: ...
    async def get(self, document_id: UUID) -> StoredDocument: ...
    async def unsettled(self) -> list[StoredDocument]:
        """Requested or uncertain: lexoffice's answer was never recorded."""
        ...

    async def settle(self, document_id: UUID, *, expected: DocumentState, created: bool) -> bool:
        """Compare-and-set from `expected`: created after all, or removed so that it is
        requested again; False when it is no longer in `expected`."""
        ...


class LetterRepository(Protocol):
    async def add(self, letter: LetterRecord) -> None:
        """Raises `AlreadyExists` when the invoice's level went by post before."""
        ...

    async def by_provider_id(self, provider_letter_id: str) -> LetterRecord | None: ...
    async def update(
        self, provider_letter_id: str, state: LetterState, tracking_code: str | None
    ) -> None:
        """The letter's state and tracking code; the code also goes on its message."""
        ...

    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[LetterRecord]]: ...
    async def count_by_kind(self, start: date, end_inclusive: date) -> dict[LetterKind, int]:
        """Letters posted from `start` to `end_inclusive` (by their sending day), every kind
        present (0 when none): what the monthly letter invoice bills."""
        ...


class SubscriptionRepository(Protocol):
    async def get(self) -> SubscriptionRecord | None:
        """None for a tenant that never had one (signed up before billing existed)."""
        ...

    async def save(self, record: SubscriptionRecord, now: datetime) -> None:
        """Insert or replace the tenant's one subscription."""
        ...


class BillingRecordRepository(Protocol):
    async def claim(self, record: NewBillingRecord, now: datetime) -> tuple[BillingRecord, bool]:
        """The record with this idempotency key: inserted now (True) or stored before (False).
        Taken before the provider is called, so that a rerun charges nothing twice."""
        ...

    async def get(self, record_id: UUID) -> BillingRecord:
        """`NotFound` for an unknown id or another tenant's."""
        ...

    async def by_key(self, idempotency_key: str) -> BillingRecord | None: ...
    async def by_provider_invoice(self, invoice_id: str) -> BillingRecord | None: ...
    async def record_outcome(self, record_id: UUID, outcome: BillingOutcome) -> BillingRecord:
        """A paid record stays paid and a failed one does not go back to open, whatever a
        late event says."""
        ...

    async def all(self) -> list[BillingRecord]: ...
    async def in_status(self, *statuses: BillingStatus) -> list[BillingRecord]: ...


class AttentionRepository(Protocol):
    async def reported(self) -> set[str]:
        """The keys of the items the tenant's digest already told of."""
        ...

    async def remember(self, keys: Set[str], now: datetime) -> None:
        """From now on exactly `keys` count as reported (what is gone is forgotten, so that
        it is news again should it come back)."""
        ...


class AuditLog(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...
    async def entries(self, limit: int = 100) -> list[AuditEntry]: ...
    async def count(self, actions: Set[str], since: datetime) -> int:
        """How many entries of these actions were recorded at or after `since`."""
        ...


class TenantStore(Protocol):
    @property
    def tenant_id(self) -> UUID: ...
    @property
    def account(self) -> TenantAccount: ...
    @property
    def contacts(self) -> ContactRepository: ...
    @property
    def invoices(self) -> InvoiceRepository: ...
    @property
    def levels(self) -> LevelRepository: ...
    @property
    def messages(self) -> MessageRepository: ...
    @property
    def cycle(self) -> CycleReads: ...
    @property
    def connection(self) -> ConnectionRepository: ...
    @property
    def smtp(self) -> SmtpServerRepository: ...
    @property
    def api_keys(self) -> ApiKeyRepository: ...
    @property
    def idempotency(self) -> IdempotencyRepository: ...
    @property
    def thank_yous(self) -> ThankYouRepository: ...
    @property
    def feedback(self) -> FeedbackRepository: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def documents(self) -> DocumentRepository: ...
    @property
    def letters(self) -> LetterRepository: ...
    @property
    def subscription(self) -> SubscriptionRepository: ...
    @property
    def billing(self) -> BillingRecordRepository: ...
    @property
    def attention(self) -> AttentionRepository: ...


class UnitOfWork(Protocol):
    """One transaction: committed when the block ends normally, rolled back on an exception."""

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    @property
    def tenants(self) -> TenantDirectory: ...
    @property
    def admin_tokens(self) -> AdminTokenRepository: ...
    @property
    def oauth(self) -> OAuthRepository: ...
    @property
    def support(self) -> SupportQueries: ...
    def tenant(self, tenant_id: UUID) -> TenantStore: ...
