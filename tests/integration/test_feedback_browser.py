"""A customer's way from a real thank-you e-mail to the feedback page, in headless Chromium.

A payment in the lexoffice sandbox, a sync and `automahntion run` put a thank-you e-mail into
the SMTP sink; its link is opened in Debian's Chromium (driven by Playwright, without
JavaScript on our side), 4 stars and a comment are given, and a second visit finds the
feedback already given. Each page is saved as a screenshot in `.test-output/feedback-browser/`.
"""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, async_playwright, expect

from automahntion.app.lexoffice.connect import connect_api_key
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.domain.quota import Plan
from tests.integration.conftest import migrated_sqlite_at, run_cli
from tests.integration.helpers import activate
from tests.integration.lexoffice_env import (
    CLOCK_START_TEXT,
    Sandbox,
    TestClock,
    environment,
    serving_api,
    settings_for,
)
from tests.sandbox_server import free_port
from tests.smtp_sink import Sink

OUTPUT = Path(__file__).resolve().parents[2] / ".test-output" / "feedback-browser"
COMMENT = "Freundlicher Service, die Brötchen waren pünktlich da."


@dataclass
class Shop:
    settings: Settings
    sink: Sink
    container: Container


@pytest.fixture
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is needed (scripts/system-deps.sh installs it)")
    return path


@pytest.fixture
def served(sandbox: Sandbox, tmp_path: Path) -> Iterator[tuple[Settings, Sink]]:
    url = migrated_sqlite_at(tmp_path / "browser.sqlite3")
    with Sink() as sink:
        settings = replace(
            settings_for(sandbox, url, f"http://127.0.0.1:{free_port()}"),
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            mail_from="no-reply@automahntion.example",
            smtp_allow_private_hosts=True,
            documents_dir=str(tmp_path / "documents"),
        )
        with serving_api(settings):
            yield settings, sink


@pytest.fixture
async def shop(served: tuple[Settings, Sink]) -> AsyncIterator[Shop]:
    settings, sink = served
    container = await Container.start(settings, TestClock())
    try:
        yield Shop(settings, sink, container)
    finally:
        await container.stop()


async def _paid_invoice_of_a_connected_tenant(shop: Shop, sandbox: Sandbox) -> Any:
    org = sandbox.organization("Bäckerei Sonnenschein GmbH")
    oid = org["organizationId"]
    customer = sandbox.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    voucher = sandbox.voucher(
        oid,
        voucherNumber="RE-2026-0815",
        voucherDate="2026-11-13",
        dueDate="2026-12-11",
        totalAmount=238.0,
        contactId=customer,
    )
    units = shop.container.database.unit_of_work
    now = shop.container.clock.now()
    created = await create_tenant(
        units,
        NewTenant("Bäckerei Sonnenschein GmbH", "chef@baeckerei.example"),
        now,
        "amk_" + secrets.token_hex(22),
    )
    tenant_id = created.tenant.id
    await activate(units, tenant_id, now)
    await connect_api_key(
        units,
        shop.container.gateways,
        tenant_id,
        org["apiKey"],
        now=now,
        webhook_url=shop.container.webhook_url,
    )
    async with units() as uow:
        store = uow.tenant(tenant_id)
        settings = (await store.account.get()).settings
        await store.account.save_settings(
            replace(
                settings,
                thank_you_enabled=True,
                feedback_question="Wie zufrieden sind Sie mit unserer Bäckerei?",
            )
        )
        await store.thank_yous.set_loyalty_plan(Plan.STARTER)
    await sync_tenant(units, shop.container.gateways, tenant_id, shop.container.clock)
    sandbox.control(
        "POST", f"/organizations/{oid}/vouchers/{voucher}/payments", json={"amount": 238.0}
    )
    await sync_tenant(units, shop.container.gateways, tenant_id, shop.container.clock)
    return tenant_id


async def _shot(page: Page, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def test_a_customer_rates_through_the_link_in_a_real_thank_you_mail(
    shop: Shop, sandbox: Sandbox, chromium: str
) -> None:
    tenant_id = await _paid_invoice_of_a_connected_tenant(shop, sandbox)
    run = run_cli(
        "run",
        "--as-of",
        CLOCK_START_TEXT,
        database_url=shop.settings.database_url,
        **{k: v for k, v in environment(shop.settings).items() if k.startswith("AUTOMAHNTION_")},
    )
    assert run.returncode == 0, run.stderr
    assert "RE-2026-0815" in run.stdout, run.stdout
    [mail] = shop.sink.messages
    assert mail.envelope_to == ("buchhaltung@cafe.example",)
    assert mail.message["Subject"] == "Vielen Dank für Ihre Zahlung: Rechnung RE-2026-0815"
    body = mail.message.get_content()
    found = re.search(re.escape(shop.settings.public_url) + r"/feedback/[A-Za-z0-9_-]+", body)
    assert found is not None, body
    link = found.group(0)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            context = await browser.new_context(
                viewport={"width": 390, "height": 844}, locale="de-DE", java_script_enabled=False
            )
            page = await context.new_page()
            await page.goto(link)
            await expect(page.get_by_role("heading", level=1)).to_have_text(
                "Wie zufrieden sind Sie mit unserer Bäckerei?"
            )
            await expect(page.get_by_text("Bäckerei Sonnenschein GmbH")).to_be_visible()
            stars = page.get_by_role("group", name=re.compile("Ihre Bewertung"))
            await expect(stars.get_by_role("radio")).to_have_count(5)
            await _shot(page, "1-form")
            await stars.get_by_label("4 Sterne – zufrieden").check()
            await page.get_by_label("Ihr Kommentar (freiwillig)").fill(COMMENT)
            await _shot(page, "2-filled")
            await page.get_by_role("button", name="Bewertung senden").click()
            await expect(page.get_by_role("heading", level=1)).to_have_text(
                "Vielen Dank für Ihre Bewertung!"
            )
            await _shot(page, "3-thanks")
            again = await page.goto(link)
            assert again is not None
            assert again.status == 200
            await expect(page.get_by_role("heading", level=1)).to_have_text(
                "Sie haben bereits bewertet"
            )
            await _shot(page, "4-already-given")
        finally:
            await browser.close()

    async with shop.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        [given] = await store.feedback.all()
    assert (given.stars, given.comment) == (4, COMMENT)
    assert sorted(p.name for p in OUTPUT.glob("*.png")) == [
        "1-form.png",
        "2-filled.png",
        "3-thanks.png",
        "4-already-given.png",
    ]
