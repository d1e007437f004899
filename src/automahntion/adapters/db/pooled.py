"""One statement on a pooled PostgreSQL connection, outside a unit of work.

A pooled connection the server has closed (a restart, a failover, pg_terminate_backend) fails
its next statement before anything was read or written. A read is then safe to send again on
another connection, up to once per pooled connection; the dead one is closed before it goes
back, so the pool opens a fresh one in its place."""

from __future__ import annotations

import contextlib
from typing import Any

import asyncpg
from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.db.engine import POOL_SIZE

LOST_CONNECTION = (
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    OSError,
)


async def fetch(engine: PostgresEngine, sql: str, *arguments: Any) -> list[Any]:
    rows: list[Any] = await _read(engine, "fetch", sql, arguments)
    return rows


async def fetchrow(engine: PostgresEngine, sql: str, *arguments: Any) -> Any:
    return await _read(engine, "fetchrow", sql, arguments)


async def fetchval(engine: PostgresEngine, sql: str, *arguments: Any) -> Any:
    return await _read(engine, "fetchval", sql, arguments)


async def _read(engine: PostgresEngine, method: str, sql: str, arguments: tuple[Any, ...]) -> Any:
    pool: Any = engine.pool  # started with the database (`Database.start`)
    for attempt in range(POOL_SIZE + 1):
        connection = await pool.acquire()
        try:
            return await getattr(connection, method)(sql, *arguments)
        except LOST_CONNECTION:
            with contextlib.suppress(asyncpg.InterfaceError):  # already detached when closed
                connection.terminate()
            if attempt == POOL_SIZE:
                raise
        finally:
            await pool.release(connection)
    raise AssertionError("unreachable")
