"""Use case: what the owner must decide by hand, and the decision (domain rules 3, "every
uncertain state can be resolved").

Nothing listed here is ever retried blindly. A message left `sending` was handed to the mail
server (or the postal provider) and its answer never came: the process died, or the
connection dropped after the message was taken. A dunning document left `uncertain` (or
`requested` by an attempt that died) may or may not exist in lexoffice. The owner looks — in
the BCC mailbox, at the customer's, in lexoffice — and says:

- *was sent*: the level counts as sent on the day it was claimed for, so the next level
  follows on schedule; a document counts as created;
- *was not sent*: the level is due again on the next sending day, and a document is
  requested from lexoffice again then.

A cycle still running holds its claims for a moment: a claim is listed once it is older than
`GRACE`, which no claim of a live cycle reaches (see there). Each kind of item has a source
(what lists it), a resolver and a reason: a new kind is one more entry in each table.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.message_records import MessageState, SentMessage
from automahntion.app.post_records import DocumentState, StoredDocument
from automahntion.app.tenant_records import AuditEntry
from automahntion.domain.day_plan import Channel
from automahntion.domain.errors import DomainError
from automahntion.domain.levels import Level

GRACE = timedelta(minutes=15)
"""How long a claim may belong to a cycle that is still running. A message is claimed right
before its document is made and it is handed over, and its outcome is stored right after:
the slowest path — a lexoffice dunning at 2 requests a second with the client's retries, then
up to three SMTP attempts with their timeouts and backoff — ends within a few minutes. A
process that died leaves its claims older than that."""
NOT_SENT = "resolved in review: not sent"


class ReviewKind(StrEnum):
    MESSAGE_SENDING = "messageSending"
    DOCUMENT_UNCERTAIN = "documentUncertain"
    MESSAGE_HELD = "messageHeld"


class Outcome(StrEnum):
    SENT = "sent"
    NOT_SENT = "notSent"


@dataclass(frozen=True)
class Reason:
    german: str
    """For the owner (the API)."""
    english: str
    """For the operator (the command line)."""


REASONS: dict[ReviewKind, Reason] = {
    ReviewKind.MESSAGE_SENDING: Reason(
        "Die Nachricht wurde übergeben, aber die Bestätigung kam nie an (Abbruch oder "
        "Verbindung verloren). Bitte prüfen Sie, z. B. im BCC-Postfach, ob sie verschickt wurde.",
        "handed to the mail server or postal provider, but its answer never came (the process "
        "died or the connection dropped): check whether it went out",
    ),
    ReviewKind.DOCUMENT_UNCERTAIN: Reason(
        "Ob lexoffice die Mahnung angelegt hat, ist unklar: die Antwort ging verloren und "
        "lexoffice zeigt sie (noch) nicht. Bitte sehen Sie bei der Rechnung in lexoffice nach.",
        "lexoffice may or may not have created the dunning document: its answer was lost and "
        "the invoice does not show it: check the invoice in lexoffice",
    ),
    ReviewKind.MESSAGE_HELD: Reason(
        "Die Nachricht wurde zurückgehalten, weil ihre Vorbereitung fehlschlug; sie wird am "
        "nächsten Versandtag erneut versucht. Haben Sie sie auf anderem Weg verschickt, markieren "
        "Sie sie als versendet.",
        "held for the day because preparing it failed; due again on the next sending day "
        "(mark it sent if it went out another way)",
    ),
}


@dataclass(frozen=True)
class ReviewItem:
    id: UUID
    kind: ReviewKind
    invoice_id: UUID
    invoice_number: str
    level: Level
    channel: Channel | None
    since: datetime
    message: SentMessage | None = None
    document: StoredDocument | None = None

    @property
    def reason(self) -> Reason:
        """The kind's reason; a held message adds why it was held."""
        reason = REASONS[self.kind]
        why = self.message.failure_reason if self.message else None
        if self.kind is not ReviewKind.MESSAGE_HELD or not why:
            return reason
        return Reason(f"{reason.german} Grund: {why}", f"{reason.english}: {why}")

    def names(self, ident: UUID) -> bool:
        """An item answers to its own id and to the id of the message it concerns."""
        return ident == self.id or (self.message is not None and self.message.id == ident)


class NotOpenForReview(DomainError):
    """The item exists but there is nothing to decide: resolved already, or still in work."""

    code = "not-open-for-review"


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
        reason: str | None = None,
    ) -> bool: ...


class ReviewDocuments(Protocol):
    async def unsettled(self) -> list[StoredDocument]: ...
    async def get(self, document_id: UUID) -> StoredDocument: ...
    async def settle(
        self, document_id: UUID, *, expected: DocumentState, created: bool
    ) -> bool: ...


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


@dataclass(frozen=True)
class _Found:
    """One (invoice, level) left unsettled, before its invoice number is looked up."""

    id: UUID
    kind: ReviewKind
    invoice_id: UUID
    level: Level
    since: datetime
    message: SentMessage | None = None
    document: StoredDocument | None = None


Source = Callable[[ReviewStore, datetime], Awaitable[list[_Found]]]
Resolver = Callable[[ReviewStore, ReviewItem, Outcome, datetime], Awaitable[bool]]


def _settled_before(message: SentMessage | None, cutoff: datetime) -> bool:
    return (
        message is None
        or message.state is not MessageState.SENDING
        or (message.claimed_at <= cutoff)
    )


