"""A unit of work whose COMMIT fails (a deferred constraint, a deadlock found at commit, a
connection lost) gives its connection back and leaves no transaction behind: Piccolo's own
transaction skips both when `commit` raises, so each such failure kept one of the pool's
connections for good, and the next unit of work in the same task took the dead transaction for
its parent. With the deferred triggers that touch an invoice and the list version at commit, a
failure there is an ordinary event, not a rare one."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from automahntion.adapters.db.engine import POOL_SIZE
from automahntion.adapters.db.repositories.reads import transaction_connection
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.bootstrap.database import Database
from tests.integration.conftest import SECRET_KEY

pytestmark = pytest.mark.postgres


async def _failing_at_commit(database: Database) -> None:
    async with database.unit_of_work():
        connection = transaction_connection(TenantRow)
        await connection.execute(
            "CREATE TEMP TABLE IF NOT EXISTS once (n int UNIQUE DEFERRABLE INITIALLY DEFERRED) "
            "ON COMMIT DELETE ROWS"
        )
        await connection.execute("INSERT INTO once VALUES (1), (1)")


async def test_units_of_work_whose_commit_fails_leak_no_connection(
    migrated_urls: dict[str, str],
) -> None:
    database = Database.connect(migrated_urls["postgres"], SECRET_KEY)
    await database.start()
    try:
        with pytest.raises(asyncpg.UniqueViolationError):
            await _failing_at_commit(database)
        assert TenantRow._meta.db.current_transaction.get() is None, "no transaction left behind"
        for _ in range(POOL_SIZE + 1):
            with pytest.raises(asyncpg.UniqueViolationError):
                await asyncio.wait_for(_failing_at_commit(database), 10)
        async with asyncio.timeout(10):
            async with database.unit_of_work() as uow:
                assert await uow.tenants.ids() is not None
    finally:
        await asyncio.wait_for(database.stop(), 10)
