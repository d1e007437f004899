"""`updatedSince` of the lists an integrator polls (`/v1/invoices`, `/v1/contacts`).

Read here rather than by Litestar, so that a refusal names the parameter as the caller spelled
it and a time without a zone is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from litestar.openapi.spec import OpenAPIFormat
from litestar.params import QueryParameter

from automahntion.domain.errors import FieldProblem, ValidationFailed

NAME = "updatedSince"
UpdatedSince = Annotated[
    str | None,
    QueryParameter(
        name=NAME,
        format=OpenAPIFormat.DATE_TIME,
        max_length=64,
        description=(
            "only what changed at or after this moment (RFC 3339 with a time zone, e.g. "
            "`2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of your previous "
            "answer, a few seconds earlier, to miss nothing (a change committed while you asked "
            "may carry an earlier time). `GET /v1/events` lists changes without that overlap."
        ),
    ),
]


def moment(value: str | None) -> datetime | None:
    """The moment in UTC; a time without a zone names none and is refused."""
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        at = None
    if at is None or at.utcoffset() is None:
        problem = "is no RFC 3339 time with a time zone (e.g. 2026-12-01T09:00:00Z)"
        raise ValidationFailed([FieldProblem(NAME, problem)])
    return at.astimezone(UTC)
