"""A page of a list ordered by a moment, then id, read in SQL: the rows after a place in that
order (`MomentPosition`), one beyond the limit (it tells whether another page follows).

Both engines compare the pair as the list orders it: PostgreSQL's `timestamptz` and `uuid` by
value; SQLite's as Piccolo's text, which sorts in time order (every stamp in UTC, the year in
four digits, no fraction when there is none: `08:00:00+00:00` before `08:00:00.5+00:00`) and
an id's text as its value. A moment compared is spelled as the column's are (Piccolo's
adapter), so a stamp equal to it is equal to it as text too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from piccolo.columns import Column
from piccolo.query import Select

from automahntion.app.pages import MomentPosition, Page, cut

T = TypeVar("T")


def after(moment: Column, ident: Column, position: MomentPosition) -> Any:
    """The rows after `position` in the order (moment, id)."""
    return (moment > position.at) | ((moment == position.at) & (ident > position.id))


def keyset_page(
    query: Select[Any],
    moment: Column,
    ident: Column,
    position: MomentPosition | None,
    limit: int | None,
) -> Select[Any]:
    """`query` cut to the `limit` rows after `position`, and one more (every one for None)."""
    if position is not None:
        query = query.where(after(moment, ident, position))
    query = query.order_by(moment, ident)
    return query if limit is None else query.limit(limit + 1)


async def read_page(
    query: Select[Any],
    moment: Column,
    ident: Column,
    position: MomentPosition | None,
    limit: int,
    record: Callable[[dict[str, Any]], T],
) -> Page[T]:
    """The page of `query`'s rows after `position`, as records."""
    rows = await keyset_page(query, moment, ident, position, limit)
    return cut([record(row) for row in rows], limit)
