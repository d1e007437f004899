"""A tenant's SMTP host on a loopback, private or otherwise non-public address is refused when
it is saved (issue 15, finding 8), not only when the first reminder fails; with
`AUTOMAHNTION_SMTP_ALLOW_PRIVATE_HOSTS` it is stored. IP literals and `localhost`: no DNS."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from automahntion.bootstrap.settings import Settings
from tests.integration.conftest import SECRET_KEY
from tests.integration.in_process_api import InProcessApi, in_process_api, migrated_sqlite

PRIVATE_HOSTS = [
    "127.0.0.1",
    "localhost",
    "0.0.0.0",
    "10.0.0.5",
    "172.16.0.1",
    "192.168.178.1",
    "169.254.169.254",
    "100.64.0.1",
    "::1",
    "fd00::25",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:0:7f00:1",
    "::a00:1",
    "::127.0.0.1",
    "64:ff9b::a00:1",
    "64:ff9b::a9fe:a9fe",
    "2002:a00:1::1",
    # 127.0.0.1 and 0.0.0.0 in the spellings inet_aton also takes (decimal, hex, octal, short)
    "2130706433",
    "0x7f000001",
    "0177.0.0.1",
    "127.1",
    "0",
    "0x0a.0.0.5",
]
PUBLIC_HOST = "93.184.216.34"


def _server(host: str) -> dict[str, object]:
    return {"host": host, "port": 587, "fromAddress": "rechnung@baeckerei.example"}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=migrated_sqlite(tmp_path_factory, "smtp-guard"),
        secret_key=SECRET_KEY,
        documents_dir=str(tmp_path_factory.mktemp("documents")),
    )


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[InProcessApi]:
    async with in_process_api(settings) as running:
        yield running


async def _stored_host(api: InProcessApi) -> str | None:
    async with api.container.database.unit_of_work() as uow:
        server = await uow.tenant(api.tenant_id).smtp.get()
    return None if server is None else server.host


async def test_every_private_host_is_refused_when_saved(api: InProcessApi) -> None:
    answers = {host: await api.client.put("/v1/smtp", json=_server(host)) for host in PRIVATE_HOSTS}

    assert {h: r.status_code for h, r in answers.items()} == dict.fromkeys(PRIVATE_HOSTS, 422)
    for response in answers.values():
        assert response.headers["content-type"].startswith("application/problem+json")
        [error] = response.json()["errors"]
        assert error["field"] == "host"
        assert "non-public address" in error["message"]
    assert await _stored_host(api) is None


async def test_a_public_host_is_stored_and_a_private_one_does_not_replace_it(
    api: InProcessApi,
) -> None:
    saved = await api.client.put("/v1/smtp", json=_server(PUBLIC_HOST))
    refused = await api.client.put("/v1/smtp", json=_server("10.0.0.5"))

    assert saved.status_code == 204, saved.text
    assert refused.status_code == 422
    assert await _stored_host(api) == PUBLIC_HOST


async def test_private_hosts_are_stored_when_the_operator_allows_them(
    settings: Settings, tmp_path: Path
) -> None:
    allowing = replace(settings, smtp_allow_private_hosts=True, documents_dir=str(tmp_path))
    async with in_process_api(allowing) as api:
        saved = await api.client.put("/v1/smtp", json=_server("127.0.0.1"))

        assert saved.status_code == 204, saved.text
        assert await _stored_host(api) == "127.0.0.1"
