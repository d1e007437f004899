"""The body of a delivery: the event as `GET /v1/events` lists it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from automahntion.app.events.records import Event


def rfc3339(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def event_body(event: Event) -> bytes:
    return json.dumps(
        {
            "id": str(event.id),
            "type": event.type.value,
            "sequence": event.seq,
            "occurredAt": rfc3339(event.occurred_at),
            "data": event.data,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
