"""A unit of work is one Piccolo transaction on the engine the tables are bound to."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self
from uuid import UUID

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType

from automahntion.adapters.db.dialects import EngineRepositories
from automahntion.adapters.db.engine import POOL_SIZE
from automahntion.adapters.db.pooled import LOST_CONNECTION
from automahntion.adapters.db.repositories.admin_tokens import PiccoloAdminTokens
from automahntion.adapters.db.repositories.early_letter_events import PiccoloEarlyLetterEvents
from automahntion.adapters.db.repositories.events import PendingEvents, write_events
from automahntion.adapters.db.repositories.idempotency import PiccoloAdminIdempotencyRepository
from automahntion.adapters.db.repositories.oauth import PiccoloOAuthRepository
from automahntion.adapters.db.repositories.support_queries import PiccoloSupportQueries
from automahntion.adapters.db.repositories.tenant_directory import PiccoloTenantDirectory
from automahntion.adapters.db.repositories.webhook_deliveries import PiccoloDueDeliveries
from automahntion.adapters.db.repositories.webhook_endpoints import PiccoloRegisteredEndpoints
from automahntion.adapters.db.store import PiccoloTenantStore
from automahntion.app.access.secret_box import SecretBox

log = logging.getLogger(__name__)
DeliveriesCommitted = Callable[[list[tuple[UUID, UUID]]], Awaitable[None]]
"""Told (tenant, delivery) of the webhook deliveries a unit of work created, once it committed."""


class PiccoloUnitOfWork:
    def __init__(
        self,
        engine: Engine[Any],
        secrets: SecretBox,
        repositories: EngineRepositories,
        deliveries_committed: DeliveriesCommitted | None = None,
    ) -> None:
        self._engine = engine
        self._secrets = secrets
        self._repositories = repositories
        self._transaction: Any = None
        self._committed = deliveries_committed
        self._deliveries: list[tuple[UUID, UUID]] = []
        self._events: PendingEvents = []

    async def __aenter__(self) -> Self:
        if isinstance(self._engine, PostgresEngine):
            self._transaction = await _begun_on_a_live_connection(self._engine)
            return self
        if isinstance(self._engine, SQLiteEngine):
            self._transaction = self._engine.transaction(TransactionType.immediate)
        else:
            self._transaction = self._engine.transaction()
        await self._transaction.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        transaction, self._transaction = self._transaction, None
        events, self._events = self._events, []
        failed: BaseException | None = None
        if exc_type is None and events:
            try:
                self._deliveries += await write_events(
                    events, postgres=isinstance(transaction, PostgresTransaction)
                )
            except BaseException as failure:
                failed, exc_type, exc, tb = failure, type(failure), failure, failure.__traceback__
        deliveries, self._deliveries = self._deliveries, []
        try:
            await transaction.__aexit__(exc_type, exc, tb)
        except BaseException:
            if isinstance(transaction, PostgresTransaction):
                await _given_back(transaction)
            elif isinstance(transaction, SQLiteTransaction):
                await _closed(transaction)
            raise
        if failed is not None:
            raise failed
        if exc_type is None and deliveries and self._committed is not None:
            try:
                await self._committed(deliveries)
            except Exception:
                log.exception(
                    "webhook deliveries were stored but not queued; the sweep queues them",
                    extra={"event": "webhook_enqueue_failed"},
                )

    @property
    def tenants(self) -> PiccoloTenantDirectory:
        return PiccoloTenantDirectory()

    @property
    def early_letter_events(self) -> PiccoloEarlyLetterEvents:
        return PiccoloEarlyLetterEvents(postgres=isinstance(self._engine, PostgresEngine))

    @property
    def admin_tokens(self) -> PiccoloAdminTokens:
        return PiccoloAdminTokens()

    @property
    def admin_idempotency(self) -> PiccoloAdminIdempotencyRepository:
        return PiccoloAdminIdempotencyRepository(self._secrets)

    @property
    def oauth(self) -> PiccoloOAuthRepository:
        return PiccoloOAuthRepository()

    @property
    def support(self) -> PiccoloSupportQueries:
        return PiccoloSupportQueries()

    @property
    def due_deliveries(self) -> PiccoloDueDeliveries:
        return PiccoloDueDeliveries()

    @property
    def registered_endpoints(self) -> PiccoloRegisteredEndpoints:
        return PiccoloRegisteredEndpoints()

    def tenant(self, tenant_id: UUID) -> PiccoloTenantStore:
        return PiccoloTenantStore(tenant_id, self._secrets, self._repositories, self._events)


async def _given_back(transaction: PostgresTransaction) -> None:
    """After a COMMIT or ROLLBACK that raised (a deferred constraint or trigger failing, a
    deadlock found at commit, a lost connection): Piccolo then neither gives the connection back
    nor ends the transaction in the task's context, so the pool lost it for good and the task's
    next transaction became a part of the dead one. The connection, in an unknown state, is
    closed and given back (the pool opens a new one)."""
    with contextlib.suppress(ValueError, RuntimeError):  # already reset: it failed later
        transaction.engine.current_transaction.reset(transaction.context)
    connection = transaction.connection
    connection.terminate()
    if transaction.engine.pool is not None:
        with contextlib.suppress(asyncpg.InterfaceError):  # already given back
            await transaction.engine.pool.release(connection)


async def _closed(transaction: SQLiteTransaction) -> None:
    """After a COMMIT or ROLLBACK that raised on SQLite: a COMMIT refused ("database is locked",
    a reader outlasted the busy timeout) leaves the transaction open, and Piccolo then neither
    closes the connection nor ends the transaction in the task's context, so it kept the
    database's write lock and the task's next transaction became a part of it. Closing the
    connection rolls it back."""
    with contextlib.suppress(ValueError, RuntimeError):  # already reset: it failed later
        transaction.engine.current_transaction.reset(transaction.context)
    with contextlib.suppress(sqlite3.Error, ValueError):  # already closed
        await transaction.connection.close()


async def _begun_on_a_live_connection(engine: PostgresEngine) -> PostgresTransaction:
    for _ in range(POOL_SIZE):
        with contextlib.suppress(*LOST_CONNECTION):
            return await _begun(engine)
    return await _begun(engine)


async def _begun(engine: PostgresEngine) -> PostgresTransaction:
    """Piccolo keeps a connection whose BEGIN failed out of the pool for good (and the pool then
    never closes); here it is closed and given back."""
    transaction = engine.transaction()
    try:
        await transaction.__aenter__()
    except BaseException:
        connection = getattr(transaction, "connection", None)
        if connection is not None:
            connection.terminate()
            if engine.pool is not None:
                await engine.pool.release(connection)
        raise
    return transaction
