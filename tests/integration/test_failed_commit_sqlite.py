"""On SQLite too, a unit of work whose COMMIT fails ends its transaction and closes its
connection. SQLite keeps a transaction open when COMMIT is refused ("database is locked": a
reader outlasted the busy timeout), and Piccolo's transaction then neither closes the
connection nor leaves the task's context: the dead transaction kept the database's write lock
(every other writer failed until the process ended), and the task's next unit of work became
a part of it and was never committed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from automahntion.adapters.db.engine import sqlite_path
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.tenants.records import NewTenant
from automahntion.bootstrap.database import Database
from tests.integration.conftest import SECRET_KEY, migrated_sqlite_at
from tests.integration.helpers import NOW

BUSY_TIMEOUT_S = 0.2
"""Instead of the service's 30 s, so that the refused COMMIT comes soon."""


@pytest.fixture
def migrated_sqlite(tmp_path: Path) -> str:
    return migrated_sqlite_at(tmp_path / "commit.sqlite3")


def _names(path: str) -> set[str]:
    with sqlite3.connect(path, timeout=BUSY_TIMEOUT_S) as connection:
        return {row[0] for row in connection.execute('SELECT name FROM "tenant"')}


async def test_a_refused_commit_leaves_no_transaction_and_no_lock_behind(
    migrated_sqlite: str,
) -> None:
    path = sqlite_path(migrated_sqlite)
    database = Database.connect(migrated_sqlite, SECRET_KEY)
    database.engine.connection_kwargs["timeout"] = BUSY_TIMEOUT_S
    await database.start()
    reader = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute('SELECT count(*) FROM "tenant"').fetchall()  # a shared lock, kept
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            async with database.unit_of_work() as uow:
                await uow.tenants.add(NewTenant("Refused", "a@refused.example"), NOW)
        reader.execute("ROLLBACK")
        assert TenantRow._meta.db.current_transaction.get() is None, "no transaction left"
        with sqlite3.connect(path, timeout=BUSY_TIMEOUT_S) as writer:
            writer.execute('UPDATE "tenant" SET "name" = "name"')  # the write lock is free
        async with database.unit_of_work() as uow:
            await uow.tenants.add(NewTenant("Committed", "a@committed.example"), NOW)
        assert _names(path) == {"Committed"}
    finally:
        reader.close()
        await database.stop()
