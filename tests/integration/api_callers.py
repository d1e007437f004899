"""The API in this process on a migrated database of either engine, with the callers the
security tests need: a tenant's API keys, an admin token and widget tokens of chosen scopes
(got through the real consent page and token endpoint)."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.web import create_app
from tests.integration.conftest import ENGINES, SECRET_KEY
from tests.integration.lexoffice_env import TestClock

REDIRECT = "http://127.0.0.1:9/widget/callback"


def new_api_key() -> str:
    return "amk_" + secrets.token_urlsafe(32)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Callers:
    http: httpx.AsyncClient
    container: Container
    clock: TestClock
    tenant_id: UUID
    api_key: str
    admin: dict[str, str]

    async def widget(self, *scopes: str) -> str:
        """An access token of a new public widget client, granted `scopes` by the tenant."""
        token: str = (await self.widget_grant(*scopes))["access_token"]
        return token

    async def widget_grant(self, *scopes: str) -> dict[str, str]:
        """As `widget`: the token endpoint's answer, with the `client_id` it was issued to."""
        scope = " ".join(scopes)
        client = await self.http.post(
            "/v1/admin/oauth-clients",
            json={"name": "Widget", "redirectUris": [REDIRECT], "scopes": list(scopes)},
            headers=self.admin,
        )
        assert client.status_code == 201, client.text
        client_id = client.json()["clientId"]
        verifier = secrets.token_urlsafe(48)
        consent = await self.http.post(
            "/oauth/authorize",
            params={
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": REDIRECT,
                "scope": scope,
                "state": "s",
                "code_challenge": create_s256_code_challenge(verifier),
                "code_challenge_method": "S256",
            },
            data={"api_key": self.api_key, "decision": "approve"},
        )
        assert consent.status_code == 302, consent.text
        code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
        tokens = await self.http.post(
            "/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": REDIRECT,
                "client_id": client_id,
                "code_verifier": verifier,
            },
        )
        assert tokens.status_code == 200, tokens.text
        assert tokens.json()["scope"] == scope
        return {**tokens.json(), "client_id": client_id}


async def start_callers(database_url: str, folder: Path, **given: str) -> AsyncIterator[Callers]:
    settings = Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        smtp_allow_private_hosts=True,
        documents_dir=str(folder / "documents"),
        **given,  # type: ignore[arg-type]
    )
    clock = TestClock()
    container = await Container.start(settings, clock)
    try:
        units = container.database.unit_of_work
        api_key = new_api_key()
        created = await create_tenant(
            units, NewTenant("Optik Scharf", "chef@optik.example"), clock.now(), api_key
        )
        admin = await issue_admin_token(units, "security tests", clock.now())
        transport = httpx.ASGITransport(app=create_app(container))  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as http:
            yield Callers(http, container, clock, created.tenant.id, api_key, bearer(admin.token))
    finally:
        await container.stop()


@pytest.fixture(params=ENGINES)
async def callers(
    request: pytest.FixtureRequest, migrated_urls: dict[str, str], tmp_path: Path
) -> AsyncIterator[Callers]:
    """A new tenant on the session's database of each engine."""
    async for found in start_callers(migrated_urls[request.param], tmp_path):
        yield found
