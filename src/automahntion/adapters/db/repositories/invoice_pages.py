"""One page of a tenant's invoices, filtered, ordered and cut in SQL (`GET /v1/invoices`).

The order is `position`'s: due date, then id, as text ("2026-11-27|<uuid>"). PostgreSQL's dates
and uuids and SQLite's ISO and uuid text sort the same way. A cursor may name any place in that
order: one that spells a position (every cursor we hand out) is compared as (due date, id),
which an index serves; any other text is compared with the position as text, byte by byte.
The engine's repository is chosen when the database is wired (`PostgresInvoiceRepository`,
`SqliteInvoiceRepository`), each with its own SQL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any
from uuid import UUID

from automahntion.adapters.db.repositories import invoice_locks
from automahntion.adapters.db.repositories.invoices import (
    STORED_COLUMNS,
    PiccoloInvoiceRepository,
    stored_invoice,
)
from automahntion.adapters.db.repositories.reads import Row, transaction_connection
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.app.invoices.criteria import NO_LEVEL, InvoiceCriteria
from automahntion.app.invoices.records import AdmissionState, AdmissionUpdate, StoredInvoice
from automahntion.app.messages.records import MessageState
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import Level

_COLUMNS = ", ".join(f'i."{c._meta.db_column_name}"' for c in STORED_COLUMNS)
_RANKS = " ".join(f"WHEN '{level.value}' THEN {level.rank}" for level in Level)
_COUNTED = ", ".join(f"'{s.value}'" for s in (MessageState.SENDING, MessageState.SENT))
_TOP_LEVEL = (
    "(SELECT m.level FROM sent_message m WHERE m.tenant = i.tenant AND m.invoice = i.id "
    f"AND m.state IN ({_COUNTED}) ORDER BY CASE m.level {_RANKS} END DESC LIMIT 1)"
)
_CUSTOMER = (
    "COALESCE((SELECT c.name FROM contact c WHERE c.tenant = i.tenant "
    "AND c.lexoffice_id = i.contact_lexoffice_id LIMIT 1), '')"
)

_UPDATED_SINCE = (
    "(i.updated_at >= {invoice} OR EXISTS (SELECT 1 FROM contact u WHERE u.tenant = i.tenant "
    "AND u.lexoffice_id = i.contact_lexoffice_id AND u.updated_at >= {customer}))"
)
"""The invoice's stamp covers its messages, letters and documents; its customer's is its own."""


@dataclass(frozen=True)
class Shape:
    """Which filters a page has, and how its cursor compares: one SQL text per shape."""

    status: bool
    level: bool
    no_level: bool
    blocked: bool | None
    waiting: bool | None
    text: bool
    updated_since: bool
    after: str
    """`none`, `keyset` (due date and id) or `text`."""


@dataclass(frozen=True)
class Dialect:
    """How one engine spells what differs."""

    param: Callable[[int], str]
    text_match: str
    """`{haystack}`, case-folded, contains `{needle}` (given case-folded by Python)."""
    newline: str
    position_text: str
    moment: Callable[[datetime], Any]
    """A moment as the engine compares it with a stored `Timestamptz`."""


POSTGRES = Dialect(
    param=lambda n: f"${n}",
    text_match=(
        "strpos(replace(lower(({haystack}) COLLATE automahntion_fold), 'ß', 'ss'), {needle}) > 0"
    ),
    newline="chr(10)",
    position_text="""(to_char(i.due_date, 'YYYY-MM-DD') || '|' || i.id::text) COLLATE "C\"""",
    moment=lambda at: at,
)
SQLITE = Dialect(
    param=lambda _n: "?",
    text_match="instr(casefold({haystack}), {needle}) > 0",
    newline="char(10)",
    position_text="(i.due_date || '|' || i.id)",
    moment=lambda at: at.astimezone(UTC).isoformat(sep=" "),
)
"""PostgreSQL's `lower` and `ß` as `ss` fold as Python's `casefold` does for German and most
scripts, under the collation `automahntion_fold` (ICU's root locale, or a UTF-8 one of libc's:
a migration makes it), whatever the database's own locale (with C, its `lower` folds A-Z only).
SQLite's own `lower` folds ASCII only, so there `casefold` is Python's, registered on
the connection. SQLite keeps a `Timestamptz` as Piccolo's text in UTC (a fraction only when
there is one; the database's own stamps always carry one), which compares in time order with a
moment spelled as Piccolo spells it: the year in four digits (`strftime` writes the year 300 as
`300`, after every `2026`), and no fraction when it has none (`08:00:00.000000+00:00` comes
after a stored `08:00:00+00:00`)."""


def keyset(after: str) -> tuple[date, UUID] | None:
    """The due date and id `after` spells as a position; None when it spells none exactly."""
    day, bar, ident = after.partition("|")
    try:
        due, invoice_id = date.fromisoformat(day), UUID(ident)
    except ValueError:
        return None
    return (due, invoice_id) if bar and f"{due.isoformat()}|{invoice_id}" == after else None


