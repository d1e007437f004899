"""The begin page between `GET /v1/lexoffice/connect` and lexoffice: the integrator's server
starts the flow, the user's browser confirms on our page (which names the automahntion account)
and only that browser's callback is taken; a ticket works once and for 10 minutes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, cast
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from automahntion.app.lexoffice.connect_ticket import TICKET_LIFETIME
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.web import create_app
from tests.integration.conftest import SECRET_KEY
from tests.integration.in_process_api import InProcessApi, in_process_api, migrated_sqlite
from tests.integration.lexoffice_connect_flow import BEGIN, CONNECT, begin_link, confirm, form_of
from tests.integration.lexoffice_env import Service, TestClock

API_KEY = "amk_" + "begin" * 9
WARNING = "Fahren Sie nur fort, wenn das Ihr eigenes Konto ist."
AUTHORIZE = "https://lexoffice.example/oauth2/authorize"


def _browser(service: Service) -> httpx.Client:
    return httpx.Client(base_url=service.api_url, trust_env=False, timeout=30)


def _consent(service: Service, authorize: str, org: dict[str, Any]) -> str:
    consent = httpx.get(
        authorize + f"&organization_id={org['organizationId']}",
        follow_redirects=False,
        trust_env=False,
    )
    assert consent.status_code == 302
    return str(consent.headers["location"])


async def test_the_integrators_server_starts_and_the_users_browser_finishes(
    service: Service,
) -> None:
    org = service.sandbox.organization("Praxis Dr. Weber")
    key = API_KEY + "split"
    tenant = await service.tenant(key)
    link = begin_link(service.api_url, key)
    with _browser(service) as browser:
        page = browser.get(link)
        assert page.status_code == 200, page.text
        assert f"mit dem automahntion-Konto von <strong>„{tenant.name}“</strong>" in page.text
        assert WARNING in page.text
        assert tenant.account_email in page.text
        policy = page.headers["content-security-policy"]
        assert f"form-action 'self' {service.sandbox.url};" in policy
        assert "frame-ancestors 'none'" in policy
        authorize = confirm(browser, link)
        assert authorize.startswith(service.sandbox.url + "/oauth2/authorize?")
        done = browser.get(_consent(service, authorize, org))
    assert done.status_code == 200, done.text
    assert done.json()["organizationId"] == org["organizationId"]
    with service.api(key) as api:
        status = api.get("/v1/lexoffice/connection").json()
    assert (status["connected"], status["organizationId"]) == (True, org["organizationId"])


async def test_a_user_agent_that_follows_the_redirect_lands_on_the_begin_page(
    service: Service,
) -> None:
    key = API_KEY + "follows"
    tenant = await service.tenant(key)
    with service.api(key) as agent:
        landed = agent.get(CONNECT, follow_redirects=True)
    assert landed.status_code == 200, landed.text
    assert landed.url.path == BEGIN
    assert f"„{tenant.name}“" in landed.text


async def test_an_attackers_link_names_the_attacker_and_connects_nobody(service: Service) -> None:
    """Login CSRF: the attacker's server starts connecting the attacker's tenant and hands the
    link to a victim. The victim's browser is shown the attacker's account; a form posted for
    the victim without that page is refused; and an authorize link the attacker's own browser
    got connects nobody when the victim finishes it."""
    attacker_key = API_KEY + "attacker"
    attacker = await service.tenant(attacker_key)
    victim_org = service.sandbox.organization("Opfer GmbH")
    shown = begin_link(service.api_url, attacker_key)
    forged = begin_link(service.api_url, attacker_key)
    with _browser(service) as attacker_browser, _browser(service) as victim_browser:
        page = victim_browser.get(shown)
        assert page.status_code == 200, page.text
        assert f"automahntion-Konto von <strong>„{attacker.name}“</strong>" in page.text
        assert WARNING in page.text
        attackers_form = form_of(attacker_browser.get(forged))
        posted_for_the_victim = victim_browser.post(BEGIN, data=attackers_form)
        assert posted_for_the_victim.status_code == 403, posted_for_the_victim.text
        authorize = confirm(attacker_browser, forged)
        callback = _consent(service, authorize, victim_org)
        victims = victim_browser.get(callback)
    assert victims.status_code == 409, victims.text
    assert victims.json()["type"] == "/problems/connect-state-invalid"
    assert "started in another browser" in victims.json()["detail"]
    async with service.container.database.unit_of_work() as uow:
        assert await uow.tenant(attacker.id).connection.get() is None


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=migrated_sqlite(tmp_path_factory, "connect-begin"),
        secret_key=SECRET_KEY,
        documents_dir=str(tmp_path_factory.mktemp("documents")),
        public_url="http://api.test",
        lexoffice_authorize_url=AUTHORIZE,
        lexoffice_client_id="automahntion-test",
        lexoffice_client_secret="partner-secret",
    )


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[InProcessApi]:
    async with in_process_api(settings) as running:
        yield running


@pytest.fixture
async def browser(api: InProcessApi) -> AsyncIterator[httpx.AsyncClient]:
    """A user agent with a cookie jar and no credentials."""
    transport = httpx.ASGITransport(app=create_app(api.container))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        yield client


async def _link(api: InProcessApi) -> str:
    started = await api.client.get(CONNECT)
    assert started.status_code == 302, started.text
    return str(started.headers["location"])


def _invalid(answer: httpx.Response) -> None:
    assert answer.status_code == 409, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert "Dieser Link ist nicht mehr gültig" in answer.text


def _to_lexoffice(answer: httpx.Response) -> None:
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].startswith(AUTHORIZE + "?")


async def test_a_ticket_works_once(api: InProcessApi, browser: httpx.AsyncClient) -> None:
    link = await _link(api)
    form = form_of(await browser.get(link))
    _to_lexoffice(await browser.post(BEGIN, data=form))
    _invalid(await browser.post(BEGIN, data=form))
    _invalid(await browser.get(link))


async def test_a_ticket_expires_after_ten_minutes(
    api: InProcessApi, browser: httpx.AsyncClient
) -> None:
    clock = cast(TestClock, api.container.clock)
    link = await _link(api)
    clock.current += TICKET_LIFETIME
    form = form_of(await browser.get(link))
    assert set(form) == {"ticket", "csrf"}
    clock.current += timedelta(seconds=1)
    _invalid(await browser.get(link))
    _invalid(await browser.post(BEGIN, data=form))


async def test_a_forged_or_missing_ticket_is_refused(
    api: InProcessApi, browser: httpx.AsyncClient
) -> None:
    link = await _link(api)
    went = await browser.post(BEGIN, data=form_of(await browser.get(link)))
    _to_lexoffice(went)
    oauth_state = parse_qs(urlsplit(went.headers["location"]).query)["state"][0]
    ticket = parse_qs(urlsplit(await _link(api)).query)["ticket"][0]
    tampered = ticket[:-8] + ("A" if ticket[-8] != "A" else "B") + ticket[-7:]
    for forged in ("forged", tampered, oauth_state, "x" * 5000):
        _invalid(await browser.get(f"{BEGIN}?ticket={quote(forged)}"))
        _invalid(await browser.post(BEGIN, data={"ticket": forged, "csrf": "x"}))
    _invalid(await browser.get(BEGIN))
    _invalid(await browser.post(BEGIN, data={}))


async def test_the_confirmation_needs_the_pages_token_and_cookie(
    api: InProcessApi, browser: httpx.AsyncClient
) -> None:
    link = await _link(api)
    form = form_of(await browser.get(link))
    transport = httpx.ASGITransport(app=create_app(api.container))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as elsewhere:
        without_cookie = await elsewhere.post(BEGIN, data=form)
    without_token = await browser.post(BEGIN, data={"ticket": form["ticket"]})
    wrong_token = await browser.post(BEGIN, data={**form, "csrf": "0" * 64})
    for refused in (without_cookie, without_token, wrong_token):
        assert refused.status_code == 403, refused.text
        assert "Diese Bestätigung wurde nicht angenommen" in refused.text
        assert "set-cookie" not in refused.headers
    _to_lexoffice(await browser.post(BEGIN, data=form))


async def test_the_page_cookie_is_strict_and_kept_to_the_page(
    api: InProcessApi, browser: httpx.AsyncClient
) -> None:
    page = await browser.get(await _link(api))
    cookie = page.headers["set-cookie"].lower()
    assert cookie.startswith("automahntion_lexoffice_begin=")
    for attribute in ("httponly", "samesite=strict", f"path={BEGIN}", "max-age=600"):
        assert attribute in cookie, attribute
    again = await browser.get(await _link(api))
    assert again.headers["set-cookie"].split(";")[0] == page.headers["set-cookie"].split(";")[0]
