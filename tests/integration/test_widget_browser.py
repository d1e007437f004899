"""The example widget (`examples/widget/`) in headless Chromium, served from another origin.

A page on an origin registered with an OAuth client (through its redirect URI) runs the PKCE
flow — consent page, code, token exchange by `fetch`, `GET /v1/invoices` by `fetch` — and
lists the tenant's invoices. The same widget on an origin no client registered gets no CORS
answer: its browser refuses both the token exchange and the API call.
"""

from __future__ import annotations

import secrets
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from playwright.async_api import Page, async_playwright, expect

from automahntion.app.access.credentials import issue_admin_token
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import Service

WIDGET = Path(__file__).resolve().parents[2] / "examples" / "widget"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        del format, args


@pytest.fixture
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is needed (scripts/system-deps.sh installs it)")
    return path


def _static_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(WIDGET)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def widget_site() -> Iterator[str]:
    yield from _static_site()


@pytest.fixture
def foreign_site() -> Iterator[str]:
    yield from _static_site()


async def _client(service: Service, redirect_uri: str) -> str:
    admin = await issue_admin_token(
        service.container.database.unit_of_work, "widget test", service.clock.now()
    )
    async with httpx.AsyncClient(base_url=service.api_url, trust_env=False) as http:
        response = await http.post(
            "/v1/admin/oauth-clients",
            json={
                "name": "Rechnungs-Widget",
                "redirectUris": [redirect_uri],
                "scopes": ["invoices:read"],
                "confidential": False,
            },
            headers={"Authorization": f"Bearer {admin.token}"},
        )
    assert response.status_code == 201, response.text
    client_id: str = response.json()["clientId"]
    return client_id


async def _tenant_with_invoices(service: Service) -> str:
    api_key = "amk_" + secrets.token_urlsafe(32)
    tenant = await service.tenant(api_key)
    units = service.container.database.unit_of_work
    now = service.clock.now()
    async with units() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact()])
        await store.invoices.upsert(
            [invoice("RE-2026-0815", open_cents=238_00), invoice("RE-2026-0816")], now
        )
    return api_key


async def _approve(page: Page, api_key: str) -> None:
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Rechnungs-Widget")
    await page.get_by_label("API-Schlüssel Ihres automahntion-Kontos").fill(api_key)
    await page.get_by_role("button", name="Zugriff erlauben").click()


async def _code_for(service: Service, client_id: str, redirect_uri: str, api_key: str) -> str:
    verifier = "v" * 50
    async with httpx.AsyncClient(base_url=service.api_url, trust_env=False) as http:
        response = await http.post(
            "/oauth/authorize",
            params={
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "scope": "invoices:read",
                "state": "s",
                "code_challenge": create_s256_code_challenge(verifier),
                "code_challenge_method": "S256",
            },
            data={"api_key": api_key, "decision": "approve"},
        )
    assert response.status_code == 302, response.text
    return httpx.URL(response.headers["location"]).params["code"]


async def test_the_example_widget_lists_invoices_from_its_registered_origin_only(
    service: Service, widget_site: str, foreign_site: str, chromium: str
) -> None:
    page_url = widget_site + "/index.html"
    client_id = await _client(service, page_url)
    api_key = await _tenant_with_invoices(service)
    start = page_url + "?" + urlencode({"api": service.api_url, "client_id": client_id})

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            page = await browser.new_page(locale="de-DE")
            await page.goto(start)
            await page.get_by_role("button", name="Mit automahntion verbinden").click()
            await page.wait_for_url(service.api_url + "/oauth/authorize?*")
            await _approve(page, api_key)
            await expect(page.get_by_role("status")).to_have_text("2 Rechnungen geladen.")
            assert page.url == page_url
            rows = page.locator("#invoices tbody tr")
            await expect(rows).to_have_count(2)
            await expect(rows.filter(has_text="RE-2026-0815")).to_contain_text("238,00")
            await expect(rows.first).to_contain_text("Café Morgenrot")

            foreign = await browser.new_page()
            foreign_url = foreign_site + "/index.html"
            await foreign.goto(foreign_url + "?" + urlencode({"api": service.api_url}))
            code = await _code_for(service, client_id, page_url, api_key)
            refused = await foreign.evaluate(
                """async ([api, clientId, redirectUri, code]) => {
                    const attempt = async (run) => {
                        try { await run(); return "answered"; }
                        catch (error) { return error.name; }
                    };
                    const settings = { api, clientId, redirectUri };
                    return [
                        await attempt(() => exchange(settings, { verifier: "v".repeat(50) }, code)),
                        await attempt(() => showInvoices(settings, "amo_anything")),
                    ];
                }""",
                [service.api_url, client_id, page_url, code],
            )
            assert refused == ["TypeError", "TypeError"]
        finally:
            await browser.close()
