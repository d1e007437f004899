"""The repositories of one tenant, each bound to that tenant's id."""

from __future__ import annotations

from functools import cached_property
from uuid import UUID

from automahntion.adapters.db.dialects import EngineRepositories
from automahntion.adapters.db.repositories.api_keys import PiccoloApiKeyRepository
from automahntion.adapters.db.repositories.attention import PiccoloAttentionRepository
from automahntion.adapters.db.repositories.attention_reads import PiccoloAttentionReads
from automahntion.adapters.db.repositories.audit_log import PiccoloAuditLog
from automahntion.adapters.db.repositories.billing_records import PiccoloBillingRecordRepository
from automahntion.adapters.db.repositories.connections import PiccoloConnectionRepository
from automahntion.adapters.db.repositories.contacts import PiccoloContactRepository
from automahntion.adapters.db.repositories.documents import PiccoloDocumentRepository
from automahntion.adapters.db.repositories.events import PendingEvents, PiccoloEventLog
from automahntion.adapters.db.repositories.feedback import PiccoloFeedbackRepository
from automahntion.adapters.db.repositories.idempotency import PiccoloIdempotencyRepository
from automahntion.adapters.db.repositories.letters import PiccoloLetterRepository
from automahntion.adapters.db.repositories.levels import PiccoloLevelRepository
from automahntion.adapters.db.repositories.review_sources import PiccoloReviewSources
from automahntion.adapters.db.repositories.smtp_servers import PiccoloSmtpServerRepository
from automahntion.adapters.db.repositories.subscriptions import PiccoloSubscriptionRepository
from automahntion.adapters.db.repositories.tenant_account import PiccoloTenantAccount
from automahntion.adapters.db.repositories.thank_yous import PiccoloThankYouRepository
from automahntion.adapters.db.repositories.webhook_deliveries import PiccoloDeliveries
from automahntion.adapters.db.repositories.webhook_endpoints import PiccoloWebhookEndpoints
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.invoices.repositories import CycleReads, InvoiceRepository
from automahntion.app.messages.repository import MessageRepository


class PiccoloTenantStore:
    def __init__(
        self,
        tenant_id: UUID,
        secrets: SecretBox,
        engine: EngineRepositories,
        events: PendingEvents | None = None,
    ) -> None:
        self.tenant_id = tenant_id
        self._secrets = secrets
        self._engine = engine
        self._new_events: PendingEvents = [] if events is None else events

    @cached_property
    def account(self) -> PiccoloTenantAccount:
        return self._engine.account(self.tenant_id, self._engine.select_rows)

    @cached_property
    def contacts(self) -> PiccoloContactRepository:
        return PiccoloContactRepository(self.tenant_id, self._engine.select_rows)

    @cached_property
    def invoices(self) -> InvoiceRepository:
        return self._engine.invoices(self.tenant_id, self._engine.select_rows)

    @cached_property
    def levels(self) -> PiccoloLevelRepository:
        return PiccoloLevelRepository(self.tenant_id, self._engine.select_rows)

    @cached_property
    def messages(self) -> MessageRepository:
        return self._engine.messages(self.tenant_id, self._engine.select_rows)

    @cached_property
    def cycle(self) -> CycleReads:
        return self._engine.cycle(self.tenant_id, self._engine.select_rows)

    @cached_property
    def connection(self) -> PiccoloConnectionRepository:
        return PiccoloConnectionRepository(self.tenant_id, self._secrets)

    @cached_property
    def smtp(self) -> PiccoloSmtpServerRepository:
        return PiccoloSmtpServerRepository(self.tenant_id, self._secrets)

    @cached_property
    def api_keys(self) -> PiccoloApiKeyRepository:
        return self._engine.api_keys(self.tenant_id)

    @cached_property
    def idempotency(self) -> PiccoloIdempotencyRepository:
        return PiccoloIdempotencyRepository(self.tenant_id, self._secrets)

    @cached_property
    def thank_yous(self) -> PiccoloThankYouRepository:
        return PiccoloThankYouRepository(self.tenant_id)

    @cached_property
    def feedback(self) -> PiccoloFeedbackRepository:
        return PiccoloFeedbackRepository(self.tenant_id)

    @cached_property
    def audit(self) -> PiccoloAuditLog:
        return PiccoloAuditLog(self.tenant_id)

    @cached_property
    def documents(self) -> PiccoloDocumentRepository:
        return PiccoloDocumentRepository(self.tenant_id, self._engine.select_rows)

    @cached_property
    def letters(self) -> PiccoloLetterRepository:
        return PiccoloLetterRepository(self.tenant_id, self._engine.select_rows)

    @cached_property
    def subscription(self) -> PiccoloSubscriptionRepository:
        return PiccoloSubscriptionRepository(self.tenant_id)

    @cached_property
    def billing(self) -> PiccoloBillingRecordRepository:
        return PiccoloBillingRecordRepository(self.tenant_id)

    @cached_property
    def attention(self) -> PiccoloAttentionRepository:
        return PiccoloAttentionRepository(self.tenant_id)

    @cached_property
    def attention_reads(self) -> PiccoloAttentionReads:
        return PiccoloAttentionReads(self.tenant_id)

    @cached_property
    def events(self) -> PiccoloEventLog:
        return PiccoloEventLog(self.tenant_id, self._new_events)

    @cached_property
    def webhook_endpoints(self) -> PiccoloWebhookEndpoints:
        return PiccoloWebhookEndpoints(self.tenant_id, self._secrets)

    @cached_property
    def deliveries(self) -> PiccoloDeliveries:
        return PiccoloDeliveries(self.tenant_id)

    @cached_property
    def review(self) -> PiccoloReviewSources:
        return PiccoloReviewSources(self.tenant_id)
