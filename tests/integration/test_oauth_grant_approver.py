"""A widget's grant answers to the API key that approved it on the consent page, on both engines.

- Revoking that key ends the grant in the same transaction: its unused code, its access and
  refresh tokens (through every refresh), and the webhook endpoints it registered.
- Grants approved before approvers were recorded name no key: no key revocation ends them.
- An approval stored after its key was revoked is refused; on PostgreSQL an approval and a
  revocation of its key that overlap wait for each other (the key's row first).
- The last active key without limits (the only kind that manages keys and approves widgets)
  cannot be revoked, whatever limited keys the tenant still has.
"""

from __future__ import annotations

import asyncio
import contextvars
import secrets
from datetime import timedelta
from uuid import UUID

import pytest

from automahntion.adapters.db.tables import OAuthGrant as GrantRow
from automahntion.app.access.api_keys import ApproverRevoked, revoke_api_key
from automahntion.app.access.credentials import hash_secret, issue_admin_token
from automahntion.app.access.oauth import Outcome, store_outcome
from automahntion.app.access.records import NewAuthorizationCode
from automahntion.app.webhooks.records import CREDENTIAL_REVOKED
from tests.integration import test_webhooks_out
from tests.integration.test_oauth_widgets import _code, _exchange
from tests.integration.test_webhook_endpoint_owner import _grant, _key, _shown
from tests.integration.test_webhook_endpoint_races import ON_POSTGRES, _blocked, _on_postgres
from tests.integration.test_webhooks_out import World, _endpoint, bearer

world = test_webhooks_out.world
receiver = test_webhooks_out.receiver

SCOPE = "webhooks:write webhooks:read"


async def _admin(world: World) -> dict[str, str]:
    issued = await issue_admin_token(
        world.container.database.unit_of_work, "approver tests", world.clock.now()
    )
    return bearer(issued.token)


async def _works(world: World, access: str) -> bool:
    answer = await world.client.get("/v1/webhook-endpoints", headers=bearer(access))
    return answer.status_code == 200


async def _refresh(world: World, client_id: str, refresh: str) -> int:
    answer = await world.client.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh, "client_id": client_id},
    )
    return answer.status_code


async def _revoke(world: World, key: str, key_id: str) -> int:
    answer = await world.client.delete(f"/v1/api-keys/{key_id}", headers=bearer(key))
    return answer.status_code


async def test_revoking_the_approving_key_ends_its_grants_and_their_tokens(world: World) -> None:
    tenant, key = await world.tenant("Rebhang")
    admin = await _admin(world)
    stolen = await _key(world, key, "Gestohlen", None)
    client_id, grant = await _grant(world, world.client, admin, stolen["apiKey"], SCOPE)
    made = await _endpoint(world, grant["access_token"], url=world.url + "/widget")
    verifier = secrets.token_urlsafe(48)
    unused = await _code(world.client, client_id, SCOPE, stolen["apiKey"], verifier)
    bystander_client, bystander = await _grant(world, world.client, admin, key, SCOPE)
    assert await _works(world, grant["access_token"])

    assert await _revoke(world, key, stolen["id"]) == 204

    assert not await _works(world, grant["access_token"])
    assert await _refresh(world, client_id, grant["refresh_token"]) == 400
    token_answer = await _exchange(world.client, client_id, unused, verifier)
    assert token_answer.status_code == 400, "an unused code of the grant is ended too"
    shown = await _shown(world, key, made["id"])
    assert (shown["enabled"], shown["disabledReason"]) == (False, CREDENTIAL_REVOKED)
    assert await _works(world, bystander["access_token"]), "approved with another key"
    assert await _refresh(world, bystander_client, bystander["refresh_token"]) == 200
    approvers = await GrantRow.select(GrantRow.approved_by).where(GrantRow.tenant == tenant)
    assert UUID(stolen["id"]) in {row["approved_by"] for row in approvers}


async def test_a_refreshed_grant_ends_with_its_approving_key(world: World) -> None:
    _, key = await world.tenant("Sonnenuhr")
    stolen = await _key(world, key, "Gestohlen", None)
    client_id, grant = await _grant(
        world, world.client, await _admin(world), stolen["apiKey"], SCOPE
    )
    renewed = await world.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": grant["refresh_token"],
            "client_id": client_id,
        },
    )
    assert renewed.status_code == 200
    assert await _revoke(world, key, stolen["id"]) == 204
    assert not await _works(world, renewed.json()["access_token"])
    assert await _refresh(world, client_id, renewed.json()["refresh_token"]) == 400


async def test_a_grant_from_before_approvers_were_recorded_is_left_alive(world: World) -> None:
    """Nobody knows which key approved it: revoking keys does not end it."""
    tenant, key = await world.tenant("Goldtröpfchen")
    stolen = await _key(world, key, "Gestohlen", None)
    client_id, grant = await _grant(
        world, world.client, await _admin(world), stolen["apiKey"], SCOPE
    )
    await GrantRow.update({GrantRow.approved_by: None}).where(GrantRow.tenant == tenant)

    assert await _revoke(world, key, stolen["id"]) == 204
    assert await _works(world, grant["access_token"])
    assert await _refresh(world, client_id, grant["refresh_token"]) == 200


