"""A fresh, migrated PostgreSQL database for one benchmark, dropped afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

ADMIN_URL = os.environ.get(
    "AUTOMAHNTION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """Yields the URL of a new database that `automahntion migrate` has set up."""
    name = f"automahntion_bench_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(ADMIN_URL)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    url = ADMIN_URL.rpartition("/")[0] + "/" + name
    try:
        subprocess.run(
            [sys.executable, "-m", "automahntion", "migrate"],
            env={**os.environ, "AUTOMAHNTION_DATABASE_URL": url},
            check=True,
            capture_output=True,
        )
        yield url
    finally:
        connection = await asyncpg.connect(ADMIN_URL)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()
