"""Ports: storage as the use cases need it. Every repository but the directory sees one tenant.

A `UnitOfWork` is one transaction: what happens inside `async with uow:` is stored together or
not at all. Tenant-scoped repositories come from `uow.tenant(tenant_id)`; no method of theirs
can read or change another tenant's rows.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from automahntion.app.access.repositories import (
    AdminTokenRepository,
    ApiKeyRepository,
    OAuthRepository,
)
from automahntion.app.admin.support_queries import SupportQueries
from automahntion.app.billing.repositories import BillingRecordRepository, SubscriptionRepository
from automahntion.app.events.repository import EventLog
from automahntion.app.idempotency.repository import IdempotencyRepository
from automahntion.app.invoices.repositories import (
    ContactRepository,
    CycleReads,
    InvoiceRepository,
    LevelRepository,
)
from automahntion.app.lexoffice.repository import ConnectionRepository
from automahntion.app.loyalty.repositories import FeedbackRepository, ThankYouRepository
from automahntion.app.mail.repository import SmtpServerRepository
from automahntion.app.messages.repository import MessageRepository
from automahntion.app.post.repositories import (
    DocumentRepository,
    EarlyLetterEvents,
    LetterRepository,
)
from automahntion.app.review.attention_reads import AttentionReads
from automahntion.app.review.attention_repository import AttentionRepository
from automahntion.app.review.ports import ReviewSources
from automahntion.app.tenants.repositories import AuditLog, TenantAccount, TenantDirectory
from automahntion.app.webhooks.repository import (
    DeliveryRepository,
    DueDeliveries,
    RegisteredEndpoints,
    WebhookEndpointRepository,
)


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
    @property
    def attention_reads(self) -> AttentionReads: ...
    @property
    def events(self) -> EventLog:
        """Recording an event also creates its deliveries to the tenant's webhook endpoints."""
        ...

    @property
    def webhook_endpoints(self) -> WebhookEndpointRepository: ...
    @property
    def deliveries(self) -> DeliveryRepository: ...
    @property
    def review(self) -> ReviewSources: ...


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
    def early_letter_events(self) -> EarlyLetterEvents: ...
    @property
    def admin_tokens(self) -> AdminTokenRepository: ...
    @property
    def admin_idempotency(self) -> IdempotencyRepository:
        """The idempotency keys of the admin tokens (the admin API has no tenant)."""
        ...

    @property
    def oauth(self) -> OAuthRepository: ...
    @property
    def support(self) -> SupportQueries: ...
    @property
    def due_deliveries(self) -> DueDeliveries: ...
    @property
    def registered_endpoints(self) -> RegisteredEndpoints: ...
    def tenant(self, tenant_id: UUID) -> TenantStore: ...
