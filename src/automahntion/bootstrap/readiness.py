"""Readiness: can this process reach what it needs (the database, migrated to the code's
version; Redis when configured)?"""

from __future__ import annotations

import ast
import asyncio
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.db.piccolo_app import APP_NAME, migrations_folder
from automahntion.bootstrap.container import Container

CHECK_TIMEOUT_S = 3.0
APPLIED = "SELECT name FROM migration WHERE app_name = '{app}'"
HAS_TABLE = {
    "postgres": "SELECT to_regclass('public.migration') IS NOT NULL AS present",
    "sqlite": "SELECT count(*) AS present FROM sqlite_master WHERE type = 'table' "
    "AND name = 'migration'",
}


@dataclass(frozen=True)
class Readiness:
    database: str
    redis: str

    @property
    def ready(self) -> bool:
        return self.database == "ok" and self.redis in ("ok", "not configured")


def _migration_id(path: Path) -> str | None:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "ID" for target in node.targets
        ):
            value = node.value
            found = value.value if isinstance(value, ast.Constant) else None
            return found if isinstance(found, str) else None
    return None


@cache
def shipped_migrations() -> frozenset[str]:
    """The ids of the migration files this code ships (what `automahntion migrate` applies)."""
    found = (_migration_id(path) for path in migrations_folder().glob("*.py"))
    return frozenset(found_id for found_id in found if found_id)


async def _applied(container: Container) -> set[str] | None:
    """The applied migrations' ids; None when Piccolo's table is missing (never migrated)."""
    engine = container.database.engine
    kind = "postgres" if isinstance(engine, PostgresEngine) else "sqlite"
    [found] = await engine.run_ddl(HAS_TABLE[kind])
    if not found["present"]:
        return None
    rows = await engine.run_ddl(APPLIED.format(app=APP_NAME))
    return {row["name"] for row in rows or []}


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
