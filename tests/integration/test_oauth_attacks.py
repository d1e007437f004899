"""Attacks on the authorization server through its real endpoints, beyond the flows that
`test_oauth_widgets` walks: a refresh asking for more than was granted, a PKCE downgrade at the
token step, and one client using or revoking another client's tokens."""

from __future__ import annotations

import secrets

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from tests.integration import test_oauth_widgets
from tests.integration.test_oauth_widgets import World, _bearer, _code, _exchange

world = test_oauth_widgets.world


async def _refresh(
    http: httpx.AsyncClient, client_id: str, refresh: str, **extra: str
) -> httpx.Response:
    return await http.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh,
            "client_id": client_id,
            **extra,
        },
    )


async def _granted(world: World, client_id: str, scope: str) -> dict[str, str]:
    _, api_key = await world.tenant()
    verifier = secrets.token_urlsafe(48)
    code = await _code(world.http, client_id, scope, api_key, verifier)
    issued = await _exchange(world.http, client_id, code, verifier)
    assert issued.status_code == 200, issued.text
    return dict(issued.json())


async def test_a_refresh_cannot_widen_what_the_tenant_granted(world: World) -> None:
    """The client may ask for `invoices:read`, but the tenant granted `settings:read` only."""
    http = world.http
    client_id = (await world.register(["settings:read", "invoices:read"]))["clientId"]
    tokens = await _granted(world, client_id, "settings:read")

    wider = await _refresh(
        http, client_id, tokens["refresh_token"], scope="settings:read invoices:read"
    )
    assert wider.status_code == 400, wider.text
    assert wider.json()["error"] == "invalid_scope"
    other = await _refresh(http, client_id, tokens["refresh_token"], scope="billing:write")
    assert other.status_code == 400
    assert other.json()["error"] == "invalid_scope"

    same = await _refresh(http, client_id, tokens["refresh_token"])
    assert same.status_code == 200, same.text
    assert same.json()["scope"] == "settings:read"
    access = same.json()["access_token"]
    assert (await http.get("/v1/settings", headers=_bearer(access))).status_code == 200
    assert (await http.get("/v1/invoices", headers=_bearer(access))).status_code == 403


async def test_the_challenge_itself_is_no_verifier(world: World) -> None:
    """A PKCE downgrade at the token step: whoever intercepted the authorize request knows the
    S256 challenge, and `plain` would take it as the verifier."""
    http = world.http
    _, api_key = await world.tenant()
    client_id = (await world.register(["settings:read"]))["clientId"]
    verifier = secrets.token_urlsafe(48)
    code = await _code(http, client_id, "settings:read", api_key, verifier)

    challenge = create_s256_code_challenge(verifier)
    downgraded = await http.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": test_oauth_widgets.REDIRECT,
            "client_id": client_id,
            "code_verifier": challenge,
            "code_challenge_method": "plain",
        },
    )
    assert downgraded.status_code == 400, downgraded.text
    assert downgraded.json()["error"] == "invalid_grant"
    assert "access_token" not in downgraded.json()


async def test_a_client_can_neither_use_nor_revoke_another_clients_tokens(world: World) -> None:
    http = world.http
    mine = (await world.register(["settings:read"]))["clientId"]
    theirs = (await world.register(["settings:read"]))["clientId"]
    tokens = await _granted(world, mine, "settings:read")

    for token in (tokens["access_token"], tokens["refresh_token"]):
        answer = await http.post("/oauth/revoke", data={"token": token, "client_id": theirs})
        assert answer.status_code in (200, 400), answer.text
    access_works = await http.get("/v1/settings", headers=_bearer(tokens["access_token"]))
    assert access_works.status_code == 200, "another client revoked this client's token"

    stolen = await _refresh(http, theirs, tokens["refresh_token"])
    assert stolen.status_code == 400
    assert stolen.json()["error"] == "invalid_grant"
    still = await _refresh(http, mine, tokens["refresh_token"])
    assert still.status_code == 200, still.text


async def test_a_confidential_client_needs_its_secret(world: World) -> None:
    http = world.http
    client = await world.register(["settings:read"], confidential=True)
    _, api_key = await world.tenant()
    verifier = secrets.token_urlsafe(48)
    code = await _code(http, client["clientId"], "settings:read", api_key, verifier)

    without = await _exchange(http, client["clientId"], code, verifier)
    assert without.status_code in (400, 401)
    assert without.json()["error"] == "invalid_client"
    wrong = await http.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": test_oauth_widgets.REDIRECT,
            "code_verifier": verifier,
        },
        auth=(client["clientId"], "wrong-secret"),
    )
    assert wrong.status_code in (400, 401)
    assert wrong.json()["error"] == "invalid_client"
    right = await http.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": test_oauth_widgets.REDIRECT,
            "code_verifier": verifier,
        },
        auth=(client["clientId"], client["clientSecret"]),
    )
    assert right.status_code == 200, right.text
