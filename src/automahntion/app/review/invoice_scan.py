"""The items about invoices that a page needs (the blocked invoices, the letters whose address
cannot be printed). Whether an invoice makes an item is judged here, not in SQL, and the items
have no date: their place is their key, which begins with the invoice's id. So the invoices are
read in the order of their ids from the first one an item after the page's place can be about,
a page and one more at a time, until the items after that place fill the page and one more or
no invoice is left. Without a window: every invoice at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

from automahntion.app.invoices.records import StoredInvoice
from automahntion.app.review.attention_items import AttentionItem, Situation

Read = Callable[[UUID, int | None], Awaitable[list[StoredInvoice]]]
"""The invoices from an id on, up to a limit and one more (all for None)."""
Judge = Callable[[list[StoredInvoice]], Awaitable[list[AttentionItem]]]
"""The items some invoices make."""

_FIRST = UUID(int=0)
_LAST = 2**128 - 1


async def invoice_items(situation: Situation, read: Read, judge: Judge) -> list[AttentionItem]:
    window = situation.window
    if window is None:
        return await judge(await read(_FIRST, None))
    first: UUID | None = _FIRST if window.after is None else window.after.first_invoice()
    found: list[AttentionItem] = []
    while first is not None:
        invoices = await read(first, window.limit)
        found += [item for item in await judge(invoices) if window.admits(item)]
        if len(found) > window.limit or len(invoices) <= window.limit:
            break
        last = invoices[-1].id.int
        first = None if last == _LAST else UUID(int=last + 1)
    return found
