"""Issue 15, finding 9: the scope is checked before the body. A widget without the scope a
write route needs gets 403 whatever it sends; it learns nothing about what the route would
have accepted. Every write route of the OpenAPI document that takes credentials is swept."""

from __future__ import annotations

import json
import re
from pathlib import Path
from uuid import uuid4

from tests.integration.api_callers import Callers, bearer

pytest_plugins = ["tests.integration.api_callers"]

OPENAPI = Path(__file__).parents[2] / "openapi" / "v1.json"
WRITES = ("post", "put", "patch", "delete")
INVALID_BODY = '"kaputt"'
"""A JSON string: no route takes one, so every route with a body refuses it."""
PATH_VALUES = {"level": "M1"}


def _write_routes() -> list[tuple[str, str, bool]]:
    """(method, path with its parameters filled in, takes a body) of each write operation
    that takes credentials."""
    routes = []
    for path, operations in sorted(json.loads(OPENAPI.read_text())["paths"].items()):
        url = re.sub(r"{(\w+)}", lambda m: PATH_VALUES.get(m.group(1), str(uuid4())), path)
        for method, operation in sorted(operations.items()):
            if method in WRITES and operation.get("security"):
                routes.append((method.upper(), url, "requestBody" in operation))
    return routes


async def _answers(callers: Callers, token: str, routes: list[tuple[str, str, bool]]) -> set[str]:
    """`METHOD path status` of each route called with the invalid body."""
    found = set()
    for method, url, _ in routes:
        response = await callers.http.request(
            method,
            url,
            content=INVALID_BODY,
            headers=bearer(token) | {"content-type": "application/json"},
        )
        assert response.headers["content-type"].startswith("application/problem+json")
        found.add(f"{method} {url} {response.status_code}")
    return found


def _expected(routes: list[tuple[str, str, bool]], status: int) -> set[str]:
    return {f"{method} {url} {status}" for method, url, _ in routes}


async def test_an_under_scoped_widget_gets_403_on_every_write_route(callers: Callers) -> None:
    routes = _write_routes()
    assert len(routes) >= 25
    widget = await callers.widget("feedback:read")
    assert await _answers(callers, widget, routes) == _expected(routes, 403)


async def test_the_body_is_refused_for_a_caller_with_the_scope(callers: Callers) -> None:
    """The sweep's body is invalid indeed: the callers the routes take get 422 for it."""
    with_body = [route for route in _write_routes() if route[2]]
    admin_token = callers.admin["Authorization"].removeprefix("Bearer ")
    admin_routes = [route for route in with_body if route[1].startswith("/v1/admin/")]
    tenant_routes = [route for route in with_body if route not in admin_routes]
    assert await _answers(callers, callers.api_key, tenant_routes) == _expected(tenant_routes, 422)
    assert await _answers(callers, admin_token, admin_routes) == _expected(admin_routes, 422)
