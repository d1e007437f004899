"""A decision's lookup: the review's store narrowed to what answers to one id, so that listing
it reads that item's rows by primary key (and its invoice number), not every item of the
tenant. What is listed is what the whole list holds of that id, by the same sources."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from automahntion.app.review.ports import (
    ReviewAudit,
    ReviewDocuments,
    ReviewInvoices,
    ReviewLetters,
    ReviewLevels,
    ReviewMessages,
    ReviewSources,
    ReviewStore,
    ReviewThankYous,
)


@dataclass(frozen=True)
class _Named:
    review: ReviewSources
    messages: ReviewMessages
    documents: ReviewDocuments
    thank_yous: ReviewThankYous
    letters: ReviewLetters
    levels: ReviewLevels
    invoices: ReviewInvoices
    audit: ReviewAudit


def named(store: ReviewStore, ident: UUID) -> ReviewStore:
    """`store` whose review sources list only what answers to `ident`."""
    return _Named(
        store.review.named(ident),
        store.messages,
        store.documents,
        store.thank_yous,
        store.letters,
        store.levels,
        store.invoices,
        store.audit,
    )
