"""Cursor pagination: `limit` and an opaque `cursor` taken from the previous page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar
from uuid import UUID

from litestar.params import QueryParameter

from automahntion.app.pages import MomentPosition, Page
from automahntion.domain.errors import FieldProblem, ValidationFailed

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 250
"""One page holds a whole lexoffice page (250 vouchers): what an integrator mirrors at once."""

Limit = Annotated[
    int,
    QueryParameter(ge=1, le=MAX_LIMIT, description=f"items per page (1–{MAX_LIMIT})"),
]
CURSOR_PATTERN = r"^(?:[0-9a-f]{2})+$"
Cursor = Annotated[
    str | None,
    QueryParameter(
        max_length=500,
        pattern=CURSOR_PATTERN,
        description="`nextCursor` of the previous page; leave out for the first page",
    ),
]


def encode_cursor(position: str) -> str:
    """Hex of the position: every string the schema's pattern admits is a cursor we can read
    (it names a place in the order, whether or not an item stands there)."""
    return position.encode().hex()


def decode_cursor(cursor: str) -> str:
    try:
        return bytes.fromhex(cursor).decode(errors="replace")
    except ValueError:
        raise ValidationFailed([FieldProblem("cursor", "is not a cursor of this list")]) from None


MAX_NUMBER = 2**31 - 1
"""The largest number a cursor of a numbered list names (the columns are 32-bit integers)."""


def number_after(cursor: str | None) -> int:
    """The place a cursor names in a list ordered by a number (events' sequence, template
    versions): ours are decimal numbers; every other cursor the schema admits names the start."""
    position = decode_cursor(cursor) if cursor is not None else ""
    return min(int(position), MAX_NUMBER) if position.isascii() and position.isdigit() else 0


def moment_after(cursor: str | None) -> MomentPosition | None:
    """The place a cursor of a list ordered by a moment, then id, names. Ours spell the moment in
    ISO 8601 (one without an offset is UTC), `|` and the id: the place of that item. A cursor
    whose moment does not read names the start; one whose id does not, the start of its moment.
    """
    if cursor is None:
        return None
    at, _, ident = decode_cursor(cursor).partition("|")
    try:
        moment = datetime.fromisoformat(at)
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    try:
        after = UUID(ident)
    except ValueError:
        after = UUID(int=0)
    return MomentPosition(moment, after)


def moment_cursor(at: datetime, ident: UUID) -> str:
    """The cursor after the item created `at` with id `ident` (`moment_after` reads it)."""
    return encode_cursor(f"{at.isoformat()}|{ident}")


def next_cursor(found: Page[T], cursor_of: Callable[[T], str]) -> str | None:
    """The cursor of the page after `found`; None on the last page."""
    return cursor_of(found.items[-1]) if found.more and found.items else None
