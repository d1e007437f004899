"""Conditional GETs: an `ETag` from the tenant's list version and the day, and 304 when the
caller already holds that version (RFC 9110 13.1.2, weak comparison)."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import MediaType, Response
from litestar.status_codes import HTTP_304_NOT_MODIFIED


def list_etag(version: int, today: date) -> str:
    """The day is part of it: `daysOverdue` and whether a pause holds change with it."""
    return f'"{version}-{today.isoformat()}"'


def held(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in ("*", etag) for tag in tags)


def not_modified(etag: str) -> Response[Any]:
    return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": etag})


def json_with_etag(body: bytes, etag: str) -> Response[Any]:
    return Response(body, media_type=MediaType.JSON, headers={"ETag": etag})
