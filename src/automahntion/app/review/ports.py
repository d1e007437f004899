"""The ports of the review: only what listing and resolving the unsettled items reads and writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.reasons import Reason
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.pages import MomentPosition
from automahntion.app.post.records import DocumentState, LetterRecord, StoredDocument
from automahntion.app.tenants.records import AuditEntry
from automahntion.domain.levels import LevelSetting


class ReviewMessages(Protocol):
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


class ReviewLetters(Protocol):
    async def add(self, letter: LetterRecord) -> None: ...


class ReviewLevels(Protocol):
    async def settings(self) -> list[LevelSetting]: ...


class ReviewInvoices(Protocol):
    async def numbers(self, invoice_ids: Sequence[UUID]) -> dict[UUID, str]: ...


class ReviewAudit(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...
    async def recorded(self, action: str, subject: str) -> bool:
        """Whether an entry of `action` about `subject` was recorded."""
        ...


class ReviewSources(Protocol):
    """What may be listed for review, each in the order (since, id) after `after`: up to
    `limit` rows and one more (all for None). An (invoice, level) is listed once, by its
    document if that is listed, else by its message; nothing a cycle still running (since
    `cutoff`) may hold is listed."""

    def named(self, ident: UUID) -> ReviewSources:
        """The same sources, listing only what answers to `ident`: the item of that id, or the
        document item of the message of that id (a decision's lookup, by primary key)."""
        ...

    async def sending_with(self, message_id: str, claimed_at: datetime) -> list[SentMessage]:
        """The messages still sending that were claimed at `claimed_at` under `message_id`: one
        e-mail's (one message per invoice)."""
        ...

    async def documents(
        self, cutoff: datetime, after: MomentPosition | None, limit: int | None
    ) -> list[StoredDocument]:
        """Documents uncertain, or requested by `cutoff`, whose message of their level is not
        sending since after `cutoff`; since: when the document was requested."""
        ...

    async def messages_sending(
        self, cutoff: datetime, after: MomentPosition | None, limit: int | None
    ) -> list[SentMessage]:
        """Messages claimed by `cutoff` and still sending; since: the claim."""
        ...

    async def messages_held(
        self, cutoff: datetime, today: date, after: MomentPosition | None, limit: int | None
    ) -> list[SentMessage]:
        """Messages held (nothing of theirs was handed over: no grace) that still await a
        decision on `today`: not once the plan moved on — their invoice closed, nothing left
        to pay or handed over, a pause of the invoice, its customer or the tenant holding, or a
        later message of the invoice sent or sending since; since: their outcome (or claim)."""
        ...

    async def thank_yous_sending(
        self, cutoff: datetime, after: MomentPosition | None, limit: int | None
    ) -> list[ThankYouRecord]:
        """Thank-yous claimed by `cutoff` and still sending; since: the claim."""
        ...


class ReviewStore(Protocol):
    @property
    def review(self) -> ReviewSources: ...
    @property
    def messages(self) -> ReviewMessages: ...
    @property
    def documents(self) -> ReviewDocuments: ...
    @property
    def thank_yous(self) -> ReviewThankYous: ...
    @property
    def letters(self) -> ReviewLetters: ...
    @property
    def levels(self) -> ReviewLevels: ...
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
