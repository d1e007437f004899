"""The ports of the review: only what listing and resolving the unsettled items reads and writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.reasons import Reason
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.post.records import DocumentState, StoredDocument
from automahntion.app.tenants.records import AuditEntry


class ReviewMessages(Protocol):
    async def in_state(self, state: MessageState) -> list[SentMessage]: ...
    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[SentMessage]]: ...
    async def get(self, message_id: UUID) -> SentMessage: ...
    async def settle(
        self,
        message_id: UUID,
        *,
        expected: MessageState,
        sent: bool,
        at: datetime,
        reason: Reason | None = None,
    ) -> bool: ...


class ReviewDocuments(Protocol):
    async def unsettled(self) -> list[StoredDocument]: ...
    async def get(self, document_id: UUID) -> StoredDocument: ...
    async def settle(
        self, document_id: UUID, *, expected: DocumentState, created: bool
    ) -> bool: ...


class ReviewThankYous(Protocol):
    async def sending(self) -> list[ThankYouRecord]: ...
    async def find(self, thank_you_id: UUID) -> ThankYouRecord | None: ...
    async def settle(self, thank_you_id: UUID, *, sent: bool) -> bool: ...


class ReviewInvoices(Protocol):
    async def numbers(self, invoice_ids: Sequence[UUID]) -> dict[UUID, str]: ...


class ReviewAudit(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...


class ReviewStore(Protocol):
    @property
    def messages(self) -> ReviewMessages: ...
    @property
    def documents(self) -> ReviewDocuments: ...
    @property
    def thank_yous(self) -> ReviewThankYous: ...
    @property
    def invoices(self) -> ReviewInvoices: ...
    @property
    def audit(self) -> ReviewAudit: ...


class ReviewUnit(Protocol):
    """One transaction, as `UnitOfWork` is."""

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def tenant(self, tenant_id: UUID) -> ReviewStore: ...


ReviewUnits = Callable[[], ReviewUnit]
