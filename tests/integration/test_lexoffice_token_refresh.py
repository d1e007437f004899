"""A refresh that lexoffice's authorization server cannot answer now (its own rate limit, an
outage) is no refusal: the tenant stays connected with its refresh token, and the call fails as
lexoffice being unavailable, which the daily run lives with."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from litestar import Litestar, Request, post
from litestar.params import FromPath
from litestar.response import Response

from automahntion.adapters.lexoffice.gateways import LexofficeGatewayFactory
from automahntion.adapters.lexoffice.oauth import LexofficeOAuth
from automahntion.adapters.lexoffice.rate import LocalRateLimiter
from automahntion.app.lexoffice.ports import LexofficeDisconnected, LexofficeUnavailable
from automahntion.app.lexoffice.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
)
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.database import Database
from tests.integration.lexoffice_env import TestClock
from tests.sandbox_server import running

ANSWERS = {
    "limited-json": (429, {"message": "Too Many Requests"}),
    "limited-text": (429, "Too Many Requests"),
    "limited-oauth": (429, {"error": "too_many_requests"}),
    "down": (503, "Service Unavailable"),
    "broken": (500, {"error": "server_error"}),
}


@post("/{answer:str}/oauth2/token")
async def token(answer: FromPath[str], request: Request[None, None, None]) -> Response[object]:
    await request.body()
    status, body = ANSWERS[answer]
    return Response(body, status_code=status)


@pytest.fixture(scope="module")
def authorization_server() -> Iterator[str]:
    with running(Litestar([token])) as url:
        yield url


@pytest.mark.parametrize("answer", sorted(ANSWERS))
async def test_a_refresh_the_authorization_server_cannot_answer_keeps_the_connection(
    postgres: Database, authorization_server: str, answer: str
) -> None:
    clock = TestClock()
    units = postgres.unit_of_work
    created = await create_tenant(
        units, NewTenant("Mandant", "chef@example.org"), clock.now(), "amk_" + uuid.uuid4().hex * 2
    )
    tenant_id = created.tenant.id
    async with units() as uow:
        await uow.tenant(tenant_id).connection.save(
            LexofficeConnection(
                ConnectionKind.OAUTH,
                organization_id="org-" + uuid.uuid4().hex,
                access_token="expired",
                refresh_token="still-good",
                expires_at=clock.now() - timedelta(minutes=1),
            )
        )
    base = f"{authorization_server}/{answer}/oauth2"
    oauth = LexofficeOAuth(
        client_id="automahntion",
        client_secret="secret",
        authorize_url=base + "/authorize",
        token_url=base + "/token",
        revoke_url=base + "/revoke",
        redirect_uri="http://127.0.0.1:9/v1/lexoffice/callback",
    )
    async with httpx.AsyncClient() as http:
        gateways = LexofficeGatewayFactory(
            units=units,
            http=http,
            base_url=authorization_server,
            limiter=LocalRateLimiter(50),
            clock=clock,
            oauth=oauth,
        )
        api = await gateways.for_tenant(tenant_id)
        with pytest.raises(LexofficeUnavailable) as raised:
            await api.profile()
    assert not isinstance(raised.value, LexofficeDisconnected), raised.value
    async with units() as uow:
        kept = await uow.tenant(tenant_id).connection.get()
    assert kept is not None
    assert kept.status is ConnectionStatus.CONNECTED
    assert kept.refresh_token == "still-good"
