"""Where a page of a list ordered by a moment, then id, begins: the lists of records in order of
creation (API keys, charges, webhook endpoints, admin tokens, OAuth clients, tenants) and the
review. The storage reads the page after it in SQL, in the order (moment, id)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

T = TypeVar("T")


@dataclass(frozen=True)
class MomentPosition:
    """A place in the order (moment, id): a page holds what comes after it."""

    at: datetime
    id: UUID


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    more: bool
    """Whether another page follows."""


def cut(rows: list[T], limit: int) -> Page[T]:
    """`rows` read one beyond the limit: the page, and whether another follows."""
    return Page(rows[:limit], len(rows) > limit)
