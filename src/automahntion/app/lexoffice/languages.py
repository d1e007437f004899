"""Each invoice's language (rule 2), read from its lexoffice detail and kept.

The voucher list does not carry it, and the payment re-check reads the list in batches, so the
details are read ahead: after the sync, as a step of its own that the sync's request budget does
not include, for the overdue invoices whose language is not known yet — those due earliest first,
at most `READ_AHEAD` a run (at lexoffice's 2 requests a second, under a minute). What that leaves
unread is read alone right before the invoice's first message (`StoredLanguages`), so no message
goes out in a language that was not read.

A revenue voucher has no language in lexoffice: it is German, without a request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from automahntion.app.clock import Clock
from automahntion.app.invoices.records import StoredInvoice
from automahntion.app.lexoffice.ports import LexofficeApi, LexofficeGateways, LexofficeNotFound
from automahntion.app.progress import UNWATCHED, Progress
from automahntion.app.storage import UnitOfWork
from automahntion.domain.calendar import berlin_today
from automahntion.domain.invoices import Invoice

READ_AHEAD = 100
"""Invoice details read ahead per tenant and run."""
DEFAULT = "de"


async def language_of(api: LexofficeApi, invoice: Invoice) -> str:
    """lexoffice's language of the invoice; raises `LexofficeUnavailable`, `LexofficeNotFound`."""
    if not invoice.kind.has_lexoffice_document:
        return DEFAULT
    return (await api.invoice_details(invoice.lexoffice_id, invoice.kind)).language


def unread(stored: Sequence[StoredInvoice], today: date) -> list[Invoice]:
    """The overdue, usable invoices whose language is not known, those due earliest first."""
    wanted = [
        s.invoice
        for s in stored
        if s.invoice.language is None and s.invoice.unusable is None and s.invoice.is_overdue(today)
    ]
    return sorted(wanted, key=lambda i: (i.due_date, i.voucher_number))


async def read_ahead(
    units: Callable[[], UnitOfWork],
    gateways: LexofficeGateways,
    tenant_id: UUID,
    clock: Clock,
    budget: int = READ_AHEAD,
    progress: Progress = UNWATCHED,
) -> int:
    """Reads and keeps the language of up to `budget` overdue invoices that lack it; returns
    how many requests it made. An invoice lexoffice does not deliver is left for the re-check
    before its message to hold; `LexofficeUnavailable` ends the step (what was read is kept).
    Each invoice read is a step of `progress`."""
    async with units() as uow:
        stored = await uow.tenant(tenant_id).invoices.all()
    waiting = _within(unread(stored, berlin_today(clock.now())), budget)
    if not waiting:
        return 0
    api = await gateways.for_tenant(tenant_id)
    progress.start(len(waiting))
    for invoice in waiting:
        try:
            language = await language_of(api, invoice)
        except LexofficeNotFound:
            continue
        finally:
            progress.advance()
        async with units() as uow:
            await uow.tenant(tenant_id).invoices.set_language(invoice.lexoffice_id, language)
    return sum(invoice.kind.has_lexoffice_document for invoice in waiting)


def _within(waiting: list[Invoice], budget: int) -> list[Invoice]:
    """The first `budget` that need a request, and every one that needs none."""
    chosen, requests = [], 0
    for invoice in waiting:
        if invoice.kind.has_lexoffice_document:
            if requests >= budget:
                continue
            requests += 1
        chosen.append(invoice)
    return chosen


@dataclass(frozen=True)
class StoredLanguages:
    """The must-have read before a first message, kept like one read ahead."""

    units: Callable[[], UnitOfWork]
    tenant_id: UUID
    api: LexofficeApi

    async def language(self, invoice: Invoice) -> str:
        language = await language_of(self.api, invoice)
        async with self.units() as uow:
            await uow.tenant(self.tenant_id).invoices.set_language(invoice.lexoffice_id, language)
        return language
