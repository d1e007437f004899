"""Every fact the service remembers, as Piccolo tables.

Uniqueness is not declared here: Piccolo's `Unique` emits `ALTER TABLE … ADD CONSTRAINT`, which
SQLite refuses. The named unique indexes live in `constraints.py` and their own migration.
Money is integer cents; instants are `Timestamptz`; public ids are UUIDs.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


def _tenant() -> ForeignKey[Tenant]:
    return ForeignKey(references=Tenant, null=False, on_delete=OnDelete.restrict, index=True)


class Tenant(Table):
    id = UUID(primary_key=True)
    name = Varchar(length=200)
    account_email = Varchar(length=320)
    billing_email = Varchar(length=320)
    plan = Varchar(length=20, default="starter")
    custom_limit = Integer(null=True, default=None)
    trial_ends_on = Date(null=True, default=None)
    settings = JSON(default="{}")
    """Tenant settings (reply-to, CC/BCC, sending hour, Bundesland, catch-up, …) as one document."""
    dunning_active = Boolean(default=True)
    activated_at = Timestamptz(null=True, default=None)
    """When the owner activated sending; None: the tenant sends nothing (domain rules 3)."""
    pause_reason = Text(null=True, default=None)
    pause_until = Date(null=True, default=None)
    last_successful_sync_at = Timestamptz(null=True, default=None)
    sync_state = JSON(default="{}")
    created_at = Timestamptz(default=TimestamptzNow())
    pending_account_email = Varchar(length=320, null=True, default=None)
    """A new account address, in force once its confirmation link was opened."""
    account_email_token_hash = Varchar(length=64, null=True, default=None)
    account_email_token_expires_at = Timestamptz(null=True, default=None)
    event_seq = Integer(default=0)
    """No longer written: the cursor of the tenant's last event while this row's lock ordered
    them (it deadlocked with writers of the row and its invoices). A floor for the next cursor
    (`repositories/events.py`)."""


class LexofficeConnection(Table):
    id = UUID(primary_key=True)
    tenant = _tenant()
    kind = Varchar(length=20)
    """`oauth` or `api_key`."""
    status = Varchar(length=20, default="connected")
    organization_id = Varchar(length=64, null=True, default=None, index=True)
    connection_id = Varchar(length=64, null=True, default=None)
    company_name = Varchar(length=200, null=True, default=None)
    access_token_encrypted = Text(null=True, default=None)
    refresh_token_encrypted = Text(null=True, default=None)
    api_key_encrypted = Text(null=True, default=None)
    expires_at = Timestamptz(null=True, default=None)
    disconnected_reason = Text(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class SmtpServer(Table):
    """A tenant's own mail server (the SMTP add-on)."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    host = Varchar(length=255)
    port = Integer(default=587)
    tls = Varchar(length=10, default="starttls")
    username = Varchar(length=255, null=True, default=None)
    password_encrypted = Text(null=True, default=None)
    from_address = Varchar(length=320)
    updated_at = Timestamptz(default=TimestamptzNow())


class TenantLogo(Table):
    """A tenant's letterhead logo, apart from its settings: the dunning loop reads those for
    every tenant and never needs the picture."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    media_type = Varchar(length=40)
    data = Bytea()
    updated_at = Timestamptz(default=TimestamptzNow())


class Contact(Table):
    id = UUID(primary_key=True)
    tenant = _tenant()
    lexoffice_id = Varchar(length=64)
    name = Varchar(length=300)
    name_key = Text(default="")
    """`name.casefold()`, written with the name: `GET /v1/contacts` is in its order, then the
    id's; on PostgreSQL it compares byte by byte (collation "C", migration
    `contact_name_key_fill`)."""
    kind = Varchar(length=20, default="business")
    emails = JSON(default="{}")
    postal_address = JSON(null=True, default=None)
    version = Integer(default=0)
    pause_reason = Text(null=True, default=None)
    pause_until = Date(null=True, default=None)
    synced_at = Timestamptz(default=TimestamptzNow())
    unusable_detail = Text(null=True, default=None)
    """Why lexoffice's record of the contact cannot be used; its invoices are blocked."""
    title = Varchar(length=2, null=True, default=None)
    """`ms` or `mr` for a person lexoffice gives with a salutation (then `last_name` is set)."""
    last_name = Varchar(length=300, null=True, default=None)
    updated_at = Timestamptz(null=True, default=None)
    """Set by the database when what the API shows of the contact changes (migration
    `updated_at_triggers`)."""