def shape_of(criteria: InvoiceCriteria, after: str | None) -> Shape:
    return Shape(
        status=criteria.status is not None,
        level=criteria.level is not None and criteria.level != NO_LEVEL,
        no_level=criteria.level == NO_LEVEL,
        blocked=criteria.blocked,
        waiting=criteria.waiting,
        text=bool(criteria.text),
        updated_since=criteria.updated_since is not None,
        after="none" if after is None else "keyset" if keyset(after) else "text",
    )


def arguments(
    tenant_id: UUID,
    criteria: InvoiceCriteria,
    after: str | None,
    limit: int,
    dialect: Dialect = POSTGRES,
) -> list[Any]:
    """In the order `page_sql` numbers its parameters."""
    values: list[Any] = [tenant_id]
    if criteria.status is not None:
        values.append(criteria.status.value)
    if criteria.level is not None and criteria.level != NO_LEVEL:
        values.append(criteria.level.value)
    if criteria.text:
        values.append(criteria.text.casefold())
    if criteria.updated_since is not None:
        values += [dialect.moment(criteria.updated_since)] * 2
    if after is not None:
        values.extend(keyset(after) or (after,))
    values.append(limit + 1)
    return values


@cache
def page_sql(dialect: Dialect, shape: Shape) -> str:
    """One more row than the page holds: it tells whether another page follows."""
    numbered = iter(range(1, 100))

    def param() -> str:
        return dialect.param(next(numbered))

    conditions = [f"i.tenant = {param()}"]
    if shape.status:
        conditions.append(f"i.status = {param()}")
    if shape.level:
        conditions.append(f"{_TOP_LEVEL} = {param()}")
    if shape.no_level:
        conditions.append(f"{_TOP_LEVEL} IS NULL")
    if shape.blocked is not None:
        conditions.append(f"i.blocked_reason IS {'NOT ' if shape.blocked else ''}NULL")
    if shape.waiting is not None:
        equal = "=" if shape.waiting else "<>"
        conditions.append(f"i.admission {equal} '{AdmissionState.WAITING.value}'")
    if shape.text:
        haystack = f"i.voucher_number || {dialect.newline} || {_CUSTOMER}"
        conditions.append(dialect.text_match.format(haystack=haystack, needle=param()))
    if shape.updated_since:
        conditions.append(_UPDATED_SINCE.format(invoice=param(), customer=param()))
    if shape.after == "keyset":
        conditions.append(f"(i.due_date, i.id) > ({param()}, {param()})")
    elif shape.after == "text":
        conditions.append(f"{dialect.position_text} > {param()}")
    return (
        f"SELECT {_COLUMNS} FROM invoice i WHERE {' AND '.join(conditions)} "
        f"ORDER BY i.due_date, i.id LIMIT {param()}"
    )


def cut(rows: Sequence[Row], limit: int) -> tuple[list[StoredInvoice], bool]:
    return [stored_invoice(row) for row in rows[:limit]], len(rows) > limit


NUL = "\x00"
"""PostgreSQL takes no text with it. A position never holds it, so a cursor compares as its
text before it (any character of a position is greater); a needle with it is taken to match
nothing (only SQLite could have stored such a number or name)."""


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


class _SqlPages(PiccoloInvoiceRepository, ABC):
    dialect: Dialect

    async def page(
        self, criteria: InvoiceCriteria, *, limit: int, after: str | None
    ) -> tuple[list[StoredInvoice], bool]:
        if criteria.text and NUL in criteria.text:
            return [], False
        after = None if after is None else after.split(NUL, 1)[0]
        sql = page_sql(self.dialect, shape_of(criteria, after))
        rows = await self._fetch(sql, arguments(self._tenant, criteria, after, limit, self.dialect))
        return cut(rows, limit)

    @abstractmethod
    async def _fetch(self, sql: str, args: list[Any]) -> Sequence[Row]: ...


class PostgresInvoiceRepository(_SqlPages):
    """Invoices changed together are locked first, in one order (`invoice_locks`)."""

    dialect = POSTGRES

    async def upsert(self, invoices: Sequence[Invoice], now: datetime) -> None:
        """Every caller recomputes the admission afterwards, in the same transaction."""
        if invoices:
            await invoice_locks.all_of(self._tenant)
        await super().upsert(invoices, now)

    async def apply_admission(self, updates: Sequence[AdmissionUpdate], now: datetime) -> None:
        await invoice_locks.by_lexoffice_id(self._tenant, [u.lexoffice_id for u in updates])
        await super().apply_admission(updates, now)

    async def _fetch(self, sql: str, args: list[Any]) -> Sequence[Row]:
        rows: Sequence[Row] = await transaction_connection(InvoiceRow).fetch(sql, *args)
        return rows


class SqliteInvoiceRepository(_SqlPages):
    dialect = SQLITE

    async def _fetch(self, sql: str, args: list[Any]) -> Sequence[Row]:
        connection = transaction_connection(InvoiceRow)
        await connection.create_function("casefold", 1, _casefold, deterministic=True)
        async with connection.execute(sql, args) as cursor:
            rows: Sequence[Row] = await cursor.fetchall()
        return rows
