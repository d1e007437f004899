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
