"""Real databases for the adapter tests: a fresh PostgreSQL database on this machine's server
and a fresh SQLite file, both migrated with `automahntion migrate` as an operator would."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from automahntion.bootstrap.database import Database

POSTGRES_ADMIN_URL = os.environ.get(
    "AUTOMAHNTION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
SECRET_KEY = "test-secret-key-for-encryption-at-rest-0123456789"
ENGINES = ("sqlite", "postgres")


def run_cli(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "AUTOMAHNTION_DATABASE_URL": database_url,
        "AUTOMAHNTION_SECRET_KEY": SECRET_KEY,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "automahntion", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


async def _admin(statement: str) -> None:
    try:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        pytest.fail(f"PostgreSQL is needed for these tests ({POSTGRES_ADMIN_URL}): {error}")
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _database_url(name: str) -> str:
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def fresh_postgres_database(options: str = "") -> tuple[str, str]:
    """`options` as `CREATE DATABASE` takes them, e.g. a locale."""
    name = f"automahntion_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}" {options}'))
    return name, _database_url(name)


def drop_postgres_database(name: str) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    name, url = fresh_postgres_database()
    yield url
    drop_postgres_database(name)


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"


def migrated(url: str) -> str:
    done = run_cli("migrate", database_url=url)
    assert done.returncode == 0, done.stderr
    return url


@pytest.fixture(scope="session")
def migrated_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One migrated database per engine for the whole session; tests keep apart by tenant."""
    name, postgres_url = fresh_postgres_database()
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'repositories.sqlite3'}"
    yield {"sqlite": migrated(sqlite_url), "postgres": migrated(postgres_url)}
    drop_postgres_database(name)


@pytest.fixture
async def postgres(migrated_urls: dict[str, str]) -> AsyncIterator[Database]:
    """The session's PostgreSQL database alone, for what only it does (row locks, races)."""
    database = Database.connect(migrated_urls["postgres"], SECRET_KEY)
    await database.start()
    try:
        yield database
    finally:
        await database.stop()


@pytest.fixture(params=ENGINES)
async def database(
    request: pytest.FixtureRequest, migrated_urls: dict[str, str]
) -> AsyncIterator[Database]:
    database = Database.connect(migrated_urls[request.param], SECRET_KEY)
    await database.start()
    try:
        yield database
    finally:
        await database.stop()
