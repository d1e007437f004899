"""Every item of a paginated list, page after page, following `nextCursor`.

    from automahntion_client.api.invoices import list_invoices
    from automahntion_client.pages import iterate_pages

    for invoice in iterate_pages(list_invoices.sync, client, limit=100, state="open"):
        print(invoice.number)

`fn` is an operation's `sync` (or `asyncio_` with `aiterate_pages`); a page that is not a page
(a problem, or None) raises `PageError` carrying it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from .types import UNSET


class PageError(Exception):
    def __init__(self, answer: object) -> None:
        super().__init__(f"not a page: {answer!r}")
        self.answer = answer


def _items_and_cursor(page: object) -> tuple[list[Any], str | None]:
    items = getattr(page, "items", None)
    if not isinstance(items, list):
        raise PageError(page)
    cursor = getattr(page, "next_cursor", None)
    return items, cursor if isinstance(cursor, str) else None


def iterate_pages(fn: Callable[..., object], client: Any, **kwargs: Any) -> Iterator[Any]:
    cursor: object = kwargs.pop("cursor", UNSET)
    while True:
        items, next_cursor = _items_and_cursor(fn(client=client, cursor=cursor, **kwargs))
        yield from items
        if next_cursor is None:
            return
        cursor = next_cursor


async def aiterate_pages(
    fn: Callable[..., Awaitable[object]], client: Any, **kwargs: Any
) -> AsyncIterator[Any]:
    cursor: object = kwargs.pop("cursor", UNSET)
    while True:
        items, next_cursor = _items_and_cursor(await fn(client=client, cursor=cursor, **kwargs))
        for item in items:
            yield item
        if next_cursor is None:
            return
        cursor = next_cursor