class Invoice(Table):
    """An invoice or a revenue voucher (`kind`) and where it stands with us."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    lexoffice_id = Varchar(length=64)
    kind = Varchar(length=20, default="invoice")
    voucher_number = Varchar(length=100)
    voucher_date = Date()
    due_date = Date()
    total_cents = Integer()
    open_cents = Integer()
    contact_lexoffice_id = Varchar(length=64, null=True, default=None)
    status = Varchar(length=20)
    language = Varchar(length=5, default="de")
    language_read = Boolean(default=False)
    """False until the invoice's own `language` was read from lexoffice (`language` is then
    only the default)."""
    admission = Varchar(length=20, default="none", index=True)
    """`admitted`, `waiting` or `none` (not in the overdue set)."""
    admitted_at = Timestamptz(null=True, default=None)
    blocked_reason = Varchar(length=30, null=True, default=None)
    block_told_at = Timestamptz(null=True, default=None)
    """When `invoice.needs_attention` told of the block it holds (None: not yet; a change of
    the block sets it back)."""
    pause_reason = Text(null=True, default=None)
    pause_until = Date(null=True, default=None)
    handed_over_at = Timestamptz(null=True, default=None)
    synced_at = Timestamptz(default=TimestamptzNow())
    unusable_detail = Text(null=True, default=None)
    """Why lexoffice's record cannot be used (then `blocked_reason` is `unusable_record`)."""
    lexoffice_updated_at = Timestamptz(null=True, default=None)
    """lexoffice's `updatedDate` of the invoice as the voucher list last gave it (migration
    `invoice_lexoffice_updated_at`)."""
    updated_at = Timestamptz(null=True, default=None)
    """Set by the database when what the API shows of the invoice changes, its messages,
    letters and documents included (migration `updated_at_triggers`)."""


class LevelSetting(Table):
    id = UUID(primary_key=True)
    tenant = _tenant()
    level = Varchar(length=2)
    enabled = Boolean()
    days_after_due = Integer()
    by_post = Boolean(default=False)
    registered = Boolean(default=False)
    fee_cents = Integer(default=0)
    payment_days = Integer(default=7)


