"""Database failures an operator can act on, said in one line."""

from __future__ import annotations

import sqlite3

from asyncpg.exceptions import (
    InvalidCatalogNameError,
    PostgresError,
    UndefinedColumnError,
    UndefinedTableError,
)

NOT_MIGRATED = "the database has no (or an old) schema: run `automahntion migrate` first"
DATABASE_ERRORS = (sqlite3.Error, PostgresError, OSError)


def explain(error: BaseException) -> str:
    if isinstance(error, UndefinedTableError | UndefinedColumnError):
        return NOT_MIGRATED
    if isinstance(error, sqlite3.OperationalError) and "no such" in str(error):
        return NOT_MIGRATED
    if isinstance(error, InvalidCatalogNameError):
        return f"the database does not exist: {error}"
    return f"cannot use the database: {error}"
