"""The connect flow's browser cookie behind an https public URL: `__Host-` prefixed, so a
sibling subdomain cannot plant a nonce of its own flow in the victim's browser (cookie
tossing), and the callback reads that cookie only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import cast
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from automahntion.api.lexoffice import CALLBACK_PATH, browser_cookie
from automahntion.app.lexoffice.connect_state import begin
from automahntion.app.lexoffice.ports import LexofficeAuthorization
from automahntion.bootstrap.settings import Settings
from tests.integration.conftest import SECRET_KEY
from tests.integration.in_process_api import InProcessApi, in_process_api, migrated_sqlite
from tests.integration.lexoffice_connect_flow import BEGIN, CONNECT, form_of

PUBLIC_URL = "https://api.automahntion.example"
NONCE = "n" * 43


class _Authorize:
    def authorization_url(self, state: str, code_verifier: str) -> str:
        del code_verifier
        return "https://lexoffice.example/oauth2/authorize?" + urlencode({"state": state})


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=migrated_sqlite(tmp_path_factory, "connect-cookie"),
        secret_key=SECRET_KEY,
        documents_dir=str(tmp_path_factory.mktemp("documents")),
        public_url=PUBLIC_URL,
        lexoffice_authorize_url="https://lexoffice.example/oauth2/authorize",
        lexoffice_client_id="automahntion-test",
        lexoffice_client_secret="partner-secret",
    )


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[InProcessApi]:
    async with in_process_api(settings) as running:
        yield running


def test_over_https_the_cookie_is_host_only_and_secure() -> None:
    cookie = browser_cookie(PUBLIC_URL, NONCE)
    assert cookie.key == "__Host-automahntion_lexoffice_connect"
    assert (cookie.secure, cookie.httponly, cookie.samesite) == (True, True, "lax")
    assert (cookie.path, cookie.domain, cookie.max_age) == ("/", None, 600)


def test_over_plain_http_the_cookie_keeps_to_the_callback() -> None:
    cookie = browser_cookie("http://127.0.0.1:8000", NONCE)
    assert cookie.key == "automahntion_lexoffice_connect"
    assert (cookie.secure, cookie.httponly, cookie.samesite) == (False, True, "lax")
    assert (cookie.path, cookie.domain) == (CALLBACK_PATH, None)


async def test_the_callback_takes_the_host_only_cookie_and_no_other(api: InProcessApi) -> None:
    container = api.container
    url = begin(
        container.database.secrets,
        cast(LexofficeAuthorization, _Authorize()),
        api.tenant_id,
        container.clock.now(),
        "v" * 64,
        browser_nonce=NONCE,
        started_by="key:test",
    )
    state = parse_qs(urlsplit(url).query)["state"][0]
    declined = {"error": "access_denied", "state": state}

    tossed = await api.client.get(
        CALLBACK_PATH,
        params=declined,
        headers={"Cookie": f"automahntion_lexoffice_connect={NONCE}"},
    )
    own = await api.client.get(
        CALLBACK_PATH,
        params=declined,
        headers={"Cookie": f"__Host-automahntion_lexoffice_connect={NONCE}"},
    )

    assert tossed.status_code == 409, tossed.text
    assert "another browser" in tossed.json()["detail"]
    assert own.status_code == 400, own.text
    assert own.json()["type"] == "/problems/lexoffice-authorization-refused"


def _attributes(set_cookie: str) -> set[str]:
    return {part.strip().lower() for part in set_cookie.split(";")[1:]}


async def test_over_https_the_begin_page_and_its_button_set_host_only_cookies(
    api: InProcessApi,
) -> None:
    """The begin page's anti-forgery cookie is `__Host-` prefixed too: a sibling subdomain
    could otherwise plant one of its own, whose form token it learnt, and post the form for
    the victim; the plain name is not read."""

    async def page() -> tuple[dict[str, str], str]:
        link = (await api.client.get(CONNECT)).headers["location"]
        assert link.startswith(PUBLIC_URL + BEGIN + "?ticket=")
        shown = await api.client.get(link.removeprefix(PUBLIC_URL))
        assert shown.status_code == 200, shown.text
        return form_of(shown), shown.headers["set-cookie"]

    form, cookie = await page()
    assert cookie.startswith("__Host-automahntion_lexoffice_begin=")
    assert {"secure", "httponly", "samesite=strict", "path=/"} <= _attributes(cookie)
    assert not any(a.startswith("domain") for a in _attributes(cookie))
    pair = cookie.split(";")[0]
    tossed = await api.client.post(
        BEGIN, data=form, headers={"Cookie": pair.removeprefix("__Host-")}
    )
    assert tossed.status_code == 403, tossed.text
    went = await api.client.post(BEGIN, data=form, headers={"Cookie": pair})
    assert went.status_code == 303, went.text
    flow = went.headers["set-cookie"]
    assert flow.startswith("__Host-automahntion_lexoffice_connect=")
    assert {"secure", "httponly", "samesite=lax", "path=/"} <= _attributes(flow)
