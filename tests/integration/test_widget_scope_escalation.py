"""A widget gets what the consent page listed and nothing through a side door: `settings:write`
("ohne Empfänger und Versandserver") does not move the account e-mail, which is the Reply-To
of every reminder while `replyTo` is unset."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.api_callers import Callers, bearer, start_callers
from tests.integration.conftest import ENGINES
from tests.smtp_sink import Sink


@pytest.fixture(params=ENGINES)
async def callers(
    request: pytest.FixtureRequest, migrated_urls: dict[str, str], tmp_path: Path
) -> AsyncIterator[Callers]:
    with Sink() as sink:
        async for found in start_callers(
            migrated_urls[request.param],
            tmp_path,
            mail_host=sink.host,
            mail_port=sink.port,  # type: ignore[arg-type]
            mail_tls="none",
            mail_from="no-reply@automahntion.example",
        ):
            yield found


async def test_the_account_email_needs_settings_recipients(callers: Callers) -> None:
    http = callers.http
    writer = bearer(await callers.widget("settings:write", "settings:read"))
    refused = await http.patch(
        "/v1/account", json={"email": "mitlesen@evil.example"}, headers=writer
    )
    assert refused.status_code == 403, refused.text
    assert "settings:recipients" in refused.json()["detail"]
    account = (await http.get("/v1/account", headers=writer)).json()
    assert account["pendingAccountEmail"] is None
    renamed = await http.patch("/v1/account", json={"name": "Optik Neu"}, headers=writer)
    assert renamed.status_code == 200, renamed.text

    granted = bearer(await callers.widget("settings:write", "settings:recipients"))
    allowed = await http.patch(
        "/v1/account", json={"email": "inhaber@optik.example"}, headers=granted
    )
    assert allowed.status_code == 200, allowed.text
    assert allowed.json()["pendingAccountEmail"] == "inhaber@optik.example"
