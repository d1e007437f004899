"""Unique-index violations, turned into the domain's errors by index name."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from asyncpg.exceptions import UniqueViolationError

from automahntion.adapters.db.constraints import violated_index
from automahntion.app.errors import AlreadyExists
from automahntion.domain.errors import DomainError

INTEGRITY_ERRORS = (sqlite3.IntegrityError, UniqueViolationError)


@contextmanager
def unique_violations(
    on: Mapping[str, Callable[[], DomainError]] | None = None,
) -> Iterator[None]:
    """Raise the error named for the violated index (`AlreadyExists` when none is named)."""
    try:
        yield
    except INTEGRITY_ERRORS as error:
        name = violated_index(error)
        if name is None:
            raise
        factory = (on or {}).get(name)
        raise (factory() if factory else AlreadyExists(name)) from error