class TemplateVersion(Table):
    """Immutable: an edit inserts the next version."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    level = Varchar(length=2)
    version = Integer()
    subject_de = Text()
    body_de = Text()
    subject_en = Text(null=True, default=None)
    body_en = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class SentMessage(Table):
    """Metadata of one (invoice, level): claimed as `sending`, then `sent` or `failed`.

    The message itself is not stored; the template version, what it was rendered from and a hash
    of the rendered message make it reproducible.
    """

    id = UUID(primary_key=True)
    tenant = _tenant()
    invoice = ForeignKey(references=Invoice, null=False, on_delete=OnDelete.restrict, index=True)
    level = Varchar(length=2)
    channel = Varchar(length=10)
    state = Varchar(length=10)
    message_id = Varchar(length=255)
    recipient_domain = Varchar(length=255, null=True, default=None)
    transport_message_id = Varchar(length=255, null=True, default=None)
    template_version = ForeignKey(
        references=TemplateVersion, null=True, on_delete=OnDelete.restrict
    )
    content_sha256 = Varchar(length=64, null=True, default=None)
    rendered_from = Text(null=True, default=None)
    """What the message was rendered from (JSON with a version tag), not its text."""
    carried_flat_fee = Boolean(null=True, default=None)
    """Whether the message claimed the flat fee of § 288 (5) BGB for its invoice (read with the
    history, so that the day's plan parses no JSON); null: not known."""
    attempts = Integer(default=0)
    failure_reason = Text(null=True, default=None)
    letter_tracking_code = Varchar(length=40, null=True, default=None)
    claimed_at = Timestamptz(default=TimestamptzNow())
    sent_on = Date(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    going_out_at = Timestamptz(null=True, default=None)
    """While `sending`: when the last look right before the hand-over let it go (a pause or a
    deactivation committed later no longer stops it); null before that look."""


class DunningDocument(Table):
    id = UUID(primary_key=True)
    tenant = _tenant()
    invoice = ForeignKey(references=Invoice, null=False, on_delete=OnDelete.restrict, index=True)
    level = Varchar(length=2)
    source = Varchar(length=20)
    """`lexoffice` (its dunning PDF) or `own` (our layout for vouchers)."""
    lexoffice_dunning_id = Varchar(length=64, null=True, default=None)
    state = Varchar(length=20, default="requested")
    file_ref = Varchar(length=500, null=True, default=None)
    content_type = Varchar(length=100, default="application/pdf")
    created_at = Timestamptz(default=TimestamptzNow())


class ApiKey(Table):
    id = UUID(primary_key=True)
    tenant = _tenant()
    name = Varchar(length=100)
    prefix = Varchar(length=16)
    key_hash = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    scopes = Text(null=True, default=None)
    """Space-separated; NULL for a key that may do everything its tenant may."""


class OAuthClient(Table, tablename="oauth_client"):
    id = UUID(primary_key=True)
    client_id = Varchar(length=64)
    client_secret_hash = Varchar(length=64, null=True, default=None)
    name = Varchar(length=200)
    redirect_uris = JSON(default="[]")
    scopes = JSON(default="[]")
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)


class OAuthGrant(Table, tablename="oauth_grant"):
    """An authorization code, stored hashed, used once."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    client = ForeignKey(references=OAuthClient, null=False, on_delete=OnDelete.restrict)
    code_hash = Varchar(length=64)
    redirect_uri = Text()
    scope = Text()
    code_challenge = Varchar(length=128)
    code_challenge_method = Varchar(length=10, default="S256")
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    approved_by = UUID(null=True, default=None)
    """The API key the tenant approved the grant with; revoking it ends the grant. None for
    grants approved before it was recorded: they are left alive (their approver is unknown)."""


class OAuthToken(Table, tablename="oauth_token"):
    id = UUID(primary_key=True)
    tenant = _tenant()
    client = ForeignKey(references=OAuthClient, null=False, on_delete=OnDelete.restrict)
    access_token_hash = Varchar(length=64)
    refresh_token_hash = Varchar(length=64, null=True, default=None)
    scope = Text()
    issued_at = Timestamptz(default=TimestamptzNow())
    expires_in = Integer()
    revoked_at = Timestamptz(null=True, default=None)
    family = UUID(null=True, default=None)
    """The authorization code the token descends from (through refreshes); None for tokens
    issued before families were kept."""


class AdminToken(Table):
    """A token of the internal admin API, stored hashed; not bound to any tenant."""

    id = UUID(primary_key=True)
    name = Varchar(length=100)
    prefix = Varchar(length=16)
    token_hash = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class IdempotencyKey(Table):
    """One row per credential and key; `id` names the reservation (a takeover makes a new one)."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    credential = Varchar(length=64, default="")
    key = Varchar(length=255)
    request_fingerprint = Varchar(length=64)
    response_status = Integer(null=True, default=None)
    response_body_sealed = Text(null=True, default=None)
    response_headers = Text(null=True, default=None)
    """JSON `[[name, value], …]`: the headers replayed with the body; null before they were
    kept."""
    created_at = Timestamptz(default=TimestamptzNow())


class AdminIdempotencyKey(Table):
    """`IdempotencyKey` of the admin API: one row per admin token (`credential`) and key. Apart
    from `idempotency_key`, whose rows each belong to a tenant."""

    id = UUID(primary_key=True)
    credential = Varchar(length=64, default="")
    key = Varchar(length=255)
    request_fingerprint = Varchar(length=64)
    response_status = Integer(null=True, default=None)
    response_body_sealed = Text(null=True, default=None)
    response_headers = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class ThankYou(Table):
    """The thank-you queue: one row per paid invoice, `due` until it is sent."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    invoice = ForeignKey(references=Invoice, null=False, on_delete=OnDelete.restrict)
    paid_at = Timestamptz()
    state = Varchar(length=10, default="due")
    sent_month = Varchar(length=7, null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)


class FeedbackToken(Table):
    id = UUID(primary_key=True)
    tenant = _tenant()
    invoice = ForeignKey(references=Invoice, null=False, on_delete=OnDelete.restrict)
    token_hash = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())


class Feedback(Table):
    id = UUID(primary_key=True)
    tenant = _tenant()
    invoice = ForeignKey(references=Invoice, null=False, on_delete=OnDelete.restrict)
    stars = Integer()
    comment = Text(null=True, default=None)
    given_at = Timestamptz()


class Subscription(Table):
    id = UUID(primary_key=True)
    tenant = _tenant()
    plan = Varchar(length=20)
    cycle = Varchar(length=10, default="monthly")
    status = Varchar(length=20, default="trialing")
    provider_customer_id = Varchar(length=64, null=True, default=None)
    provider_subscription_id = Varchar(length=64, null=True, default=None)
    current_period_end = Date(null=True, default=None)
    pending_plan = Varchar(length=20, null=True, default=None)
    loyalty_plan = Varchar(length=20, null=True, default=None)
    smtp_addon_bought_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())
    pending_cycle = Varchar(length=10, null=True, default=None)
    loyalty_subscription_id = Varchar(length=64, null=True, default=None)
    mandate_id = Varchar(length=64, null=True, default=None)
    mandate_state = Varchar(length=20, null=True, default=None)
    payment_method_id = Varchar(length=64, null=True, default=None)
    iban_last4 = Varchar(length=4, null=True, default=None)
    status_event_at = Timestamptz(null=True, default=None)
    """When the provider created the event that last set `status` and the period's end (its
    `created`): an older event of the same subscription is old news, also within one period."""
    mandate_event_at = Timestamptz(null=True, default=None)
    """The same for the mandate's state."""


