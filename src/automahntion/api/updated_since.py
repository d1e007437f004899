"""`updatedSince` of the lists an integrator polls (`/v1/invoices`, `/v1/contacts`).

Read here rather than by Litestar, so that a refusal names the parameter as the caller spelled
it and a time without a zone is refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from litestar.openapi.spec import OpenAPIFormat
from litestar.params import QueryParameter

from automahntion.domain.errors import FieldProblem, ValidationFailed

NAME = "updatedSince"
FIRST = datetime.min.replace(tzinfo=UTC)
LAST = datetime.max.replace(tzinfo=UTC)
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


_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def moment(value: str | None) -> datetime | None:
    """The moment in UTC. RFC 3339 only: a time without a zone names none and is refused; a
    leap second counts as the second before it, year 0 and times beyond year 9999 in UTC as
    the first and last moment there is."""
    if value is None:
        return None
    found = _RFC3339.fullmatch(value)
    at = None
    if found is not None:
        day, minutes, seconds, fraction, zone = found.groups()
        if day.startswith("0000-"):
            day = "0001-" + day[5:]
        second = min(int(seconds), 59)
        try:
            at = datetime.fromisoformat(
                f"{day}T{minutes}:{second:02d}{(fraction or '')[:7]}{zone.upper()}"
            )
        except ValueError:
            at = None
    if at is None:
        problem = "is no RFC 3339 time with a time zone (e.g. 2026-12-01T09:00:00Z)"
        raise ValidationFailed([FieldProblem(NAME, problem)])
    try:
        return at.astimezone(UTC)
    except OverflowError:
        return FIRST if at.year == 1 else LAST
