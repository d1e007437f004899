"""Readiness: can this process reach what it needs (the database, migrated to the code's
version; Redis when configured)?"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from piccolo.apps.migrations.commands.base import BaseMigrationManager
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine

from automahntion.adapters.db.piccolo_app import APP_NAME, migrations_folder
from automahntion.bootstrap.container import Container

CHECK_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Readiness:
    database: str
    redis: str

    @property
    def ready(self) -> bool:
        return self.database == "ok" and self.redis in ("ok", "not configured")


@cache
def shipped_migrations() -> frozenset[str]:
    """The ids of the migrations this code ships, as Piccolo's `migrate` finds them."""
    manager = BaseMigrationManager()
    modules = manager.get_migration_modules(str(migrations_folder()))
    return frozenset(manager.get_migration_ids(modules))


@cache
def _migration_table(engine: Engine[Any]) -> type[Migration]:
    """Piccolo's own table of applied migrations, on this container's engine (the class
    itself finds its engine through `piccolo_conf`)."""
    return cast(
        "type[Migration]",
        type("AppliedMigration", (Migration,), {}, tablename="migration", db=engine),
    )


async def _applied(container: Container) -> set[str] | None:
    """The applied migrations' ids; None when Piccolo's table is missing (never migrated)."""
    table = _migration_table(container.database.engine)
    if not await table.table_exists():
        return None
    return set(await table.get_migrations_which_ran(APP_NAME))


async def _migration_state(container: Container) -> str:
    applied = await _applied(container)
    if applied is None:
        return "not migrated: run `automahntion migrate`"
    missing = shipped_migrations() - applied
    if missing:
        return (
            f"not migrated: {len(missing)} of {len(shipped_migrations())} migrations not "
            f"applied (first {min(missing)}): run `automahntion migrate`"
        )
    return "ok"


async def _database(container: Container) -> str:
    try:
        return await asyncio.wait_for(_migration_state(container), CHECK_TIMEOUT_S)
    except Exception as error:
        return f"unreachable: {type(error).__name__}: {error}"[:300]


async def _redis(container: Container) -> str:
    if container.redis is None:
        return "not configured"
    try:
        await asyncio.wait_for(container.redis.ping(), CHECK_TIMEOUT_S)
    except Exception as error:
        return f"unreachable: {type(error).__name__}: {error}"[:300]
    return "ok"


async def readiness(container: Container) -> Readiness:
    database, redis = await asyncio.gather(_database(container), _redis(container))
    return Readiness(database, redis)
