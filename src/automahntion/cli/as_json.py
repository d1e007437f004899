"""`--json`: what a listing command prints for scripts — one JSON document on stdout, with the
keys the API uses for the same things (camelCase), timestamps in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TextIO

import msgspec


def print_json(items: list[dict[str, Any]], out: TextIO) -> None:
    """UUIDs, dates, enums and aware datetimes are written as the API writes them."""
    print(msgspec.json.format(msgspec.json.encode(items), indent=2).decode(), file=out)


def utc(moment: datetime) -> datetime:
    """A stored moment in UTC (one read back without its zone was stored in UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