def _new_code(tenant: UUID, client_ref: UUID, key_id: UUID, world: World) -> NewAuthorizationCode:
    return NewAuthorizationCode(
        tenant_id=tenant,
        client_ref=client_ref,
        code_hash=hash_secret(secrets.token_urlsafe(16)),
        redirect_uri="http://127.0.0.1:9/widget/callback",
        scope=SCOPE,
        code_challenge="x" * 43,
        code_challenge_method="S256",
        expires_at=world.clock.now() + timedelta(minutes=10),
        approved_by=key_id,
    )


async def _client_ref(world: World, admin: dict[str, str]) -> UUID:
    registered = await world.client.post(
        "/v1/admin/oauth-clients",
        json={
            "name": "Widget",
            "redirectUris": ["http://127.0.0.1:9/widget/callback"],
            "scopes": SCOPE.split(),
            "confidential": False,
        },
        headers=admin,
    )
    assert registered.status_code == 201, registered.text
    return UUID(registered.json()["id"])


async def test_an_approval_whose_key_was_revoked_meanwhile_is_not_stored(world: World) -> None:
    """The consent page read the key before its revocation committed."""
    tenant, key = await world.tenant("Himmelreich")
    stolen = await _key(world, key, "Gestohlen", None)
    client_ref = await _client_ref(world, await _admin(world))
    assert await _revoke(world, key, stolen["id"]) == 204
    units = world.container.database.unit_of_work
    outcome = Outcome(new_code=_new_code(tenant, client_ref, UUID(stolen["id"]), world))
    with pytest.raises(ApproverRevoked):
        await store_outcome(units, outcome, world.clock.now())
    assert await GrantRow.select(GrantRow.id).where(GrantRow.tenant == tenant) == []


@ON_POSTGRES
async def test_a_revocation_waits_for_an_approval_under_way_and_ends_it(
    world: World, migrated_urls: dict[str, str]
) -> None:
    url = _on_postgres(world, migrated_urls)
    tenant, key = await world.tenant("Kirchberg")
    stolen = await _key(world, key, "Gestohlen", None)
    key_id = UUID(stolen["id"])
    client_ref = await _client_ref(world, await _admin(world))
    units = world.container.database.unit_of_work
    async with units() as uow:
        assert await uow.tenant(tenant).api_keys.hold(key_id), "what an approval takes first"
        await uow.oauth.add_code(_new_code(tenant, client_ref, key_id, world))
        revocation = asyncio.create_task(
            revoke_api_key(units, tenant, key_id, world.clock.now()),
            context=contextvars.Context(),
        )
        await _blocked(url, revocation)
    await revocation
    [row] = await GrantRow.select(GrantRow.used_at).where(GrantRow.tenant == tenant)
    assert row["used_at"] is not None, "the code approved meanwhile can no longer be exchanged"


@ON_POSTGRES
async def test_an_approval_waits_for_a_revocation_under_way_and_is_refused(
    world: World, migrated_urls: dict[str, str]
) -> None:
    url = _on_postgres(world, migrated_urls)
    tenant, key = await world.tenant("Domprobst")
    stolen = await _key(world, key, "Gestohlen", None)
    key_id = UUID(stolen["id"])
    client_ref = await _client_ref(world, await _admin(world))
    units = world.container.database.unit_of_work
    written, commit = asyncio.Event(), asyncio.Event()

    async def revoking() -> None:
        """The key's row locked by a revocation, its transaction held open."""
        async with units() as uow:
            await uow.tenant(tenant).api_keys.revoke(key_id, world.clock.now())
            written.set()
            await commit.wait()

    revocation = asyncio.create_task(revoking(), context=contextvars.Context())
    await written.wait()
    outcome = Outcome(new_code=_new_code(tenant, client_ref, key_id, world))
    approving = asyncio.create_task(store_outcome(units, outcome, world.clock.now()))
    try:
        await _blocked(url, approving)
    finally:
        commit.set()
        await revocation
    with pytest.raises(ApproverRevoked):
        await approving
    assert await GrantRow.select(GrantRow.id).where(GrantRow.tenant == tenant) == []


async def test_the_last_key_that_manages_keys_is_kept_despite_limited_ones(world: World) -> None:
    _, key = await world.tenant("Lay")
    limited = await _key(world, key, "Nur Webhooks", ["webhooks:read"])
    listed = await world.client.get("/v1/api-keys", headers=bearer(key))
    own = next(k["id"] for k in listed.json()["items"] if k["id"] != limited["id"])

    last = await world.client.delete(f"/v1/api-keys/{own}", headers=bearer(key))
    assert last.status_code == 409, last.text
    assert last.json()["type"] == "/problems/last-api-key"
    assert await _revoke(world, key, limited["id"]) == 204
    second = await _key(world, key, "Zweiter", None)
    assert await _revoke(world, second["apiKey"], own) == 204
