"""Issue 15, finding 4: malformed input is a 4xx problem, never a 500 — broken or deeply
nested JSON on every JSON-body route and on signed webhooks, NUL in free text, text longer
than its column, odd characters in the OAuth query — and a 500 that still happens is
problem+json, logged as one JSON line with its request id and traceback."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from automahntion.adapters.db import tables
from automahntion.bootstrap.logs import JsonFormatter
from automahntion.bootstrap.web import create_app
from automahntion.domain.feedback import hash_token
from tests.integration.api_callers import Callers, bearer, start_callers
from tests.integration.helpers import contact, invoice

pytest_plugins = ["tests.integration.api_callers"]

OPENAPI = Path(__file__).parents[2] / "openapi" / "v1.json"
PATH_VALUES = {"level": "M1"}
DEEP = 600
BROKEN = {
    "invalid UTF-8 in a string": b'{"name": "caf\xc3\x28 \xff"}',
    "nested 600 deep (arrays)": b"[" * DEEP + b"]" * DEEP,
    "nested 600 deep (objects)": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
}


def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI.read_text())
    return document


def _json_body_routes() -> list[tuple[str, str, dict[str, Any], bool]]:
    """(method, path, schema of the body's object, body is an array) of every operation with a
    JSON body."""
    document = _document()
    schemas = document["components"]["schemas"]
    routes = []
    for path, operations in sorted(document["paths"].items()):
        url = re.sub(r"{(\w+)}", lambda m: PATH_VALUES.get(m.group(1), str(uuid4())), path)
        for method, operation in sorted(operations.items()):
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                schema = content["application/json"]["schema"]
                ref = schema.get("items", schema)["$ref"].rsplit("/", 1)[1]
                routes.append((method.upper(), url, schemas[ref], "items" in schema))
    return routes


def _headers(callers: Callers, url: str) -> dict[str, str]:
    token = bearer(callers.api_key)
    return callers.admin if url.startswith("/v1/admin/") else token


def _is_problem(response: httpx.Response, statuses: tuple[int, ...]) -> bool:
    return response.status_code in statuses and response.headers["content-type"].startswith(
        "application/problem+json"
    )


async def test_broken_json_is_a_client_error_on_every_route(callers: Callers) -> None:
    server_errors = []
    for method, url, _, _ in _json_body_routes():
        for what, body in BROKEN.items():
            response = await callers.http.request(
                method,
                url,
                content=body,
                headers=_headers(callers, url) | {"content-type": "application/json"},
            )
            if not _is_problem(response, (400, 422)):
                server_errors.append(f"{method} {url} {what}: {response.status_code}")
    assert server_errors == []


def _string_fields(schema: dict[str, Any]) -> list[str]:
    def is_text(spec: dict[str, Any]) -> bool:
        options = [spec, *spec.get("oneOf", [])]
        return any(
            o.get("type") == "string" and "format" not in o and "enum" not in o for o in options
        )

    return [name for name, spec in schema.get("properties", {}).items() if is_text(spec)]


async def test_nul_is_refused_in_every_free_text_field(callers: Callers) -> None:
    checked, refused = [], []
    for method, url, schema, array in _json_body_routes():
        for field in _string_fields(schema):
            body: Any = [{field: "Text\x00mit NUL"}] if array else {field: "Text\x00mit NUL"}
            response = await callers.http.request(
                method, url, json=body, headers=_headers(callers, url)
            )
            checked.append(f"{method} {url} {field}")
            fields = {e["field"] for e in response.json().get("errors") or []}
            named = f"[0].{field}" if array else field
            if not (_is_problem(response, (422,)) and named in fields):
                refused.append(f"{method} {url} {field}: {response.status_code} {fields}")
    assert len(checked) >= 20
    assert refused == []


STORED_IN = {
    "AccountPatch": tables.Tenant,
    "AdminTenantIn": tables.Tenant,
    "BillingEmailIn": tables.Tenant,
    "SettingsPatch": tables.Tenant,
    "LetterheadPatch": tables.Tenant,
    "BankAccountIn": tables.Tenant,
    "TenantPauseIn": tables.Tenant,
    "PauseIn": tables.Invoice,
    "ApiKeyIn": tables.ApiKey,
    "OAuthClientIn": tables.OAuthClient,
    "SmtpServerIn": tables.SmtpServer,
    "TemplateIn": tables.TemplateVersion,
    "LexofficeApiKeyIn": tables.LexofficeConnection,
    "MandateIn": tables.Subscription,
    "WebhookEndpointIn": tables.WebhookEndpoint,
    "AdminTokenIn": tables.AdminToken,
}
"""Where the fields of each request schema with a length limit are stored."""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _limits(schema: dict[str, Any]) -> dict[str, int]:
    found = {}
    for name, spec in schema.get("properties", {}).items():
        lengths = [o["maxLength"] for o in (spec, *spec.get("oneOf", [])) if "maxLength" in o]
        if lengths:
            found[_snake(name)] = max(lengths)
    return found


def test_no_schema_allows_more_than_its_column_holds() -> None:
    schemas = _document()["components"]["schemas"]
    requests = {t: schema for t, schema in schemas.items() if t.endswith(("In", "Patch"))}
    limited = {title for title, schema in requests.items() if _limits(schema)}
    assert limited <= set(STORED_IN), "map the new request schema in STORED_IN"
    too_long, compared = [], 0
    for title, table in STORED_IN.items():
        columns = {column._meta.name: column for column in table._meta.columns}
        for name, limit in _limits(schemas[title]).items():
            length = getattr(columns.get(name), "length", None)
            if isinstance(length, int):
                compared += 1
                if limit > length:
                    too_long.append(f"{title}.{name}: {limit} > {table.__name__}.{name} {length}")
    assert compared >= 5
    assert too_long == []


async def test_an_smtp_username_up_to_the_schema_limit_is_no_500(callers: Callers) -> None:
    response = await callers.http.put(
        "/v1/smtp",
        json={"host": "127.0.0.1", "port": 2525, "username": "u" * 400, "password": "p"},
        headers=bearer(callers.api_key),
    )
    assert _is_problem(response, (422,)), response.text


@pytest.mark.parametrize(
    "query",
    [
        {"response_type": 'code"', "client_id": "x", "redirect_uri": "http://127.0.0.1:9/cb"},
        {"response_type": "code\\", "client_id": "x", "redirect_uri": "http://127.0.0.1:9/cb"},
        {"response_type": "code", "client_id": "x", "redirect_uri": 'http://127.0.0.1:9/"cb'},
        {"response_type": "code", "client_id": "x", "redirect_uri": "http://127.0.0.1:9/\\cb"},
    ],
)
async def test_odd_characters_in_the_oauth_query_are_no_500(
    callers: Callers, query: dict[str, str]
) -> None:
    for method in ("GET", "POST"):
        response = await callers.http.request(method, "/oauth/authorize", params=query)
        assert response.status_code < 500, response.text


def _signed(body: bytes, key: str) -> dict[str, str]:
    signature = hmac.new(key.encode(), body, hashlib.sha256).hexdigest()
    return {"Signature": signature, "Content-Type": "application/json"}


@pytest.fixture
async def postal_callers(migrated_urls: dict[str, str], tmp_path: Path) -> AsyncIterator[Callers]:
    async for found in start_callers(
        migrated_urls["postgres"], tmp_path, postal_webhook_secret="whsec_deep"
    ):
        yield found


async def test_deep_json_on_a_signed_webhook_is_a_client_error(postal_callers: Callers) -> None:
    for body in BROKEN.values():
        response = await postal_callers.http.post(
            "/v1/webhooks/postal", content=body, headers=_signed(body, "whsec_deep")
        )
        assert _is_problem(response, (400, 401, 422)), response.text


async def test_a_server_error_is_problem_json_and_logged_with_its_request_id(
    callers: Callers, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("the database fell over")

    callers.container.database.unit_of_work = broken  # type: ignore[assignment,method-assign]
    app = create_app(callers.container)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR):
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as http:
            response = await http.get("/v1/api-keys", headers=bearer(callers.api_key))
    assert _is_problem(response, (500,)), response.text
    assert "fell over" not in response.text
    request_id = response.headers["x-request-id"]
    assert request_id in response.json()["detail"]
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == request_id
    assert "RuntimeError: the database fell over" in line["exception"]


async def test_nul_in_the_public_feedback_comment_is_refused(callers: Callers) -> None:
    token = secrets.token_urlsafe(32)
    async with callers.container.database.unit_of_work() as uow:
        store = uow.tenant(callers.tenant_id)
        await store.contacts.upsert([contact("c-nul", "anna.muster@kunde.example")])
        await store.invoices.upsert(
            [invoice("RE-NUL", total_cents=100_00, open_cents=0)], callers.clock.now()
        )
        stored = await store.invoices.by_lexoffice_id("lx-RE-NUL")
        assert stored is not None
        await store.feedback.add_token(stored.id, hash_token(token), callers.clock.now())
    refused = await callers.http.post(
        f"/feedback/{token}", data={"stars": "4", "comment": "gut\x00"}
    )
    assert refused.status_code == 422, refused.text
    assert "Steuerzeichen" in refused.text
    taken = await callers.http.post(f"/feedback/{token}", data={"stars": "4", "comment": "gut"})
    assert taken.status_code == 200, taken.text


async def test_a_refused_parameter_is_named_as_the_caller_spells_it(callers: Callers) -> None:
    """`updatedSince`, `from`, `to`: not the handlers' arguments `updated_since`, `from_month`;
    a missing one by its name too, not as `body`."""
    too_long = "2026-12-01T09:00:00" + "0" * 50 + "Z"
    asked = {
        f"/v1/invoices?updatedSince={too_long}": "updatedSince",
        f"/v1/contacts?updatedSince={too_long}": "updatedSince",
        "/v1/feedback/report?from=2026-13": "from",
        "/v1/feedback/report?to=12-2026": "to",
        "/v1/lexoffice/callback?code=c": "state",
    }
    named = {}
    for url in asked:
        answer = await callers.http.get(url, headers=bearer(callers.api_key))
        assert answer.status_code == 422, answer.text
        body = answer.json()
        named[url] = [error["field"] for error in body["errors"]]
        assert body["detail"].startswith(f"{named[url][0]}: ")
    assert named == {url: [name] for url, name in asked.items()}
