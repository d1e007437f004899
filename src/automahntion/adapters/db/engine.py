"""Piccolo engines from `AUTOMAHNTION_DATABASE_URL`: SQLite (embedded) or PostgreSQL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

from automahntion.adapters.db.tables import TABLES

DEFAULT_DATABASE_URL = "sqlite:///./automahntion.sqlite3"
SQLITE_BUSY_TIMEOUT_S = 30


class UnsupportedDatabaseUrl(ValueError):
    pass


POOL_SIZE = 10


def sqlite_path(url: str) -> str:
    """`sqlite:///relative.db` and `sqlite:////absolute/path.db`, as SQLAlchemy spells them."""
    path = url.removeprefix("sqlite:///")
    if not path or path == url:
        raise UnsupportedDatabaseUrl(f"not a SQLite URL with a file path: {url}")
    return path


def engine_from_url(url: str) -> Engine[Any]:
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return SQLiteEngine(path=sqlite_path(url), timeout=SQLITE_BUSY_TIMEOUT_S)
    if scheme in ("postgresql", "postgres"):
        return PostgresEngine(config={"dsn": url})
    raise UnsupportedDatabaseUrl(
        f"AUTOMAHNTION_DATABASE_URL must start with sqlite:/// or postgresql://, not {scheme!r}"
    )


def bind(engine: Engine[Any], tables: tuple[type[Table], ...] = TABLES) -> None:
    """Point every table at `engine` (Piccolo otherwise finds one through `piccolo_conf`)."""
    for table in tables:
        table._meta.db = engine
