"""Readable operationIds: what the generated SDK names its modules and functions after."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from litestar.handlers import HTTPRouteHandler
from litestar.openapi.config import default_operation_id_creator

from automahntion.api.operation_ids import OPERATION_IDS, _derived
from automahntion.bootstrap.settings import Settings
from automahntion.cli.serve import openapi_document, serving_app

CAMEL_CASE = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]+)+$")


class _Clock:
    def now(self) -> datetime:
        return datetime(2026, 11, 27, 8, tzinfo=UTC)


def _documented() -> list[tuple[HTTPRouteHandler, str, list[object]]]:
    app = serving_app(Settings(), _Clock())
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler, HTTPRouteHandler) and handler.resolve_include_in_schema():
                for method in handler.http_methods:
                    found.append((handler, method, route.path_components))
    return found


def test_every_operation_has_a_unique_verb_first_camel_case_id() -> None:
    document = json.loads(openapi_document(_Clock()))
    ids = [
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert [i for i in ids if not CAMEL_CASE.match(i)] == []
    assert not any(i.startswith(("V1", "v1", "Health", "Ready")) for i in ids)


def test_no_operation_keeps_the_path_derived_default_and_every_entry_is_used() -> None:
    documented = _documented()
    defaults = {
        default_operation_id_creator(handler, method, path)  # type: ignore[arg-type]
        for handler, method, path in documented
    }
    document = json.loads(openapi_document(_Clock()))
    ids = {
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert ids.isdisjoint(defaults), ids & defaults
    named = {handler.fn.__qualname__ for handler, _, _ in documented}
    assert set(OPERATION_IDS) - named == set(), "entries for handlers that no longer exist"
    assert set(OPERATION_IDS.values()) <= ids


def test_a_new_handler_gets_a_verb_and_its_resource() -> None:
    assert _derived("WebhookEndpointController.create") == "createWebhookEndpoint"
    assert _derived("WebhookEndpointController.index") == "listWebhookEndpoint"
    assert _derived("WebhookEndpointController.rotate_secret") == "rotateSecretWebhookEndpoint"
    assert _derived("EventController.list_events") == "listEvents"
    assert _derived("list_deliveries") == "listDeliveries"
