"""`/v1/events`: what happened, in commit order — the same events the webhooks deliver."""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.di import NamedDependency
from litestar.params import FromQuery

from automahntion.api import scopes
from automahntion.api.auth import caller_of
from automahntion.api.pagination import Cursor, Limit, encode_cursor, number_after
from automahntion.api.routing import get
from automahntion.api.schemas import Schema
from automahntion.api.wiring import Units, Wired
from automahntion.app.events.listing import events_after
from automahntion.app.events.records import Event, EventType


class EventOut(Schema):
    """Something that happened, as the webhooks deliver it: `type` says what, and which
    schema `data` follows."""

    id: UUID
    """Also the `webhook-id` of its deliveries."""
    type: EventType
    sequence: int
    """Increases with every event of the tenant, in the order the changes were committed."""
    occurred_at: datetime
    data: dict[str, Any]


class EventPage(Schema):
    """A page of events."""

    items: list[EventOut]
    next_cursor: str | None
    """Also on the last page: the cursor to ask with later for what happened since."""


def out(event: Event) -> EventOut:
    return EventOut(
        id=event.id,
        type=event.type,
        sequence=event.seq,
        occurred_at=event.occurred_at,
        data=dict(event.data),
    )


def visible_types(granted: Set[str]) -> set[EventType]:
    """`feedback.received` only for callers that may read feedback."""
    hidden = set() if scopes.FEEDBACK_READ in granted else {EventType.FEEDBACK_RECEIVED}
    return set(EventType) - hidden


@get("/events", tags=["events"], scope=scopes.INVOICES_READ)
async def list_events(
    request: Request[Any, Any, Any],
    units: Wired[Units],
    tenant_id: NamedDependency[UUID],
    type: FromQuery[EventType | None] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> EventPage:
    """List events

    Everything that happened to the tenant's invoices and messages, in order, as the webhooks
    deliver it: each event has a type (e.g. `message.sent`, `invoice.paid`), a timestamp and the
    objects it concerns. Events oldest first. Unlike other lists the last page carries a
    `nextCursor` too: asking with it later returns only what happened since.

    What `data` holds depends on `type`: each type is its own schema (`EventOut` is a `oneOf`
    told apart by `type`, and `invoice.needs_attention`'s `data` by its `reason`). Ids are
    strings, times RFC 3339 in UTC with `Z`; every field is always there, null where it has no
    value. `feedback.received` is listed only for callers with `feedback:read`. The webhooks
    deliver the same events (`webhooks` in this document).
    """
    after = number_after(cursor)
    visible = visible_types(caller_of(request).scopes)
    types = visible if type is None else visible & {type}
    chosen, _more = await events_after(
        units, tenant_id, after, limit, None if types == set(EventType) else types
    )
    last = chosen[-1].seq if chosen else after
    return EventPage(items=[out(e) for e in chosen], next_cursor=encode_cursor(str(last)))
