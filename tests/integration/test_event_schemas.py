"""Every event type, recorded as the service records it, fits its schema in the OpenAPI
document, as `GET /v1/events` lists it and as a webhook delivers it: read with the typed
Structs the document is made of, refusing unknown and missing fields, and compared with the
properties the document gives the type's `data`. A field added to an event without its schema
fails here."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import msgspec
import pytest

from automahntion.api.event_schemas import TypedEvent
from automahntion.api.schemas import Schema
from automahntion.app.events.records import EventType
from automahntion.app.webhooks.payload import event_body
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.web import create_app
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.event_samples import record_the_other_types
from tests.integration.lexoffice_env import Sandbox, TestClock, settings_for
from tests.integration.test_events import World, short_run
from tests.smtp_sink import Sink


class TypedPage(Schema):
    items: list[TypedEvent]
    next_cursor: str | None


@pytest.fixture
async def world(sandbox: Sandbox, tmp_path: Path) -> AsyncIterator[World]:
    url = migrated_sqlite_at(tmp_path / "event-schemas.sqlite3")
    clock = TestClock()
    with Sink() as sink:
        settings = replace(
            settings_for(sandbox, url, "http://127.0.0.1:9"),
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            mail_from="no-reply@automahntion.example",
        )
        container = await Container.start(settings, clock)
        try:
            yield World(container, clock, sink, sandbox)
        finally:
            await container.stop()


def _component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return found


def _schema_of(document: dict[str, Any], union: dict[str, Any], value: dict[str, Any]) -> Any:
    """The schema `value` follows: the one its discriminator names, or itself."""
    if "$ref" in union:
        union = _component(document, union["$ref"])
    if "discriminator" not in union:
        return union
    chosen = union["discriminator"]
    return _component(document, chosen["mapping"][value[chosen["propertyName"]]])


def _fits_document(document: dict[str, Any], event: dict[str, Any]) -> None:
    schema = _schema_of(document, {"$ref": "#/components/schemas/EventOut"}, event)
    data = _schema_of(document, schema["properties"]["data"], event["data"])
    for value, described in ((event, schema), (event["data"], data)):
        assert set(value) == set(described["properties"]) == set(described["required"]), (
            event["type"],
            sorted(value),
        )
        assert described["additionalProperties"] is False


async def test_every_event_type_fits_its_schema_as_listed_and_as_delivered(world: World) -> None:
    tenant_id, key, _ = await short_run(world)
    units = world.container.database.unit_of_work
    async with units() as uow:
        store = uow.tenant(tenant_id)
        (paid,) = await store.events.after(0, 10, {EventType.INVOICE_PAID})
        await record_the_other_types(store, UUID(str(paid.data["invoiceId"])), world.clock.now())
    app = create_app(world.container)
    document = app.openapi_schema.to_schema()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        answer = await client.get(
            "/v1/events", params={"limit": 50}, headers={"Authorization": f"Bearer {key}"}
        )
    assert answer.status_code == 200, answer.text
    async with units() as uow:
        recorded = await uow.tenant(tenant_id).events.after(0, 50)

    listed = msgspec.json.decode(answer.content, type=TypedPage).items
    delivered = [msgspec.json.decode(event_body(e), type=TypedEvent) for e in recorded]
    raw = answer.json()["items"]

    assert delivered == listed
    assert [json.loads(event_body(e)) for e in recorded] == raw
    assert {type(e) for e in listed} == set(TypedEvent.__args__)  # type: ignore[attr-defined]
    mapping = document["components"]["schemas"]["EventOut"]["discriminator"]["mapping"]
    assert set(mapping) == {t.value for t in EventType}
    assert {e["type"] for e in raw} == set(mapping)
    assert {e["data"]["reason"] for e in raw if e["type"] == "invoice.needs_attention"} == {
        "message_failed",
        "message_held",
        "invoice_blocked",
    }
    for event in raw:
        _fits_document(document, event)
    webhook = document["webhooks"]["event"]["post"]["requestBody"]["content"]["application/json"]
    assert webhook["schema"] == {"$ref": "#/components/schemas/EventOut"}


def test_a_field_the_schema_does_not_name_is_refused() -> None:
    event = {
        "id": "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
        "type": "invoice.paid",
        "sequence": 1,
        "occurredAt": "2026-12-07T10:00:00Z",
        "data": {"invoiceId": "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5c", "invoiceNumber": "RE-1"},
    }
    msgspec.convert(event, TypedEvent, strict=False)
    event["data"] = {**event["data"], "amountCents": 100}  # type: ignore[dict-item]
    with pytest.raises(msgspec.ValidationError, match="amountCents"):
        msgspec.convert(event, TypedEvent, strict=False)
