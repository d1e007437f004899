"""Where review items come from: dunning documents of unknown fate, messages left `sending`,
messages held (while they still await a decision), and thank-you e-mails left `sending`: each
source a page at a time, in the order (since, id), from the storage's `ReviewSources` (which
lists an (invoice, level) once)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.records import SentMessage
from automahntion.app.pages import MomentPosition
from automahntion.app.post.records import StoredDocument
from automahntion.app.review.items import ReviewKind
from automahntion.app.review.ports import ReviewStore
from automahntion.domain.calendar import berlin_today
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


Source = Callable[
    [ReviewStore, datetime, MomentPosition | None, int | None], Awaitable[list[Unsettled]]
]
"""The source's items after a place in the order (since, id): up to the limit and one more
(all for None), none that a cycle running since the cutoff may still hold."""


async def _documents(
    store: ReviewStore, cutoff: datetime, after: MomentPosition | None, limit: int | None
) -> list[Unsettled]:
    """Documents lexoffice may hold, with the message of their level (a document is made
    while its message is claimed)."""
    documents = await store.review.documents(cutoff, after, limit)
    messages = await store.messages.for_invoices([d.invoice_id for d in documents])
    return [
        Unsettled(
            document.id,
            ReviewKind.DOCUMENT_UNCERTAIN,
            document.invoice_id,
            document.level,
            document.created_at,
            next(
                (m for m in messages.get(document.invoice_id, []) if m.level is document.level),
                None,
            ),
            document,
        )
        for document in documents
    ]


async def _messages_sending(
    store: ReviewStore, cutoff: datetime, after: MomentPosition | None, limit: int | None
) -> list[Unsettled]:
    return [
        Unsettled(m.id, ReviewKind.MESSAGE_SENDING, m.invoice_id, m.level, m.claimed_at, m)
        for m in await store.review.messages_sending(cutoff, after, limit)
    ]


async def _messages_held(
    store: ReviewStore, cutoff: datetime, after: MomentPosition | None, limit: int | None
) -> list[Unsettled]:
    return [
        Unsettled(
            m.id, ReviewKind.MESSAGE_HELD, m.invoice_id, m.level, m.finished_at or m.claimed_at, m
        )
        for m in await store.review.messages_held(cutoff, berlin_today(cutoff), after, limit)
    ]


async def _thank_yous_sending(
    store: ReviewStore, cutoff: datetime, after: MomentPosition | None, limit: int | None
) -> list[Unsettled]:
    return [
        Unsettled(t.id, ReviewKind.THANK_YOU_SENDING, t.invoice_id, None, t.claimed_at, thank_you=t)
        for t in await store.review.thank_yous_sending(cutoff, after, limit)
        if t.claimed_at is not None
    ]


SOURCES: dict[ReviewKind, Source] = {
    ReviewKind.DOCUMENT_UNCERTAIN: _documents,
    ReviewKind.MESSAGE_SENDING: _messages_sending,
    ReviewKind.MESSAGE_HELD: _messages_held,
    ReviewKind.THANK_YOU_SENDING: _thank_yous_sending,
}
"""One source per kind."""
