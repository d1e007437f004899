"""What the attention list reads (`app.review.attention_reads`), in SQL: each source's rows in
the list's order after a place in it, up to a limit and one more (None: all of them).

A place is a moment and a key (`AttentionPosition`); the key is compared as the source spells
it (`message:{id}:{state}`, …), byte by byte on both engines (PostgreSQL's collation "C").
Within a moment the order of the keys of messages, documents and thank-yous is that of their
ids, which their indexes hold: (tenant, state, moment, id), messages by their outcome, else
their claim (migration `attention_page_indexes`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw
from piccolo.query import Select
from piccolo.querystring import QueryString
from piccolo.table import Table

from automahntion.adapters.db.repositories.documents import stored_document
from automahntion.adapters.db.repositories.held_awaited import STILL_AWAITED
from automahntion.adapters.db.repositories.invoices import STORED_COLUMNS, stored_invoice
from automahntion.adapters.db.repositories.letters import letter_of
from automahntion.adapters.db.repositories.messages import message_of
from automahntion.adapters.db.repositories.thank_yous import THANK_YOU_COLUMNS, thank_you_of
from automahntion.adapters.db.tables import DunningDocument as DocumentRow
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.adapters.db.tables import Letter as LetterRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.adapters.db.tables import ThankYou as ThankYouRow
from automahntion.app.invoices.records import AdmissionState, StoredInvoice
from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import DocumentState, LetterRecord, StoredDocument
from automahntion.app.review.attention_position import AttentionPosition
from automahntion.domain.recipients import BlockReason

_MESSAGE_SINCE = 'COALESCE("sent_message"."finished_at", "sent_message"."claimed_at")'
_MESSAGE_KEY = (
    '\'message:\' || CAST("sent_message"."id" AS TEXT) || \':\' || "sent_message"."state"'
)
_DOCUMENT_KEY = "'document:' || CAST(\"dunning_document\".\"id\" AS TEXT) || ':uncertain'"
_THANK_YOU_KEY = "'thank-you:' || CAST(\"thank_you\".\"id\" AS TEXT) || ':sending'"
_LETTER_KEY = (
    "'letter:' || COALESCE(\"letter\".\"provider_letter_id\", 'None') || ':action_required'"
)
"""A letter without the provider's id is keyed as Python spells None."""


def _bytewise(table: type[Table], key: str) -> str:
    return f'({key}) COLLATE "C"' if table._meta.db.engine_type == "postgres" else key


def _after(table: type[Table], since: str, key: str, after: AttentionPosition) -> WhereRaw:
    """The rows after `after`; on a place among the dated items, the range of the moments
    first, which the index reads from (the terms of the place alone, joined by OR, it cannot)."""
    key = _bytewise(table, key)
    terms: list[str] = []
    args: list[Any] = []
    if after.tie is not None:
        terms.append(f"({since} = {{}} AND {key} > {{}})")
        args += [after.tie, after.tie_key]
    if after.dated_from is not None:
        terms.append(f"{since} >= {{}}")
        args.append(after.dated_from)
    if after.undated_after is not None:
        terms.append(f"({since} IS NULL AND {key} > {{}})")
        args.append(after.undated_after)
    where = f"({' OR '.join(terms) or '1 = 0'})"
    moments = [m for m in (after.tie, after.dated_from) if m is not None]
    if moments and after.undated_after is None:
        where = f"({since} >= {{}} AND {where})"
        args.insert(0, min(moments))
    return WhereRaw(where, *args)


def _page(
    query: Select[Any],
    table: type[Table],
    since: str,
    key: str,
    after: AttentionPosition | None,
    limit: int | None,
) -> Select[Any]:
    if after is not None:
        query = query.where(_after(table, since, key, after))
    return query if limit is None else query.limit(limit + 1)


