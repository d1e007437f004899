"""Small builders shared by the storage tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from uuid import UUID

import asyncpg
import pytest

from automahntion.api.pagination import decode_cursor, encode_cursor
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.records import NewTenant, Tenant
from automahntion.bootstrap.database import Database
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.recipients import Contact, EmailAddresses

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 27)
T = TypeVar("T")


async def activate(units: Callable[[], UnitOfWork], tenant_id: UUID, at: datetime) -> None:
    """A new tenant sends nothing before its owner activates it (domain rules 3): a test that
    expects messages to go out activates its tenant, as the owner would."""
    async with units() as uow:
        await uow.tenant(tenant_id).account.set_activated(at)


async def new_tenant(
    database: Database, name: str = "Bäckerei Sonnenschein", *, activated: bool = True
) -> Tenant:
    """Activated by its owner unless told: a message is claimed only for an activated tenant."""
    async with database.unit_of_work() as uow:
        tenant = await uow.tenants.add(
            NewTenant(
                name=f"{name} {uuid.uuid4().hex[:6]}", account_email="chef@baeckerei.example"
            ),
            NOW,
        )
        if not activated:
            return tenant
        await uow.tenant(tenant.id).account.set_activated(NOW)
        return await uow.tenant(tenant.id).account.get()


async def tenant_with_invoice(database: Database, number: str = "RE-1") -> tuple[UUID, UUID]:
    """A new activated tenant holding one overdue invoice: (tenant id, invoice id)."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        invoices = uow.tenant(tenant.id).invoices
        await invoices.upsert([invoice(number)], NOW)
        stored = await invoices.by_lexoffice_id(f"lx-{number}")
    return tenant.id, stored.id


def invoice(number: str = "RE-1", due_ago: int = 10, **changes: object) -> Invoice:
    due = TODAY - timedelta(days=due_ago)
    values: dict[str, object] = {
        "lexoffice_id": f"lx-{number}",
        "voucher_number": number,
        "voucher_date": due - timedelta(days=14),
        "due_date": due,
        "total_cents": 119_00,
        "open_cents": 119_00,
        "contact_id": "c-1",
        "status": InvoiceStatus.OPEN,
        **changes,
    }
    return Invoice(**values)  # type: ignore[arg-type]


def contact(lexoffice_id: str = "c-1", email: str = "buchhaltung@cafe.example") -> Contact:
    return Contact(lexoffice_id, "Café Morgenrot", EmailAddresses(business=(email,)))


async def until_a_session_waits_for_a_lock(url: str) -> None:
    """Until a session of the test database at `url` (PostgreSQL) waits for a lock (ten seconds
    at most)."""
    connection = await asyncpg.connect(url)
    try:
        for _ in range(200):
            waiting = await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if waiting:
                return
            await asyncio.sleep(0.05)
    finally:
        await connection.close()
    pytest.fail("nobody waited for a lock")


def count_rows_fetched(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, int]]:
    """From now until `monkeypatch.undo()`: each statement Piccolo runs, with how many rows it
    fetched (appended to the list returned)."""
    fetched: list[tuple[str, int]] = []
    engine_class = type(database.engine)
    run = engine_class.run_querystring

    async def counting(
        engine: object, querystring: object, *args: object, **kwargs: object
    ) -> object:
        rows = await run(engine, querystring, *args, **kwargs)  # type: ignore[arg-type]
        fetched.append((str(querystring), len(rows or ())))  # type: ignore[arg-type]
        return rows

    monkeypatch.setattr(engine_class, "run_querystring", counting)
    return fetched


def page(
    items: Sequence[T], position: Callable[[T], str], limit: int, cursor: str | None
) -> tuple[list[T], str | None]:
    """The reference the lists read in SQL are compared with, as they were cut in Python: one
    page of `items` in the order of their (unique) positions, and the cursor of the next page
    (None on the last)."""
    ordered = sorted(items, key=position)
    if cursor is not None:
        after = decode_cursor(cursor)
        ordered = [item for item in ordered if position(item) > after]
    chosen = ordered[:limit]
    more = len(ordered) > limit
    return chosen, encode_cursor(position(chosen[-1])) if more and chosen else None