class Letter(Table):
    """A dunning notice sent by post; what the monthly letter invoice counts."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    invoice = ForeignKey(references=Invoice, null=False, on_delete=OnDelete.restrict)
    level = Varchar(length=2)
    kind = Varchar(length=20)
    provider_letter_id = Varchar(length=64, null=True, default=None)
    status = Varchar(length=20, default="submitted")
    tracking_code = Varchar(length=40, null=True, default=None)
    sent_on = Date()
    status_reason = Text(null=True, default=None)
    """The provider's words with the report that set `status` (e.g. the action it needs)."""
    status_changed_at = Timestamptz(null=True, default=None)
    billed_by = Varchar(length=200, null=True, default=None)
    """The idempotency key of the month's letter bill that counted it
    (`letters:{tenant}:{YYYY-MM}`): a letter refused or cancelled after that is credited."""


class EarlyLetterEvent(Table):
    """A postal status report for a letter not recorded yet (the provider called back before our
    transaction recording it committed): applied when the letter is recorded."""

    id = UUID(primary_key=True)
    provider_letter_id = Varchar(length=64, index=True)
    event_id = Varchar(length=300)
    status = Varchar(length=20)
    provider_status = Varchar(length=40)
    tracking_code = Varchar(length=40, null=True, default=None)
    reason = Text(null=True, default=None)
    occurred_at = Timestamptz()
    received_at = Timestamptz()


