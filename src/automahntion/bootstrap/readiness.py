"""Readiness: can this process reach what it needs (the database; Redis when configured)?"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from automahntion.bootstrap.container import Container

CHECK_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Readiness:
    database: str
    redis: str

    @property
    def ready(self) -> bool:
        return self.database == "ok" and self.redis in ("ok", "not configured")


async def _database(container: Container) -> str:
    try:
        await asyncio.wait_for(container.database.engine.run_ddl("SELECT 1"), CHECK_TIMEOUT_S)
    except Exception as error:
        return f"unreachable: {type(error).__name__}: {error}"[:300]
    return "ok"


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
