"""Plain SELECTs on the hot reads of a dunning cycle, without Piccolo's query building.

Planning one tenant reads its account, levels, templates, 250+ invoices, their contacts and
their message history. Through Piccolo every query is built anew and every row copied into a
dict, which costs more than the database does. On PostgreSQL (`select_postgres`) these reads
go to asyncpg in the current transaction with a cached statement text, and the rows come back
as asyncpg records (read by column name like Piccolo's dicts). SQLite (`select_piccolo`) takes
the ordinary Piccolo query. The repositories are given one of them with the engine
(`adapters/db/dialects.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Protocol

from piccolo.columns import Column
from piccolo.table import Table

Row = Mapping[str, Any]


def _names(columns: Any) -> tuple[str, ...]:
    return tuple(f'"{c._meta.db_column_name}"' for c in columns)


@cache
def _sql(
    table: str,
    columns: tuple[str, ...],
    equal: tuple[str, ...],
    among: tuple[str, ...],
    order_by: tuple[str, ...],
) -> str:
    """Keyed by names: Piccolo columns overload `==`, so they make poor cache keys."""
    conditions = [f"{c} = ${n}" for n, c in enumerate(equal, 1)]
    conditions += [f"{c} = ANY(${n})" for n, c in enumerate(among, len(equal) + 1)]
    sql = f'SELECT {", ".join(columns) or "*"} FROM "{table}" WHERE {" AND ".join(conditions)}'
    return sql + "".join(f" ORDER BY {c}" for c in order_by)


def transaction_connection(table: type[Table]) -> Any:
    """The driver's connection of the current transaction (asyncpg's or aiosqlite's): a unit
    of work is open."""
    transaction = table._meta.db.current_transaction.get()
    if transaction is None:
        raise RuntimeError("no unit of work is open")
    return transaction.connection


class SelectRows(Protocol):
    async def __call__(
        self,
        table: type[Table],
        equal: Mapping[Column, Any],
        *,
        among: Mapping[Column, Sequence[Any]] | None = None,
        columns: Sequence[Column] = (),
        order_by: Column | None = None,
    ) -> Sequence[Row]:
        """`SELECT columns (all when none) FROM table WHERE c = v … AND c IN vs … ORDER BY`."""
        ...


async def select_postgres(
    table: type[Table],
    equal: Mapping[Column, Any],
    *,
    among: Mapping[Column, Sequence[Any]] | None = None,
    columns: Sequence[Column] = (),
    order_by: Column | None = None,
) -> Sequence[Row]:
    among = among or {}
    sql = _sql(
        table._meta.tablename,
        _names(columns),
        _names(equal),
        _names(among),
        _names(() if order_by is None else (order_by,)),
    )
    rows: Sequence[Row] = await transaction_connection(table).fetch(
        sql, *equal.values(), *(list(v) for v in among.values())
    )
    return rows


async def select_piccolo(
    table: type[Table],
    equal: Mapping[Column, Any],
    *,
    among: Mapping[Column, Sequence[Any]] | None = None,
    columns: Sequence[Column] = (),
    order_by: Column | None = None,
) -> Sequence[Row]:
    where: Any = None
    for column, value in equal.items():
        where = column == value if where is None else where & (column == value)
    for column, values in (among or {}).items():
        where = where & column.is_in(list(values))
    query = table.select(*columns).where(where)
    if order_by is not None:
        query = query.order_by(order_by)
    selected: list[dict[str, Any]] = await query
    return selected
