"""`automahntion migrate` on empty databases of both engines, and no drift between the
migrations, the table definitions and the migrated schema."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from automahntion.adapters.db.constraints import UNIQUE_INDEXES
from automahntion.adapters.db.tables import TABLES
from tests.integration.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_COLUMNS = {
    table._meta.tablename: {column._meta.db_column_name for column in table._meta.columns}
    for table in TABLES
}


def _sqlite_schema(url: str) -> tuple[dict[str, set[str]], set[str]]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        columns = {
            table: {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            for table in tables
        }
        indexes = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    return columns, indexes


async def _postgres_schema(url: str) -> tuple[dict[str, set[str]], set[str]]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        )
        index_rows = await connection.fetch(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
        )
    finally:
        await connection.close()
    columns: dict[str, set[str]] = {}
    for row in rows:
        columns.setdefault(row["table_name"], set()).add(row["column_name"])
    return columns, {row["indexname"] for row in index_rows}


def _schema(url: str) -> tuple[dict[str, set[str]], set[str]]:
    if url.startswith("sqlite"):
        return _sqlite_schema(url)
    return asyncio.run(_postgres_schema(url))


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"empty_{request.param}_url"))


def test_migrate_creates_the_schema_and_a_second_run_does_nothing(empty_url: str) -> None:
    first = run_cli("migrate", database_url=empty_url)
    assert first.returncode == 0, first.stderr
    assert "[forwards]... ok" in first.stdout
    columns, indexes = _schema(empty_url)
    second = run_cli("migrate", database_url=empty_url)
    assert second.returncode == 0, second.stderr
    assert "No migrations need to be run" in second.stdout
    assert _schema(empty_url) == (columns, indexes)


def test_the_migrated_schema_equals_the_table_definitions(empty_url: str) -> None:
    assert run_cli("migrate", database_url=empty_url).returncode == 0
    columns, indexes = _schema(empty_url)
    ours = {table: cols for table, cols in columns.items() if table in EXPECTED_COLUMNS}
    assert ours == EXPECTED_COLUMNS
    assert {index.name for index in UNIQUE_INDEXES} <= indexes


def test_a_bad_database_url_is_one_line_naming_the_variable() -> None:
    done = run_cli("migrate", database_url="mysql://localhost/x")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "automahntion: AUTOMAHNTION_DATABASE_URL must start with sqlite:/// or postgresql://, "
        "not 'mysql://localhost/x'"
    ]


def test_the_migration_files_match_the_table_definitions(
    tmp_path: Path, empty_postgres_url: str
) -> None:
    """Piccolo's auto-migration against copies of our migrations finds nothing to add."""
    copy = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", copy)
    before = sorted(p.name for p in copy.glob("*.py"))
    done = subprocess.run(
        [sys.executable, "-m", "piccolo.main", "migrations", "new", "automahntion", "--auto"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "PICCOLO_CONF": "automahntion.adapters.db.piccolo_conf",
            "AUTOMAHNTION_DATABASE_URL": empty_postgres_url,
            "AUTOMAHNTION_MIGRATIONS_DIR": str(copy),
        },
    )
    assert sorted(p.name for p in copy.glob("*.py")) == before, done.stdout + done.stderr
    assert "No changes detected" in done.stdout + done.stderr
