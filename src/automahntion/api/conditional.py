"""Conditional requests (RFC 9110 13.1).

- The invoice list's `ETag` is the tenant's list version and the day.
- Settings and levels: a hash of the representation as encoded, so it changes whenever what
  is answered changes, whichever path changed it (API, `tenants configure`, an upgrade of
  retired default templates), and costs nothing to keep.
- A level's templates (a paginated history): a hash of the level and its newest version's
  number, the same on every page. Versions are only ever added, by whichever path, so the
  number changes whenever the history does.
- `If-None-Match` on a GET: weak comparison, 304 when the caller already holds it.
- `If-Match` on a write: strong comparison (a weak tag never matches) or `*`, checked in the
  writing transaction; a stale tag is 412 and nothing is written. Without it the write is
  unconditional."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from litestar import MediaType, Response
from litestar.params import HeaderParameter
from litestar.serialization import encode_json
from litestar.status_codes import HTTP_304_NOT_MODIFIED

from automahntion.app.errors import PreconditionFailed
from automahntion.app.preconditions import Precondition
from automahntion.app.storage import TenantStore

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        description=(
            "The `ETag` the change is based on: when what is stored no longer has it, the "
            "answer is 412 and nothing changes. `*` or no header: the change is unconditional."
        ),
    ),
]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-None-Match",
        required=False,
        description="An `ETag` the caller holds: while it is current the answer is 304.",
    ),
]


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


def representation_etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def if_match_holds(if_match: str, etag: str) -> bool:
    tags = [tag.strip() for tag in if_match.split(",")]
    return "*" in tags or etag in tags


def encoded(representation: object) -> bytes:
    return encode_json(representation)


def expecting(
    if_match: str | None,
    what: str,
    representation: Callable[[TenantStore], Awaitable[object]],
) -> Precondition | None:
    """The write's condition: the stored `representation` still has the `If-Match` tag."""
    if if_match is None or if_match.strip() == "*":
        return None

    async def holds(store: TenantStore) -> None:
        etag = representation_etag(encoded(await representation(store)))
        if not if_match_holds(if_match, etag):
            raise PreconditionFailed(what)

    return holds


def tagged(representation: object, if_none_match: str | None = None) -> Response[Any]:
    """The answer with its `ETag`; 304 when `If-None-Match` holds it."""
    body = encoded(representation)
    etag = representation_etag(body)
    if held(if_none_match, etag):
        return not_modified(etag)
    return json_with_etag(body, etag)