async def _documents(store: ReviewStore, cutoff: datetime) -> list[_Found]:
    """Documents lexoffice may hold, with the message of their level (a document is made
    while its message is claimed): none that a running cycle may still be asking for."""
    documents = [
        d
        for d in await store.documents.unsettled()
        if d.state is not DocumentState.REQUESTED or d.created_at <= cutoff
    ]
    messages = await store.messages.for_invoices([d.invoice_id for d in documents])
    found = []
    for document in documents:
        of_invoice = messages.get(document.invoice_id, [])
        message = next((m for m in of_invoice if m.level is document.level), None)
        if not _settled_before(message, cutoff):
            continue
        found.append(
            _Found(
                document.id,
                ReviewKind.DOCUMENT_UNCERTAIN,
                document.invoice_id,
                document.level,
                document.created_at,
                message,
                document,
            )
        )
    return found


async def _messages_sending(store: ReviewStore, cutoff: datetime) -> list[_Found]:
    return [
        _Found(m.id, ReviewKind.MESSAGE_SENDING, m.invoice_id, m.level, m.claimed_at, m)
        for m in await store.messages.in_state(MessageState.SENDING)
        if m.claimed_at <= cutoff
    ]


async def _messages_held(store: ReviewStore, _cutoff: datetime) -> list[_Found]:
    """Held messages need no grace: nothing of theirs was handed over."""
    return [
        _Found(
            m.id, ReviewKind.MESSAGE_HELD, m.invoice_id, m.level, m.finished_at or m.claimed_at, m
        )
        for m in await store.messages.in_state(MessageState.HELD)
    ]


SOURCES: tuple[Source, ...] = (_documents, _messages_sending, _messages_held)
"""In order of precedence: an (invoice, level) is listed once, by the first source naming it."""


async def _settle_message(
    store: ReviewStore, message: SentMessage | None, outcome: Outcome, now: datetime
) -> bool:
    """A message left sending takes the outcome; one that failed only because its document
    was uncertain counts as sent when the owner says so."""
    if message is None:
        return True
    sent = outcome is Outcome.SENT
    if message.state is MessageState.FAILED and not sent:
        return True
    if message.state not in (MessageState.SENDING, MessageState.FAILED, MessageState.HELD):
        return False
    return await store.messages.settle(
        message.id, expected=message.state, sent=sent, at=now, reason=NOT_SENT
    )


async def _resolve_message(
    store: ReviewStore, item: ReviewItem, outcome: Outcome, now: datetime
) -> bool:
    return await _settle_message(store, item.message, outcome, now)


async def _resolve_document(
    store: ReviewStore, item: ReviewItem, outcome: Outcome, now: datetime
) -> bool:
    document = item.document
    if document is None:
        return False
    settled = await store.documents.settle(
        document.id, expected=document.state, created=outcome is Outcome.SENT
    )
    return settled and await _settle_message(store, item.message, outcome, now)


RESOLVERS: dict[ReviewKind, Resolver] = {
    ReviewKind.MESSAGE_SENDING: _resolve_message,
    ReviewKind.MESSAGE_HELD: _resolve_message,
    ReviewKind.DOCUMENT_UNCERTAIN: _resolve_document,
}


async def _collect(store: ReviewStore, now: datetime) -> list[ReviewItem]:
    cutoff = now - GRACE
    seen: set[tuple[UUID, Level]] = set()
    found: list[_Found] = []
    for source in SOURCES:
        for one in await source(store, cutoff):
            if (one.invoice_id, one.level) not in seen:
                seen.add((one.invoice_id, one.level))
                found.append(one)
    numbers = await store.invoices.numbers(list({one.invoice_id for one in found}))
    items = [
        ReviewItem(
            one.id,
            one.kind,
            one.invoice_id,
            numbers.get(one.invoice_id, "?"),
            one.level,
            one.message.channel if one.message else None,
            one.since,
            one.message,
            one.document,
        )
        for one in found
    ]
    return sorted(items, key=lambda i: (i.since, str(i.id)))


async def review_items(units: ReviewUnits, tenant_id: UUID, now: datetime) -> list[ReviewItem]:
    """What the tenant must decide, oldest first."""
    async with units() as uow:
        return await _collect(uow.tenant(tenant_id), now)


async def resolve(
    units: ReviewUnits,
    tenant_id: UUID,
    item_id: UUID,
    outcome: Outcome,
    now: datetime,
    actor: str,
) -> ReviewItem:
    """Records the owner's decision; raises `NotFound` for an id the tenant does not have and
    `NotOpenForReview` when there is nothing (left) to decide."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        item = next((i for i in await _collect(store, now) if i.names(item_id)), None)
        if item is None:
            raise await _not_open(store, item_id)
        if not await RESOLVERS[item.kind](store, item, outcome, now):
            raise NotOpenForReview(f"{item_id} changed meanwhile: list the review again")
        await store.audit.record(
            AuditEntry(
                actor,
                "review.resolved",
                now,
                str(item.id),
                {"kind": item.kind.value, "outcome": outcome.value, "level": item.level.value},
            )
        )
    return item


async def _not_open(store: ReviewStore, item_id: UUID) -> Exception:
    try:
        message = await store.messages.get(item_id)
    except NotFound:
        message = None
    if message is not None:
        if message.state is MessageState.SENDING:
            after = message.claimed_at + GRACE
            return NotOpenForReview(
                f"message {item_id} may still be in the hands of a running cycle: "
                f"it can be reviewed from {after:%Y-%m-%d %H:%M} UTC"
            )
        return NotOpenForReview(f"message {item_id} is {message.state.value}: nothing to review")
    try:
        document = await store.documents.get(item_id)
    except NotFound:
        return NotFound("review item", item_id)
    if document.state is DocumentState.CREATED:
        return NotOpenForReview(f"document {item_id} is created: nothing to review")
    return NotOpenForReview(f"document {item_id} may still be requested by a running cycle")