def _invoices(query: Select[Any], today: date, first: UUID, limit: int | None) -> Select[Any]:
    query = (
        query.where(InvoiceRow.id >= first)
        .where(InvoiceRow.open_cents > 0)
        .where(InvoiceRow.due_date < today)
        .where(InvoiceRow.handed_over_at.is_null())
        .order_by(InvoiceRow.id)
    )
    return query if limit is None else query.limit(limit + 1)


class PiccoloAttentionReads:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def messages(
        self,
        states: Sequence[MessageState],
        today: date,
        after: AttentionPosition | None,
        limit: int | None,
    ) -> list[SentMessage]:
        """One statement a state, each in the order of its index."""
        found = []
        for state in states:
            query = (
                MessageRow.select()
                .where((MessageRow.tenant == self._tenant) & (MessageRow.state == state.value))
                .order_by(QueryString(_MESSAGE_SINCE), MessageRow.id)
            )
            if state is MessageState.HELD:
                query = query.where(WhereRaw(STILL_AWAITED, today, today, today))
            page = _page(query, MessageRow, _MESSAGE_SINCE, _MESSAGE_KEY, after, limit)
            found += [message_of(row) for row in await page]
        return found

    async def uncertain_documents(
        self, after: AttentionPosition | None, limit: int | None
    ) -> list[StoredDocument]:
        query = (
            DocumentRow.select()
            .where(DocumentRow.tenant == self._tenant)
            .where(DocumentRow.state == DocumentState.UNCERTAIN.value)
            .order_by(DocumentRow.created_at, DocumentRow.id)
        )
        since = '"dunning_document"."created_at"'
        page = _page(query, DocumentRow, since, _DOCUMENT_KEY, after, limit)
        return [stored_document(row) for row in await page]

    async def thank_yous_sending(
        self, cutoff: datetime, after: AttentionPosition | None, limit: int | None
    ) -> list[ThankYouRecord]:
        query = (
            ThankYouRow.select(*THANK_YOU_COLUMNS)
            .where(ThankYouRow.tenant == self._tenant)
            .where(ThankYouRow.state == "sending")
            .where(ThankYouRow.sent_at <= cutoff)
            .order_by(ThankYouRow.sent_at, ThankYouRow.id)
        )
        page = _page(query, ThankYouRow, '"thank_you"."sent_at"', _THANK_YOU_KEY, after, limit)
        return [thank_you_of(row) for row in await page]

    async def letters_held(
        self, after: AttentionPosition | None, limit: int | None
    ) -> list[LetterRecord]:
        since = '"letter"."status_changed_at"'
        query = (
            LetterRow.select()
            .where(LetterRow.tenant == self._tenant)
            .where(LetterRow.status == LetterState.ACTION_REQUIRED.value)
            .order_by(
                QueryString(f"{since} IS NULL"),
                LetterRow.status_changed_at,
                QueryString(_bytewise(LetterRow, _LETTER_KEY)),
            )
        )
        page = _page(query, LetterRow, since, _LETTER_KEY, after, limit)
        return [letter_of(row) for row in await page]

    async def blocked_invoices(
        self, reasons: Sequence[BlockReason], today: date, first: UUID, limit: int | None
    ) -> list[StoredInvoice]:
        query = InvoiceRow.select(*STORED_COLUMNS).where(
            (InvoiceRow.tenant == self._tenant)
            & InvoiceRow.blocked_reason.is_in([reason.value for reason in reasons])
        )
        return [stored_invoice(row) for row in await _invoices(query, today, first, limit)]

    async def admitted_invoices(
        self, today: date, first: UUID, limit: int | None
    ) -> list[StoredInvoice]:
        query = InvoiceRow.select(*STORED_COLUMNS).where(
            (InvoiceRow.tenant == self._tenant)
            & (InvoiceRow.admission == AdmissionState.ADMITTED.value)
            & InvoiceRow.blocked_reason.is_null()
        )
        return [stored_invoice(row) for row in await _invoices(query, today, first, limit)]
