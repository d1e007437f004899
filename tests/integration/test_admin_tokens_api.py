"""`/v1/admin/tokens` on either engine: the admin lists, issues and revokes admin tokens; the
secret is shown once and never listed, and no token revokes itself."""

from __future__ import annotations

import uuid

from tests.integration.api_callers import Callers, bearer

pytest_plugins = ["tests.integration.api_callers"]

TOKENS = "/v1/admin/tokens"


async def _all(callers: Callers, headers: dict[str, str]) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    params: dict[str, str | int] = {"limit": 1}
    for _ in range(100):
        answer = await callers.http.get(TOKENS, params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert len(page["items"]) <= 1
        items += page["items"]
        if page["nextCursor"] is None:
            return items
        params["cursor"] = page["nextCursor"]
    raise AssertionError("the pages never ended")


async def test_a_token_is_issued_once_listed_without_its_secret_and_revoked(
    callers: Callers,
) -> None:
    created = await callers.http.post(TOKENS, json={"name": "nachtschicht"}, headers=callers.admin)
    assert created.status_code == 201, created.text
    token = created.json()
    assert set(token) == {"id", "name", "prefix", "createdAt", "lastUsedAt", "revokedAt", "token"}
    assert token["name"] == "nachtschicht"
    assert token["token"].startswith("ama_")
    assert token["token"].startswith(token["prefix"])
    assert (token["lastUsedAt"], token["revokedAt"]) == (None, None)
    assert token["createdAt"].endswith("Z")
    new = bearer(token["token"])

    assert (await callers.http.get("/v1/admin/tenants", headers=new)).status_code == 200
    listed = await _all(callers, callers.admin)
    mine = [t for t in listed if t["id"] == token["id"]]
    assert len(mine) == 1
    assert set(mine[0]) == {"id", "name", "prefix", "createdAt", "lastUsedAt", "revokedAt"}
    assert mine[0]["lastUsedAt"] is not None
    assert mine[0]["revokedAt"] is None
    caller = callers.admin["Authorization"].removeprefix("Bearer ")
    body = str(listed)
    assert token["token"] not in body
    assert caller not in body
    assert len({t["id"] for t in listed}) == len(listed)

    revoked = await callers.http.delete(f"{TOKENS}/{token['id']}", headers=callers.admin)
    assert revoked.status_code == 204, revoked.text
    refused = await callers.http.get("/v1/admin/tenants", headers=new)
    assert refused.status_code == 401
    after = [t for t in await _all(callers, callers.admin) if t["id"] == token["id"]]
    assert after[0]["revokedAt"] is not None
    again = await callers.http.delete(f"{TOKENS}/{token['id']}", headers=callers.admin)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["type"] == "/problems/admin-token-already-revoked"


async def test_no_token_revokes_itself_but_another_may_revoke_it(callers: Callers) -> None:
    created = await callers.http.post(TOKENS, json={"name": "zweiter"}, headers=callers.admin)
    second = created.json()
    other = bearer(second["token"])
    own = await callers.http.delete(f"{TOKENS}/{second['id']}", headers=other)
    assert own.status_code == 409
    assert own.headers["content-type"] == "application/problem+json"
    assert own.json()["type"] == "/problems/own-admin-token"
    assert (await callers.http.get(TOKENS, headers=other)).status_code == 200
    by_another = await callers.http.delete(f"{TOKENS}/{second['id']}", headers=callers.admin)
    assert by_another.status_code == 204
    assert (await callers.http.get(TOKENS, headers=other)).status_code == 401


async def test_a_name_is_required_and_an_unknown_token_is_a_404(callers: Callers) -> None:
    before = len(await _all(callers, callers.admin))
    for body in ({}, {"name": ""}, {"name": "a\nb"}, {"name": "x" * 101}):
        refused = await callers.http.post(TOKENS, json=body, headers=callers.admin)
        assert refused.status_code == 422, body
        problem = refused.json()
        assert problem["errors"][0]["field"] == ("body" if body == {} else "name"), problem
        assert "name" in problem["errors"][0]["field"] + problem["detail"]
    assert len(await _all(callers, callers.admin)) == before
    unknown = await callers.http.delete(f"{TOKENS}/{uuid.uuid4()}", headers=callers.admin)
    assert unknown.status_code == 404
    assert unknown.json()["type"] == "/problems/not-found"


async def test_only_admin_tokens_reach_the_admin_tokens(callers: Callers) -> None:
    key = bearer(callers.api_key)
    widget = bearer(await callers.widget("settings:read"))
    made = await callers.http.post(TOKENS, json={"name": "ziel"}, headers=callers.admin)
    target = made.json()["id"]
    for headers in (key, widget, {}):
        expected = 403 if headers else 401
        listed = await callers.http.get(TOKENS, headers=headers)
        created = await callers.http.post(TOKENS, json={"name": "dieb"}, headers=headers)
        revoked = await callers.http.delete(f"{TOKENS}/{target}", headers=headers)
        assert [listed.status_code, created.status_code, revoked.status_code] == [expected] * 3
    still = [t for t in await _all(callers, callers.admin) if t["id"] == target]
    assert still[0]["revokedAt"] is None
    assert not [t for t in await _all(callers, callers.admin) if t["name"] == "dieb"]
