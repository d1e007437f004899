"""What the review lists (`app.review.sources`), read in SQL: each source's rows in the order
(since, id) after a place in it, up to a limit (None: all of them).

An (invoice, level) is listed once, by the first source naming it: a dunning document, else
its message. The storage holds one document and one message per (invoice, level) (their unique
indexes), so a message is left out when a document of its (invoice, level) is listed: one that
is uncertain, or requested by the cutoff (no running cycle may still be asking for it). A
listed message is settled before the cutoff (sending since then, or held), as the document
source asks of the message of its document. Each source reads its own index, (tenant, state,
moment, id). `named` narrows the sources to what answers to one id (a decision's lookup): each
reads its row by primary key, the documents also the one of the message of that id. A held
message is listed only while it still awaits a decision (`held_awaited`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from piccolo.columns import Column
from piccolo.columns.combination import WhereRaw
from piccolo.query import Select
from piccolo.querystring import QueryString

from automahntion.adapters.db.repositories.documents import stored_document
from automahntion.adapters.db.repositories.held_awaited import STILL_AWAITED
from automahntion.adapters.db.repositories.keyset import keyset_page
from automahntion.adapters.db.repositories.messages import message_of
from automahntion.adapters.db.repositories.thank_yous import THANK_YOU_COLUMNS, thank_you_of
from automahntion.adapters.db.tables import DunningDocument as DocumentRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.adapters.db.tables import ThankYou as ThankYouRow
from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.pages import MomentPosition
from automahntion.app.post.records import DocumentState, StoredDocument

_SENDING = MessageState.SENDING.value
_HELD = MessageState.HELD.value
_REQUESTED = DocumentState.REQUESTED.value
_UNCERTAIN = DocumentState.UNCERTAIN.value

_NO_LISTED_DOCUMENT = (
    'NOT EXISTS (SELECT 1 FROM "dunning_document" d WHERE d."tenant" = "sent_message"."tenant" '
    'AND d."invoice" = "sent_message"."invoice" AND d."level" = "sent_message"."level" '
    f"AND (d.\"state\" = '{_UNCERTAIN}' "
    f'OR (d."state" = \'{_REQUESTED}\' AND d."created_at" <= {{}})))'
)
_NO_MESSAGE_SENDING_SINCE = (
    'NOT EXISTS (SELECT 1 FROM "sent_message" m WHERE m."tenant" = "dunning_document"."tenant" '
    'AND m."invoice" = "dunning_document"."invoice" AND m."level" = "dunning_document"."level" '
    f'AND m."state" = \'{_SENDING}\' AND m."claimed_at" > {{}})'
)
_HELD_SINCE = 'COALESCE("sent_message"."finished_at", "sent_message"."claimed_at")'
"""When a held message was held: its outcome's time (older rows: its claim's)."""
_HELD_AFTER = f'({_HELD_SINCE} > {{}} OR ({_HELD_SINCE} = {{}} AND "sent_message"."id" > {{}}))'


def _limited(query: Select[Any], limit: int | None) -> Select[Any]:
    return query if limit is None else query.limit(limit + 1)


class PiccoloReviewSources:
    """`limit` rows and one more (it tells whether another page follows); all for None."""

    def __init__(self, tenant_id: UUID, ident: UUID | None = None) -> None:
        self._tenant = tenant_id
        self._ident = ident

    def named(self, ident: UUID) -> PiccoloReviewSources:
        return PiccoloReviewSources(self._tenant, ident)

    def _answering(self, query: Select[Any], ident: Column) -> Select[Any]:
        return query if self._ident is None else query.where(ident == self._ident)

    async def _documents_answering(self, query: Select[Any]) -> Select[Any]:
        """The document of that id, or of the (invoice, level) of the message of that id."""
        if self._ident is None:
            return query
        message = (
            await MessageRow.select(MessageRow.invoice, MessageRow.level)
            .where((MessageRow.tenant == self._tenant) & (MessageRow.id == self._ident))
            .first()
        )
        named = DocumentRow.id == self._ident
        if message is not None:
            named |= (DocumentRow.invoice == message["invoice"]) & (
                DocumentRow.level == message["level"]
            )
        return query.where(named)

    async def sending_with(self, message_id: str, claimed_at: datetime) -> list[SentMessage]:
        rows = await MessageRow.select().where(
            (MessageRow.tenant == self._tenant)
            & (MessageRow.state == _SENDING)
            & (MessageRow.claimed_at == claimed_at)
            & (MessageRow.message_id == message_id)
        )
        return [message_of(row) for row in rows]

    async def documents(
        self, cutoff: datetime, after: MomentPosition | None, limit: int | None
    ) -> list[StoredDocument]:
        query = (
            DocumentRow.select()
            .where(DocumentRow.tenant == self._tenant)
            .where(
                (DocumentRow.state == _UNCERTAIN)
                | ((DocumentRow.state == _REQUESTED) & (DocumentRow.created_at <= cutoff))
            )
            .where(WhereRaw(_NO_MESSAGE_SENDING_SINCE, cutoff))
        )
        query = await self._documents_answering(query)
        page = keyset_page(query, DocumentRow.created_at, DocumentRow.id, after, limit)
        return [stored_document(row) for row in await page]

    async def messages_sending(
        self, cutoff: datetime, after: MomentPosition | None, limit: int | None
    ) -> list[SentMessage]:
        query = (
            MessageRow.select()
            .where(MessageRow.tenant == self._tenant)
            .where(MessageRow.state == _SENDING)
            .where(MessageRow.claimed_at <= cutoff)
            .where(WhereRaw(_NO_LISTED_DOCUMENT, cutoff))
        )
        query = self._answering(query, MessageRow.id)
        page = keyset_page(query, MessageRow.claimed_at, MessageRow.id, after, limit)
        return [message_of(row) for row in await page]

    async def messages_held(
        self, cutoff: datetime, today: date, after: MomentPosition | None, limit: int | None
    ) -> list[SentMessage]:
        query = (
            MessageRow.select()
            .where(MessageRow.tenant == self._tenant)
            .where(MessageRow.state == _HELD)
            .where(WhereRaw(_NO_LISTED_DOCUMENT, cutoff))
            .where(WhereRaw(STILL_AWAITED, today, today, today))
        )
        query = self._answering(query, MessageRow.id)
        if after is not None:
            query = query.where(WhereRaw(_HELD_AFTER, after.at, after.at, after.id))
        query = query.order_by(QueryString(_HELD_SINCE), MessageRow.id)
        return [message_of(row) for row in await _limited(query, limit)]

    async def thank_yous_sending(
        self, cutoff: datetime, after: MomentPosition | None, limit: int | None
    ) -> list[ThankYouRecord]:
        query = (
            ThankYouRow.select(*THANK_YOU_COLUMNS)
            .where(ThankYouRow.tenant == self._tenant)
            .where(ThankYouRow.state == "sending")
            .where(ThankYouRow.sent_at.is_not_null())
            .where(ThankYouRow.sent_at <= cutoff)
        )
        query = self._answering(query, ThankYouRow.id)
        page = keyset_page(query, ThankYouRow.sent_at, ThankYouRow.id, after, limit)
        return [thank_you_of(row) for row in await page]
