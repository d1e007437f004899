"""Use case: a page of the tenant's invoices as the overview shows them (`GET /v1/invoices`).

What the page shows is read by one port (`InvoiceListReads`), outside any unit of work where
the engine allows it: on PostgreSQL one statement (`adapters/db/invoice_list.py`), elsewhere the
repositories in one unit of work (`UnitOfWorkInvoiceList`). The composition root picks one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol
from uuid import UUID

from automahntion.app.invoices.criteria import InvoiceCriteria
from automahntion.app.invoices.overview import InvoicePage, InvoiceView
from automahntion.app.post.letters import letters_blocked, tenant_policy
from automahntion.app.storage import UnitOfWork
from automahntion.domain.levels import DunningPolicy


@dataclass(frozen=True)
class ListedPage:
    views: list[InvoiceView]
    """Without `letter_blocked`: `list_invoices` works it out from `policy`."""
    more: bool
    policy: DunningPolicy


class InvoiceListReads(Protocol):
    async def page(
        self, tenant_id: UUID, criteria: InvoiceCriteria, *, limit: int, after: str | None
    ) -> ListedPage:
        """Up to `limit` invoices matching `criteria` in `position` order after `after`, each
        with its contact, messages, documents and letters; whether more follow; the tenant's
        dunning policy."""
        ...


class UnitOfWorkInvoiceList:
    """The page from the repositories, in one unit of work."""

    def __init__(self, units: Callable[[], UnitOfWork]) -> None:
        self._units = units

    async def page(
        self, tenant_id: UUID, criteria: InvoiceCriteria, *, limit: int, after: str | None
    ) -> ListedPage:
        async with self._units() as uow:
            store = uow.tenant(tenant_id)
            chosen, more = await store.invoices.page(criteria, limit=limit, after=after)
            ids = [s.id for s in chosen]
            contacts = await store.contacts.get_many(
                sorted({i.invoice.contact_id for i in chosen if i.invoice.contact_id})
            )
            messages = await store.messages.for_invoices(ids)
            documents = await store.documents.for_invoices(ids)
            letters = await store.letters.for_invoices(ids)
            policy = tenant_policy(await store.account.get(), await store.levels.settings())
        views = [
            InvoiceView(
                stored,
                contacts.get(stored.invoice.contact_id or ""),
                tuple(messages.get(stored.id, ())),
                tuple(documents.get(stored.id, ())),
                tuple(letters.get(stored.id, ())),
            )
            for stored in chosen
        ]
        return ListedPage(views, more, policy)


async def list_invoices(
    reads: InvoiceListReads,
    tenant_id: UUID,
    criteria: InvoiceCriteria,
    *,
    limit: int,
    after: str | None = None,
    today: date | None = None,
) -> InvoicePage:
    """One page in `position` order, starting after the position `after`."""
    listed = await reads.page(tenant_id, criteria, limit=limit, after=after)
    blocked = letters_blocked(
        listed.policy, ((v.stored, v.contact, v.messages) for v in listed.views), today
    )
    views = listed.views
    if blocked:
        views = [
            replace(v, letter_blocked=blocked[v.stored.id]) if v.stored.id in blocked else v
            for v in views
        ]
    return InvoicePage(views, listed.more)
