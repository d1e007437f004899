"""Real databases for the adapter tests: a fresh PostgreSQL database on this machine's server
and a fresh SQLite file, both migrated with `automahntion migrate` as an operator would.

Each test process runs `automahntion migrate` once per engine, into a template; a test's
migrated database is a copy of it (`CREATE DATABASE ... TEMPLATE`, a copied SQLite file), the
same schema and migration records without a migrate process (seconds) per test. The
migrations themselves are tested on empty databases (test_migrations.py)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import asyncpg
import pytest

from automahntion.bootstrap.database import Database

if TYPE_CHECKING:
    from tests.integration.in_process_api import InProcessApi

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


_DROPS: list[threading.Thread] = []


def drop_postgres_database_later(name: str) -> None:
    """Drop a test's database while the next test runs: PostgreSQL's DROP DATABASE waits for a
    checkpoint (seconds on a busy server), and no test needs a database gone that it is done
    with. The session waits for every drop at its end."""
    drop = threading.Thread(target=drop_postgres_database, args=(name,), name=f"drop {name}")
    drop.start()
    _DROPS.append(drop)


def _wait_for_drops() -> None:
    while _DROPS:
        _DROPS.pop().join()


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    name, url = fresh_postgres_database()
    yield url
    drop_postgres_database_later(name)


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"


def migrated(url: str) -> str:
    done = run_cli("migrate", database_url=url)
    assert done.returncode == 0, done.stderr
    return url


class _Templates:
    """This process's migrated templates, made on first use and removed at its end."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.sqlite: Path | None = None
        self.postgres: str | None = None

    def sqlite_file(self) -> Path:
        if self.sqlite is None:
            self.folder = Path(tempfile.mkdtemp(prefix="automahntion-template-"))
            path = self.folder / "template.sqlite3"
            migrated(f"sqlite:///{path}")
            self.sqlite = path
        return self.sqlite

    def postgres_name(self) -> str:
        if self.postgres is None:
            name, url = fresh_postgres_database()
            migrated(url)
            self.postgres = name
        return self.postgres

    def remove(self) -> None:
        if self.postgres is not None:
            drop_postgres_database(self.postgres)
            self.postgres = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = self.sqlite = None


_TEMPLATES = _Templates()


@pytest.fixture(scope="session", autouse=True)
def _remove_migrated_templates() -> Iterator[None]:
    yield
    _wait_for_drops()
    _TEMPLATES.remove()


def migrated_sqlite_at(path: Path) -> str:
    """A new SQLite file at `path`, as `automahntion migrate` leaves it."""
    assert not path.exists(), path
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_TEMPLATES.sqlite_file(), path)
    return f"sqlite:///{path}"


def migrated_postgres_database() -> tuple[str, str]:
    """A new PostgreSQL database (name, URL), as `automahntion migrate` leaves it."""
    return fresh_postgres_database(f'TEMPLATE "{_TEMPLATES.postgres_name()}"')


@pytest.fixture
def migrated_sqlite_url(tmp_path: Path) -> str:
    return migrated_sqlite_at(tmp_path / "migrated.sqlite3")


@pytest.fixture
def migrated_postgres_url() -> Iterator[str]:
    name, url = migrated_postgres_database()
    yield url
    drop_postgres_database_later(name)


@pytest.fixture(scope="session")
def migrated_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One migrated database per engine for the whole session; tests keep apart by tenant."""
    name, postgres_url = migrated_postgres_database()
    sqlite_url = migrated_sqlite_at(tmp_path_factory.mktemp("db") / "repositories.sqlite3")
    yield {"sqlite": sqlite_url, "postgres": postgres_url}
    drop_postgres_database_later(name)


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


@pytest.fixture(params=ENGINES)
async def engine_api(
    request: pytest.FixtureRequest,
    migrated_urls: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[InProcessApi]:
    """The API in this process, with a tenant and its key, on each engine's migrated database."""
    from automahntion.bootstrap.settings import Settings
    from tests.integration.in_process_api import in_process_api

    settings = Settings(
        database_url=migrated_urls[request.param],
        secret_key=SECRET_KEY,
        documents_dir=str(tmp_path_factory.mktemp("documents")),
    )
    async with in_process_api(settings) as running:
        yield running
