"""Port: what the attention list reads, a page at a time. Each read gives a source's rows in the
list's order after a place in it (`AttentionPosition`), up to the limit and one more; all of
them for no limit (the digest). The invoices an item may be about are read in the order of
their ids from one on (an item's key begins with it), for the source to judge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from automahntion.app.invoices.records import StoredInvoice
from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.post.records import LetterRecord, StoredDocument
from automahntion.domain.recipients import BlockReason

if TYPE_CHECKING:
    from automahntion.app.review.attention_position import AttentionPosition


class AttentionReads(Protocol):
    async def messages(
        self,
        states: Sequence[MessageState],
        today: date,
        after: AttentionPosition | None,
        limit: int | None,
    ) -> list[SentMessage]:
        """Messages in `states`, held ones only while they still await a decision on `today`
        (as `ReviewSources.messages_held`); since: their outcome (else their claim); key: their
        id."""
        ...

    async def uncertain_documents(
        self, after: AttentionPosition | None, limit: int | None
    ) -> list[StoredDocument]:
        """Since: when the document was requested; key: its id."""
        ...

    async def thank_yous_sending(
        self, cutoff: datetime, after: AttentionPosition | None, limit: int | None
    ) -> list[ThankYouRecord]:
        """Claimed by `cutoff`; since: the claim; key: its id."""
        ...

    async def letters_held(
        self, after: AttentionPosition | None, limit: int | None
    ) -> list[LetterRecord]:
        """Letters the provider holds (`action_required`); since: the status's change (undated
        without one); key: the provider's id of the letter."""
        ...

    async def blocked_invoices(
        self, reasons: Sequence[BlockReason], today: date, first: UUID, limit: int | None
    ) -> list[StoredInvoice]:
        """Invoices from `first` on blocked for one of `reasons`, open and overdue on `today`,
        not handed over."""
        ...

    async def admitted_invoices(
        self, today: date, first: UUID, limit: int | None
    ) -> list[StoredInvoice]:
        """Invoices from `first` on holding a quota slot, not blocked, open and overdue on
        `today`, not handed over."""
        ...
