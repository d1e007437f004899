"""The ports of sending one tenant's day, each with only what sending needs; `DunningPorts` is
what the composition root hands in, `SendPorts` what the sending steps use (see `wiring`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.clock import Clock
from automahntion.app.dunning.report import Outcome
from automahntion.app.invoices.records import StoredInvoice
from automahntion.app.invoices.repositories import DayReads
from automahntion.app.lexoffice.ports import LexofficeGateways, PaymentState
from automahntion.app.mail.ports import Attachment, MailSender, MailTransports
from automahntion.app.mail.rendering import MessageFacts, Rendered, TemplateRenderer
from automahntion.app.messages.reasons import Reason
from automahntion.app.messages.records import Claim, LetterFacts
from automahntion.app.post.files import FileStore
from automahntion.app.post.letter_layout import DocumentRenderer
from automahntion.app.post.provider import LetterPrinter
from automahntion.app.storage import UnitOfWork
from automahntion.domain.day_plan import PlannedItem
from automahntion.domain.interest import BaseRateTable
from automahntion.domain.invoices import Invoice
from automahntion.domain.prices import LetterKind


@dataclass(frozen=True)
class DunningPorts:
    units: Callable[[], UnitOfWork]
    gateways: LexofficeGateways
    mail: MailTransports
    templates: TemplateRenderer
    clock: Clock
    message_domain: str
    files: FileStore | None = None
    renderer: DocumentRenderer | None = None
    rates: BaseRateTable = field(default_factory=BaseRateTable)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    letters: LetterPrinter | None = None
    """The print-and-mail provider for M-levels `by_post`; None when none is configured."""
    day_reads: DayReads | None = None
    """How a day that writes nothing is read outside a unit of work; None: in one (SQLite's
    several statements need its transaction)."""
    reading: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(DAYS_READ_AT_ONCE))
    """Held while a tenant's day is read (`load`), however many tenants are worked at once."""


DAYS_READ_AT_ONCE = 2
"""A day's read is CPU work for the database: with more of them at once the database's
processes only take the CPU from this process deciding the days already read
(`bench/dunning_run.py`), while two keep the next day ready."""


@dataclass(frozen=True)
class Item:
    """A planned item that passed the payment re-check: its amounts as open right now."""

    planned: PlannedItem
    stored: StoredInvoice
    open_cents: int
    facts: MessageFacts


class PaymentCheck(Protocol):
    async def payment_state(self, voucher_id: str) -> PaymentState:
        """The invoice's state in lexoffice right now; raises `LexofficeUnavailable`,
        `LexofficeUnreadable` (lexoffice gave it in a shape that cannot be read),
        `LexofficeNotFound`."""
        ...

    async def listed_payment_states(self, invoices: Sequence[Invoice]) -> dict[str, PaymentState]:
        """The state of each of `invoices` that the voucher list shows open or in payment, read
        in a few requests (250 invoices each); an invoice left out must be read alone. Raises
        `LexofficeUnavailable`."""
        ...


class InvoiceLanguages(Protocol):
    async def language(self, invoice: Invoice) -> str:
        """The invoice's language read from lexoffice now, and kept; raises
        `LexofficeUnavailable`, `LexofficeNotFound`."""
        ...


class MessageLedger(Protocol):
    """Claims on (invoice, level) and what became of them, each call written at once."""

    async def claim(self, claims: Sequence[Claim]) -> list[UUID]:
        """The claims of one message, taken together: each one's id. Raises `ClaimedElsewhere`,
        taking none, when another process holds any of their levels (the message names every
        invoice in it), and `TenantNotActivated`, taking none, when the tenant is no longer
        activated — its owner may deactivate it while its cycle runs, and from then on nothing
        more is sent. Raises `PausedMeanwhile`, taking none, when a pause (Mahnstopp) holds for
        any of their invoices or for the whole tenant (`tenant_wide`: nothing more is sent)."""
        ...

    async def withdraw_if_stopped(
        self, claim_ids: Sequence[UUID], *, at: datetime, stated: Mapping[UUID, int]
    ) -> None:
        """The last look right before the hand-over: when the tenant was deactivated, or a pause
        (Mahnstopp) set since the claim now holds for any of the message's invoices or the
        tenant, all its claims still `sending` are taken back, as if never taken (neither sent
        nor failed: due again when the pause ends or the tenant is activated again), and
        `TenantNotActivated` or `PausedMeanwhile` is raised as by `claim`; so too, raising
        `PaidMeanwhile`, when lexoffice told of a payment since the re-check (an invoice stored
        paid, voided or in payment, or with less open than `stated`, the open cents the message
        asks for by invoice id). Otherwise they are
        marked going out in the same transaction: a pause or deactivation either commits
        before this look (and is found) or waits for it and then sees them on their way."""
        ...

    async def hold(self, claim: Claim, *, reason: Reason) -> None:
        """Held without a claim before it; raises `LevelAlreadyClaimed`."""
        ...

    async def mark_held(self, claim_id: UUID, *, reason: Reason, at: datetime) -> None: ...
    async def mark_failed(
        self, claim_ids: Sequence[UUID], *, reason: Reason, at: datetime
    ) -> None: ...

    async def mark_sent(
        self,
        claim_ids: Sequence[UUID],
        *,
        at: datetime,
        recipient_domain: str,
        transport_message_id: str | None,
        content_sha256: str,
    ) -> None: ...


class Outbox(Protocol):
    async def sender(self) -> MailSender:
        """The tenant's transport, opened at the first mail; raises when it cannot be."""
        ...


class Documents(Protocol):
    """What goes with a message: the invoice's PDF, the notice's document."""

    @property
    def makes_notices(self) -> bool: ...
    async def attachments(self, item: Item, rendered: Rendered) -> tuple[Attachment, ...] | Reason:
        """Every attachment of `item`, or why one cannot be made (the message is held)."""
        ...

    async def notice(self, item: Item, rendered: Rendered) -> Attachment | Reason: ...
    async def letter(self, item: Item, rendered: Rendered) -> LetterDocument | Reason:
        """The PDF to post for the notice (ours, or our cover and lexoffice's dunning) with
        what it was laid out from, or why there is none today."""
        ...


@dataclass(frozen=True)
class LetterDocument:
    pdf: Attachment
    facts: LetterFacts


@dataclass(frozen=True)
class LetterToPost:
    tenant_id: UUID
    invoice_id: UUID
    claim_id: UUID
    item: Item
    kind: LetterKind
    document: Attachment
    day: date
    facts: LetterFacts | None = None
    """What the document was laid out from, recorded with the message when it is sent."""


class LetterPost(Protocol):
    async def post(self, letter: LetterToPost) -> tuple[Outcome, str]:
        """Posts the claimed notice and records the outcome: sent, failed (due again), or
        review (the provider may have taken it)."""
        ...


@dataclass(frozen=True)
class SendPorts:
    payments: PaymentCheck | None
    """None when lexoffice cannot be reached today: nothing passes the re-check."""
    ledger: MessageLedger
    outbox: Outbox
    documents: Documents
    post: LetterPost | None
    templates: TemplateRenderer
    clock: Clock
    message_domain: str
    rates: BaseRateTable = field(default_factory=BaseRateTable)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    languages: InvoiceLanguages | None = None
    """Reads the language of an invoice that has none yet; None: such an invoice is German."""
