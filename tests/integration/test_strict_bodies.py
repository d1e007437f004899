"""Issue 15, finding 5: an unknown field is refused (422 naming it) on every JSON-body route,
the OpenAPI document says so, and API keys may be limited to the scopes widget tokens get."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from tests.integration.api_callers import REDIRECT, Callers, bearer

pytest_plugins = ["tests.integration.api_callers"]

OPENAPI = Path(__file__).parents[2] / "openapi" / "v1.json"
PATH_VALUES = {"level": "M1"}
UNKNOWN = "sendinghour"


def _json_body_routes() -> list[tuple[str, str, bool]]:
    """(method, path, body is an array) of every operation that takes a JSON body."""
    routes = []
    for path, operations in sorted(json.loads(OPENAPI.read_text())["paths"].items()):
        url = re.sub(r"{(\w+)}", lambda m: PATH_VALUES.get(m.group(1), str(uuid4())), path)
        for method, operation in sorted(operations.items()):
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                schema = content["application/json"]["schema"]
                routes.append((method.upper(), url, schema.get("type") == "array"))
    return routes


def _problem_fields(response: httpx.Response) -> set[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {error["field"] for error in response.json()["errors"]}


async def test_a_misspelt_setting_is_refused_and_nothing_changes(callers: Callers) -> None:
    key = bearer(callers.api_key)
    before = (await callers.http.get("/v1/settings", headers=key)).json()
    refused = await callers.http.patch("/v1/settings", json={UNKNOWN: 7}, headers=key)
    assert _problem_fields(refused) == {UNKNOWN}
    both = await callers.http.patch(
        "/v1/settings", json={"sendingHour": 7, UNKNOWN: 7, "extra": 1}, headers=key
    )
    assert _problem_fields(both) == {UNKNOWN, "extra"}
    assert (await callers.http.get("/v1/settings", headers=key)).json() == before


async def test_every_json_body_route_refuses_an_unknown_field(callers: Callers) -> None:
    routes = _json_body_routes()
    assert len(routes) >= 19
    found, expected = {}, {}
    for method, url, array in routes:
        headers = callers.admin if url.startswith("/v1/admin/") else bearer(callers.api_key)
        body: Any = [{UNKNOWN: 1}] if array else {UNKNOWN: 1}
        response = await callers.http.request(method, url, json=body, headers=headers)
        found[f"{method} {url}"] = _problem_fields(response)
        expected[f"{method} {url}"] = {f"[0].{UNKNOWN}" if array else UNKNOWN}
    assert found == expected


def test_the_openapi_document_closes_every_request_body() -> None:
    document = json.loads(OPENAPI.read_text())
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = content["application/json"]["schema"]
            ref = schema.get("items", schema)["$ref"].rsplit("/", 1)[1]
            assert schemas[ref]["additionalProperties"] is False, (method, path, ref)


async def _limited_key(callers: Callers, *scopes: str) -> dict[str, Any]:
    created = await callers.http.post(
        "/v1/api-keys",
        json={"name": "Dashboard", "scopes": list(scopes)},
        headers=bearer(callers.api_key),
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


async def test_an_api_key_limited_to_scopes_may_do_only_that(callers: Callers) -> None:
    limited = await _limited_key(callers, "invoices:read")
    assert limited["scopes"] == ["invoices:read"]
    token = bearer(limited["apiKey"])
    assert (await callers.http.get("/v1/invoices", headers=token)).status_code == 200
    assert (await callers.http.get("/v1/settings", headers=token)).status_code == 403
    patch = await callers.http.patch("/v1/settings", json={"sendingHour": 7}, headers=token)
    assert patch.status_code == 403
    escalate = await callers.http.post("/v1/api-keys", json={"name": "Voll"}, headers=token)
    assert escalate.status_code == 403, "a limited key cannot make itself a full one"
    assert (await callers.http.get("/v1/api-keys", headers=token)).status_code == 403
    listed = await callers.http.get("/v1/api-keys", headers=bearer(callers.api_key))
    scopes_of = {item["name"]: item["scopes"] for item in listed.json()["items"]}
    assert scopes_of["Dashboard"] == ["invoices:read"]
    assert None in scopes_of.values(), "keys made without scopes keep their full power"


async def test_unknown_scopes_are_refused(callers: Callers) -> None:
    for scopes in (["keys"], ["admin"], [], ["invoices:read", "everything"]):
        refused = await callers.http.post(
            "/v1/api-keys",
            json={"name": "Kaputt", "scopes": scopes},
            headers=bearer(callers.api_key),
        )
        assert refused.status_code == 422, (scopes, refused.text)


async def test_a_limited_key_cannot_approve_a_widget(callers: Callers) -> None:
    limited = await _limited_key(callers, "feedback:read")
    client = await callers.http.post(
        "/v1/admin/oauth-clients",
        json={"name": "Widget", "redirectUris": [REDIRECT], "scopes": ["settings:write"]},
        headers=callers.admin,
    )
    assert client.status_code == 201, client.text
    consent = await callers.http.post(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": client.json()["clientId"],
            "redirect_uri": REDIRECT,
            "scope": "settings:write",
            "state": "s",
            "code_challenge": create_s256_code_challenge(secrets.token_urlsafe(48)),
            "code_challenge_method": "S256",
        },
        data={"api_key": limited["apiKey"], "decision": "approve"},
    )
    assert consent.status_code == 400
    assert "beschränkt" in consent.text
    location = consent.headers.get("location", "")
    assert "code" not in parse_qs(urlsplit(location).query)


async def test_a_missing_or_null_body_is_refused_naming_the_body(callers: Callers) -> None:
    """Not `data` (the handlers' argument, no field of the API) nor a message of `'data'`."""
    found, expected = {}, {}
    for method, url, _ in _json_body_routes():
        headers = callers.admin if url.startswith("/v1/admin/") else bearer(callers.api_key)
        headers = headers | {"content-type": "application/json"}
        for content in (b"", b"null"):
            response = await callers.http.request(method, url, content=content, headers=headers)
            errors = response.json().get("errors") or [{}]
            found[f"{method} {url} {content!r}"] = (
                response.status_code,
                {error.get("field") for error in errors},
                any(error.get("message") == "'data'" for error in errors),
            )
            expected[f"{method} {url} {content!r}"] = (422, {"body"}, False)
    assert found == expected
