"""Where review items come from: dunning documents of unknown fate, messages left `sending`,
messages held, and thank-you e-mails left `sending`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.post.records import DocumentState, StoredDocument
from automahntion.app.review.items import ReviewKind
from automahntion.app.review.ports import ReviewStore
from automahntion.domain.levels import Level


@dataclass(frozen=True)
class Unsettled:
    """One (invoice, level) left unsettled, before its invoice number is looked up."""

    id: UUID
    kind: ReviewKind
    invoice_id: UUID
    level: Level | None
    since: datetime
    message: SentMessage | None = None
    document: StoredDocument | None = None
    thank_you: ThankYouRecord | None = None


Source = Callable[[ReviewStore, datetime], Awaitable[list[Unsettled]]]


def _settled_before(message: SentMessage | None, cutoff: datetime) -> bool:
    return (
        message is None
        or message.state is not MessageState.SENDING
        or (message.claimed_at <= cutoff)
    )


async def _documents(store: ReviewStore, cutoff: datetime) -> list[Unsettled]:
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
            Unsettled(
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


async def _messages_sending(store: ReviewStore, cutoff: datetime) -> list[Unsettled]:
    return [
        Unsettled(m.id, ReviewKind.MESSAGE_SENDING, m.invoice_id, m.level, m.claimed_at, m)
        for m in await store.messages.in_state(MessageState.SENDING)
        if m.claimed_at <= cutoff
    ]


async def _messages_held(store: ReviewStore, _cutoff: datetime) -> list[Unsettled]:
    """Held messages need no grace: nothing of theirs was handed over."""
    return [
        Unsettled(
            m.id, ReviewKind.MESSAGE_HELD, m.invoice_id, m.level, m.finished_at or m.claimed_at, m
        )
        for m in await store.messages.in_state(MessageState.HELD)
    ]


async def _thank_yous_sending(store: ReviewStore, cutoff: datetime) -> list[Unsettled]:
    """Thank-yous handed over (or claimed) longer than a running cycle may hold them."""
    return [
        Unsettled(t.id, ReviewKind.THANK_YOU_SENDING, t.invoice_id, None, t.claimed_at, thank_you=t)
        for t in await store.thank_yous.sending()
        if t.claimed_at is not None and t.claimed_at <= cutoff
    ]


SOURCES: tuple[Source, ...] = (
    _documents,
    _messages_sending,
    _messages_held,
    _thank_yous_sending,
)
"""In order of precedence: an (invoice, level) is listed once, by the first source naming it."""
