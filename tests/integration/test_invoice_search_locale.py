"""The text search of `GET /v1/invoices` folds case as Python's `casefold` does (SQLite's
search) whatever the PostgreSQL database's locale: in a database created with locale C, whose
own `lower` folds A-Z only, "müller" finds "MÜLLER" and "ÄRZTE" finds "Ärzte"."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from itertools import product

import pytest

from automahntion.app.invoices.criteria import InvoiceCriteria
from automahntion.bootstrap.database import Database
from tests.integration.conftest import (
    SECRET_KEY,
    drop_postgres_database_later,
    fresh_postgres_database,
    migrated,
)
from tests.integration.test_invoice_pages import (
    CRITERIA,
    _from_sql,
    _reference,
    _tenant_with_a_mixed_list,
)

C_LOCALE = "LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
NEEDLES = ("müller", "MÜLLER", "Müller", "ärzte", "ÄRZTE", "STRASSE", "straße", "STRAẞE")


@pytest.fixture(scope="module")
def c_locale_url() -> Iterator[str]:
    name, url = fresh_postgres_database(C_LOCALE)
    yield migrated(url)
    drop_postgres_database_later(name)


@pytest.fixture
async def c_locale(c_locale_url: str) -> AsyncIterator[Database]:
    database = Database.connect(c_locale_url, SECRET_KEY)
    await database.start()
    try:
        yield database
    finally:
        await database.stop()


async def test_umlauts_are_found_in_either_case(c_locale: Database) -> None:
    tenant_id = await _tenant_with_a_mixed_list(c_locale)
    async with c_locale.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        for needle in NEEDLES:
            found, _ = await _from_sql(store, InvoiceCriteria(text=needle), 50, None)
            assert found, needle
            assert (found, False) == await _reference(
                store, InvoiceCriteria(text=needle), 50, None
            ), needle


async def test_every_page_is_the_one_python_makes(c_locale: Database) -> None:
    tenant_id = await _tenant_with_a_mixed_list(c_locale)
    async with c_locale.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        criteria = [*CRITERIA, *(InvoiceCriteria(text=needle) for needle in NEEDLES)]
        for one, limit in product(criteria, (4, 50)):
            expected = await _reference(store, one, limit, None)
            assert await _from_sql(store, one, limit, None) == expected, one


async def test_the_overview_statement_finds_them_too(c_locale: Database) -> None:
    tenant_id = await _tenant_with_a_mixed_list(c_locale)
    reads = c_locale.invoice_list
    async with c_locale.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        for needle in NEEDLES:
            criteria = InvoiceCriteria(text=needle)
            page = await reads.page(tenant_id, criteria, limit=50, after=None)
            expected, _ = await _reference(store, criteria, 50, None)
            assert [view.stored.id for view in page.views] == expected, needle
