"""The database: engine from settings, tables bound to it, migrations, units of work."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, ClassVar

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.crypto import FernetSecretBox
from automahntion.adapters.db import dialects
from automahntion.adapters.db.dialects import EngineRepositories
from automahntion.adapters.db.engine import POOL_SIZE, bind, engine_from_url
from automahntion.adapters.db.invoice_list import PostgresInvoiceList
from automahntion.adapters.db.repositories.cycle_reads import PostgresDayReads
from automahntion.adapters.db.request_reads import PostgresRequestReads, SqliteRequestReads
from automahntion.adapters.db.unit_of_work import DeliveriesCommitted, PiccoloUnitOfWork
from automahntion.app.access.request_reads import RequestReads
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.invoices.listing import InvoiceListReads, UnitOfWorkInvoiceList
from automahntion.app.invoices.repositories import DayReads
from automahntion.app.storage import UnitOfWork

PICCOLO_CONF = "automahntion.adapters.db.piccolo_conf"


async def _keep_session(_connection: object) -> None:
    """What a connection released to the pool needs beyond asyncpg's own rollback of an open
    transaction: nothing, as no code sets session state (settings, LISTEN, session advisory
    locks; the transaction-scoped ones end with the transaction).
    asyncpg's default reset would undo those with one more round trip on every release."""


class MigrationFailed(Exception):
    pass


async def migrate(database_url: str) -> None:
    """Apply every migration not applied yet; doing nothing when all are."""
    os.environ["PICCOLO_CONF"] = PICCOLO_CONF
    os.environ["AUTOMAHNTION_DATABASE_URL"] = database_url
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="automahntion", migration_id="all")
    if not result.success:
        raise MigrationFailed(result.message or "a migration failed")


def _engine_parts(engine: Engine[Any]) -> tuple[EngineRepositories, RequestReads]:
    """The repositories and reads whose SQL is this engine's own."""
    if isinstance(engine, PostgresEngine):
        return dialects.POSTGRES, PostgresRequestReads(engine)
    return dialects.SQLITE, SqliteRequestReads()


@dataclass
class Database:
    url: str
    engine: Engine[Any]
    secrets: SecretBox
    repositories: EngineRepositories
    request_reads: RequestReads
    deliveries_committed: DeliveriesCommitted | None = None
    """Queues the webhook deliveries a unit of work created (set by the container)."""
    _active: ClassVar[Database | None] = None

    @classmethod
    def connect(cls, database_url: str, secret_key: str) -> Database:
        engine = engine_from_url(database_url)
        return cls(database_url, engine, FernetSecretBox(secret_key), *_engine_parts(engine))

    async def start(self) -> None:
        """Binds the tables to this engine. Piccolo's tables are process-wide, so only one
        database may be started at a time in a process."""
        if Database._active is not None and Database._active is not self:
            raise RuntimeError("another database is already started in this process")
        Database._active = self
        bind(self.engine)
        if isinstance(self.engine, PostgresEngine):
            await self.engine.start_connection_pool(
                min_size=1, max_size=POOL_SIZE, reset=_keep_session
            )

    async def stop(self) -> None:
        if Database._active is self:
            Database._active = None
        if isinstance(self.engine, PostgresEngine):
            await self.engine.close_connection_pool()

    @property
    def day_reads(self) -> DayReads | None:
        """On PostgreSQL, the cycle's day in one statement outside a unit of work."""
        if isinstance(self.engine, PostgresEngine):
            return PostgresDayReads(self.engine)
        return None

    def unit_of_work(self) -> UnitOfWork:
        return PiccoloUnitOfWork(
            self.engine, self.secrets, self.repositories, self.deliveries_committed
        )

    @property
    def invoice_list(self) -> InvoiceListReads:
        """PostgreSQL's in one statement; other engines' through a unit of work."""
        if isinstance(self.engine, PostgresEngine):
            return PostgresInvoiceList(self.engine)
        return UnitOfWorkInvoiceList(self.unit_of_work)