class BillingRecord(Table):
    """One charge to a tenant (letters of a month, the SMTP add-on, …), idempotent by key."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    kind = Varchar(length=20)
    idempotency_key = Varchar(length=200)
    period_start = Date(null=True, default=None)
    period_end = Date(null=True, default=None)
    lines = JSON(default="[]")
    amount_cents = Integer()
    provider_invoice_id = Varchar(length=64, null=True, default=None)
    status = Varchar(length=20, default="pending")
    created_at = Timestamptz(default=TimestamptzNow())
    failure_message = Text(null=True, default=None)
    attempted_on = Date(null=True, default=None)
    """The Berlin day of the last debit attempt: failed debits are retried at most daily."""
    provider_event_at = Timestamptz(null=True, default=None)
    """When the provider created the event that last set `status` (its `created`): an older
    event of the same invoice delivered late is ignored."""


class InboundEvent(Table):
    """Webhook events already taken in, so that a repeated delivery is ignored."""

    id = UUID(primary_key=True)
    source = Varchar(length=20)
    key = Varchar(length=300)
    received_at = Timestamptz(default=TimestamptzNow())


class AuditEvent(Table):
    id = UUID(primary_key=True)
    tenant = ForeignKey(references=Tenant, null=True, on_delete=OnDelete.restrict, index=True)
    actor = Varchar(length=100)
    action = Varchar(length=100)
    subject = Varchar(length=200, null=True, default=None)
    detail = JSON(default="{}")
    at = Timestamptz(default=TimestamptzNow())


class AttentionReport(Table):
    """An attention item the tenant's digest already told of (forgotten once it is gone)."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    item_key = Varchar(length=200)
    reported_at = Timestamptz(default=TimestamptzNow())


class TenantEvent(Table):
    """An event out (`GET /v1/events`, webhooks), written with the change it tells of."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    seq = Integer()
    type = Varchar(length=60)
    occurred_at = Timestamptz()
    data = JSON(default="{}")


class WebhookEndpoint(Table):
    """Where a tenant wants its events delivered (webhooks out), with its sealed secret."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    url = Varchar(length=2000)
    event_types = JSON(default="[]")
    """Empty: every event."""
    secret_encrypted = Text()
    enabled = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    disabled_reason = Text(null=True, default=None)
    disabled_at = Timestamptz(null=True, default=None)
    failing_since = Timestamptz(null=True, default=None)
    registered_by = Varchar(length=100, null=True, default=None)
    """The credential that registered (or last re-enabled) it: `key:<id>` or `oauth:<family>`;
    None for endpoints from before this was recorded."""
    feedback = Boolean(default=True)
    """Whether it may receive `feedback.received` (its credential held `feedback:read`)."""
    previous_secret_encrypted = Text(null=True, default=None)
    """The secret current before the last rotation, sealed as `secret_encrypted` is."""
    previous_secret_expires_at = Timestamptz(null=True, default=None)
    """Until when deliveries are signed with the previous secret too."""


class WebhookDelivery(Table):
    """One event to one endpoint: written with the event, tried until delivered or given up."""

    id = UUID(primary_key=True)
    tenant = _tenant()
    endpoint = ForeignKey(references=WebhookEndpoint, null=False, on_delete=OnDelete.restrict)
    event = ForeignKey(references=TenantEvent, null=False, on_delete=OnDelete.restrict)
    state = Varchar(length=20, default="pending")
    attempts = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    next_attempt_at = Timestamptz(default=TimestamptzNow())
    leased_until = Timestamptz(null=True, default=None)
    """An attempt is under way until then (a worker that died lets it lapse)."""
    last_status = Integer(null=True, default=None)
    last_error = Text(null=True, default=None)
    delivered_at = Timestamptz(null=True, default=None)


TABLES: tuple[type[Table], ...] = (
    Tenant,
    LexofficeConnection,
    SmtpServer,
    TenantLogo,
    Contact,
    Invoice,
    LevelSetting,
    TemplateVersion,
    SentMessage,
    DunningDocument,
    ApiKey,
    OAuthClient,
    OAuthGrant,
    OAuthToken,
    AdminToken,
    IdempotencyKey,
    AdminIdempotencyKey,
    ThankYou,
    FeedbackToken,
    Feedback,
    Subscription,
    Letter,
    EarlyLetterEvent,
    BillingRecord,
    InboundEvent,
    AuditEvent,
    AttentionReport,
    TenantEvent,
    WebhookEndpoint,
    WebhookDelivery,
)
