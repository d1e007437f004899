"""A credential found revoked while its request ran (a webhook endpoint it would have been bound
to) answers 401 `unauthorized` with the Bearer challenge, as a credential refused up front."""

from __future__ import annotations

from litestar import Litestar, get
from litestar.testing import TestClient

from automahntion.api.problems import problem_details_plugin
from automahntion.app.webhooks.endpoints import CredentialRevoked


def test_a_credential_revoked_meanwhile_is_a_401_with_the_challenge() -> None:
    @get("/")
    async def failing() -> None:
        raise CredentialRevoked()

    with TestClient(Litestar([failing], plugins=[problem_details_plugin()])) as client:
        response = client.get("/")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["type"].endswith("/problems/unauthorized")
