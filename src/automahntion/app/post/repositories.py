"""Ports: the documents made for dunning notices, and the letters posted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.post.provider import LetterEvent, LetterState
from automahntion.app.post.records import DocumentState, LetterRecord, StoredDocument
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind


class DocumentRepository(Protocol):
    async def begin(self, invoice_id: UUID, level: Level, source: str, now: datetime) -> UUID:
        """Records the attempt before anything is created; raises `AlreadyExists` when this
        invoice and level have a document (or an attempt) already."""
        ...

    async def created(
        self, document_id: UUID, *, file_ref: str | None, dunning_id: str | None
    ) -> None: ...
    async def uncertain(self, document_id: UUID) -> None: ...
    async def abandon(self, document_id: UUID) -> None:
        """Forget an attempt that certainly created nothing (still `requested`)."""
        ...

    async def for_level(self, invoice_id: UUID, level: Level) -> StoredDocument | None: ...
    async def for_invoice(self, invoice_id: UUID) -> list[StoredDocument]: ...
    async def for_invoices(
        self, invoice_ids: Sequence[UUID]
    ) -> dict[UUID, list[StoredDocument]]: ...
    async def get(self, document_id: UUID) -> StoredDocument: ...
    async def unsettled(self) -> list[StoredDocument]:
        """Requested or uncertain: lexoffice's answer was never recorded."""
        ...

    async def settle(self, document_id: UUID, *, expected: DocumentState, created: bool) -> bool:
        """Compare-and-set from `expected`: created after all, or removed so that it is
        requested again; False when it is no longer in `expected`."""
        ...


class LetterRepository(Protocol):
    async def add(self, letter: LetterRecord) -> None:
        """Raises `AlreadyExists` when the invoice's level went by post before."""
        ...

    async def by_provider_id(self, provider_letter_id: str) -> LetterRecord | None: ...
    async def update(self, letter: LetterRecord) -> None:
        """The state of the letter with its provider id (with the provider's reason and time)
        and its tracking code; the code also goes on its message."""
        ...

    async def in_state(self, state: LetterState) -> list[LetterRecord]:
        """The tenant's letters in `state`, oldest sending day first."""
        ...

    async def for_invoices(self, invoice_ids: Sequence[UUID]) -> dict[UUID, list[LetterRecord]]: ...
    async def count_by_kind(self, start: date, end_inclusive: date) -> dict[LetterKind, int]:
        """Letters posted from `start` to `end_inclusive` (by their sending day), every kind
        present (0 when none), without those the provider refused or cancelled (`NOT_POSTED`):
        what the monthly letter invoice bills."""
        ...

    async def mark_billed(self, start: date, end_inclusive: date, bill_key: str) -> None:
        """The letters `count_by_kind` counts, not yet on a bill, go on the bill `bill_key`
        (in the transaction that records the bill: one refused at the same moment is either
        on it, and credited later, or not)."""
        ...

    async def count_billed(self, bill_key: str) -> dict[LetterKind, int]:
        """The letters on the bill `bill_key`, every kind present (0 when none), also those
        refused or cancelled since (they are credited on their own)."""
        ...

    async def billed_not_posted(self, credit_key_prefix: str) -> list[LetterRecord]:
        """Letters on a bill that the provider refused or cancelled after (`NOT_POSTED`) and
        not credited yet: without a billing record keyed `credit_key_prefix` + their provider
        letter id, or with one still pending (recorded, the provider's answer not taken in).
        Each one is credited."""
        ...


class EarlyLetterEvents(Protocol):
    """Status reports for a letter not recorded yet: the provider may call back right after the
    submit, before the transaction recording the letter commits, and does not send them again."""

    async def lock(self, provider_letter_id: str) -> None:
        """Until the commit, first in the transaction: a report and the recording of its letter
        take turns, so that one of them sees the other."""
        ...

    async def keep(self, event: LetterEvent, now: datetime) -> None: ...
    async def take(self, provider_letter_id: str) -> list[LetterEvent]:
        """The reports kept for the letter, in the order they came, and forgotten."""
        ...

    async def forget_older_than(self, moment: datetime) -> int:
        """Forgets the reports that came before `moment`, whichever letter; how many."""
        ...
