"""The contract around the OpenAPI document (issue 18, item 3): a page behind every problem
`type`, the API reference served from this service's own assets, and every operation of the
document in the repository documented, secured and with its headers declared."""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.async_api import async_playwright

import automahntion
from automahntion.api.docs_assets import REDOC_JS_URL, redoc_folder
from automahntion.api.problem_kinds import KINDS, PROBLEM_KINDS
from automahntion.api.problems import HTTP_TYPES, PROBLEM_BASE
from automahntion.api.scopes import TENANT_SCOPES
from automahntion.bootstrap.settings import Settings
from automahntion.domain.errors import DomainError
from tests.integration.conftest import SECRET_KEY
from tests.integration.in_process_api import InProcessApi, in_process_api, migrated_sqlite
from tests.integration.lexoffice_env import free_port, serving_api

OPENAPI_FILE = Path(__file__).parents[2] / "openapi" / "v1.json"
METHODS = ("get", "put", "post", "delete", "patch")
UNSAFE = ("put", "post", "patch")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=migrated_sqlite(tmp_path_factory, "contract"),
        secret_key=SECRET_KEY,
        documents_dir=str(tmp_path_factory.mktemp("documents")),
    )


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[InProcessApi]:
    async with in_process_api(settings) as running:
        yield running


def _subclasses(cls: type) -> Iterator[type]:
    yield cls
    for sub in cls.__subclasses__():
        yield from _subclasses(sub)


def _every_domain_error_code() -> set[str]:
    for module in pkgutil.walk_packages(automahntion.__path__, "automahntion."):
        if ".migrations" not in module.name and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    return {error.code for error in _subclasses(DomainError)}


def test_every_kind_of_refusal_has_a_problem_kind() -> None:
    """A refusal without a kind would have no page (and `problems.py` could not map it)."""
    emitted = _every_domain_error_code() | set(HTTP_TYPES.values()) | {"internal-error"}
    assert emitted - set(KINDS) == set()
    assert len(KINDS) == len(PROBLEM_KINDS), "a problem kind is listed twice"


async def test_every_problem_type_has_a_page(api: InProcessApi) -> None:
    for kind in PROBLEM_KINDS:
        answer = await api.client.get(PROBLEM_BASE + kind.code)
        assert answer.status_code == 200, kind.code
        assert answer.headers["content-type"].startswith("text/html")
        assert f"<h1>{kind.title}</h1>" in answer.text
        assert f"HTTP status {kind.status}" in answer.text
    index = await api.client.get("/problems")
    assert index.status_code == 200
    assert all(f'href="{PROBLEM_BASE}{k.code}"' in index.text for k in PROBLEM_KINDS)
    unknown = await api.client.get(PROBLEM_BASE + "no-such-kind")
    assert unknown.status_code == 404
    assert unknown.json()["type"] == PROBLEM_BASE + "not-found"


async def test_the_type_of_real_refusals_answers_with_its_page(api: InProcessApi) -> None:
    refusals = [
        await api.client.get("/v1/invoices", headers={"Authorization": ""}),
        await api.client.get("/v1/no-such-route"),
        await api.client.get("/v1/invoices", params={"limit": 0}),
        await api.client.get("/v1/invoices/00000000-0000-4000-8000-000000000000"),
    ]
    assert [r.status_code for r in refusals] == [401, 404, 422, 404]
    for refusal in refusals:
        problem = refusal.json()
        assert refusal.headers["content-type"] == "application/problem+json"
        page = await api.client.get(problem["type"])
        assert page.status_code == 200, problem
        assert problem["title"] in page.text


_RESOURCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def _same_origin(url: str) -> bool:
    return url.startswith(("/", "#", "data:")) and not url.startswith("//")


async def test_the_docs_page_references_no_other_host(api: InProcessApi) -> None:
    page = await api.client.get("/schema", headers={"Authorization": ""})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    loaded = _RESOURCE.findall(page.text)
    assert REDOC_JS_URL in loaded
    assert [url for url in loaded if not _same_origin(url)] == []
    for host in ("fonts.googleapis", "fonts.gstatic", "cdn.redoc.ly", "cdn.jsdelivr", "unpkg"):
        assert host not in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "img-src 'self' data:" in policy
    bundle = await api.client.get(REDOC_JS_URL, headers={"Authorization": ""})
    assert bundle.status_code == 200
    shipped = (redoc_folder() / "redoc.standalone.js").read_bytes()
    assert hashlib.sha256(bundle.content).digest() == hashlib.sha256(shipped).digest()
    assert b"cdn.redoc.ly" not in shipped
    assert (redoc_folder() / "LICENSE").read_text().startswith("The MIT License")


@pytest.fixture
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is needed (scripts/system-deps.sh installs it)")
    return path


async def test_the_docs_page_renders_in_a_browser_from_our_host_alone(
    settings: Settings, chromium: str
) -> None:
    """Every request the page makes goes to this service (or stays in the browser), and Redoc
    renders the operations."""
    served = replace(settings, public_url=f"http://127.0.0.1:{free_port()}")
    with serving_api(served) as api_url:
        origin = urlsplit(api_url).netloc
        requested: list[str] = []
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, headless=True)
            try:
                page = await browser.new_page()
                page.on("request", lambda request: requested.append(request.url))
                await page.goto(f"{api_url}/schema", wait_until="networkidle")
                heading = page.locator("h2", has_text="List invoices")
                await heading.first.wait_for(timeout=30_000)
            finally:
                await browser.close()
    elsewhere = [
        url
        for url in requested
        if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != origin
    ]
    assert requested
    assert elsewhere == []


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    document = json.loads(OPENAPI_FILE.read_text())
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_every_operation_is_documented() -> None:
    document = json.loads(OPENAPI_FILE.read_text())
    described = {tag["name"] for tag in document["tags"] if tag.get("description")}
    grouped = {name for group in document["x-tagGroups"] for name in group["tags"]}
    for path, method, operation in _operations():
        where = f"{method.upper()} {path}"
        assert " " in operation["summary"], where
        assert len(operation.get("description", "")) >= 40, where
        assert set(operation["tags"]) <= described & grouped, where


def test_every_operation_declares_how_to_authenticate_and_its_headers() -> None:
    schemes = json.loads(OPENAPI_FILE.read_text())["components"]["securitySchemes"]
    flow = schemes["oauth2"]["flows"]["authorizationCode"]
    assert (flow["authorizationUrl"], flow["tokenUrl"]) == ("/oauth/authorize", "/oauth/token")
    assert set(flow["scopes"]) == set(TENANT_SCOPES)
    oauth_scoped = 0
    for path, method, operation in _operations():
        where = f"{method.upper()} {path}"
        security = operation["security"]
        if security:
            assert {"bearer": []} in security, where
            oauth = [s["oauth2"] for s in security if "oauth2" in s]
            oauth_scoped += bool(oauth)
            assert all(len(scopes) == 1 and scopes[0] in TENANT_SCOPES for scopes in oauth)
        parameters = {p.get("$ref", "").rsplit("/", 1)[-1] for p in operation.get("parameters", [])}
        if security and method in UNSAFE:
            assert "Idempotency-Key" in parameters, where
        for status, response in operation["responses"].items():
            assert "X-Request-Id" in response["headers"], f"{where} {status}"
            if status == "429":
                assert "Retry-After" in response["headers"], where
    assert oauth_scoped > 40
