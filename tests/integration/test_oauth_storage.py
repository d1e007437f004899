"""OAuth clients, codes and tokens in storage, on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from automahntion.api.scopes import TENANT_SCOPES
from automahntion.app.access import oauth
from automahntion.app.access.credentials import hash_secret
from automahntion.app.access.records import NewAuthorizationCode, NewOAuthToken
from automahntion.app.errors import NotFound
from automahntion.bootstrap.database import Database
from tests.integration.helpers import NOW, new_tenant


async def _client(database: Database, *, confidential: bool = False) -> oauth.RegisteredClient:
    return await oauth.register_client(
        database.unit_of_work,
        name="Widget",
        redirect_uris=["https://widget.example/cb"],
        scopes=["settings:read", "invoices:read"],
        confidential=confidential,
        grantable=TENANT_SCOPES,
        now=NOW,
    )


def _token(tenant_id: object, client_ref: object, suffix: str) -> tuple[NewOAuthToken, str, str]:
    access, refresh = f"amo_{suffix}", f"amr_{suffix}"
    new = NewOAuthToken(
        tenant_id=tenant_id,  # type: ignore[arg-type]
        client_ref=client_ref,  # type: ignore[arg-type]
        access_token_hash=hash_secret(access),
        refresh_token_hash=hash_secret(refresh),
        scope="settings:read",
        issued_at=NOW,
        expires_in=3600,
    )
    return new, access, refresh


async def test_a_client_is_stored_with_its_secret_hashed(database: Database) -> None:
    registered = await _client(database, confidential=True)
    secret = registered.client_secret
    assert secret is not None
    assert secret.startswith("amcs_")
    record = registered.record
    assert record.secret_hash == hash_secret(secret)
    assert record.confidential
    assert record.redirect_uris == ("https://widget.example/cb",)
    async with database.unit_of_work() as uow:
        assert await uow.oauth.active_client(record.client_id) == record
    public = await _client(database)
    assert public.client_secret is None
    assert not public.record.confidential
    ids = [c.id for c in (await oauth.list_clients(database.unit_of_work, None, 100)).items]
    assert {record.id, public.record.id} <= set(ids)


async def test_a_code_is_used_once(database: Database) -> None:
    tenant = await new_tenant(database)
    client = (await _client(database)).record
    code = NewAuthorizationCode(
        tenant_id=tenant.id,
        client_ref=client.id,
        code_hash=hash_secret("the-code"),
        redirect_uri="https://widget.example/cb",
        scope="settings:read",
        code_challenge="c" * 43,
        code_challenge_method="S256",
        expires_at=NOW + oauth.CODE_LIFETIME,
    )
    new, _, _ = _token(tenant.id, client.id, "once")
    await oauth.store_outcome(database.unit_of_work, oauth.Outcome(new_code=code), NOW)
    loaded = await oauth.preload(database.unit_of_work, client_id=client.client_id, code="the-code")
    assert loaded.client == client
    assert loaded.code is not None
    assert loaded.code.tenant_id == tenant.id
    assert not oauth.code_expired(loaded.code, NOW + timedelta(minutes=9))
    assert oauth.code_expired(loaded.code, NOW + timedelta(minutes=10))

    used = oauth.Outcome(used_code=loaded.code.id, new_token=new)
    await oauth.store_outcome(database.unit_of_work, used, NOW)
    again_token, again_access, _ = _token(tenant.id, client.id, "twice")
    with pytest.raises(oauth.GrantAlreadyUsed):
        await oauth.store_outcome(database.unit_of_work, replace(used, new_token=again_token), NOW)
    assert await oauth.access_token_in_use(database.unit_of_work, again_access, NOW) is None


async def test_refresh_replaces_the_pair_and_revoking_the_client_ends_its_tokens(
    database: Database,
) -> None:
    tenant = await new_tenant(database)
    client = (await _client(database)).record
    first, first_access, first_refresh = _token(tenant.id, client.id, "first")
    await oauth.store_outcome(database.unit_of_work, oauth.Outcome(new_token=first), NOW)
    found = await oauth.access_token_in_use(database.unit_of_work, first_access, NOW)
    assert found is not None
    assert found.tenant_id == tenant.id
    assert found.scope == "settings:read"
    later = NOW + timedelta(minutes=59, seconds=59)
    assert await oauth.access_token_in_use(database.unit_of_work, first_access, later) is not None
    expired = NOW + timedelta(hours=1)
    assert await oauth.access_token_in_use(database.unit_of_work, first_access, expired) is None

    loaded = await oauth.preload(
        database.unit_of_work, client_id=client.client_id, refresh_token=first_refresh
    )
    assert loaded.token == found
    assert (
        await oauth.preload(database.unit_of_work, client_id=None, refresh_token=first_access)
    ).token is None

    second, second_access, _ = _token(tenant.id, client.id, "second")
    rotate = oauth.Outcome(replaced_token=found.id, new_token=second)
    await oauth.store_outcome(database.unit_of_work, rotate, NOW)
    assert await oauth.access_token_in_use(database.unit_of_work, first_access, NOW) is None
    replay, _, _ = _token(tenant.id, client.id, "replay")
    with pytest.raises(oauth.GrantAlreadyUsed):
        await oauth.store_outcome(
            database.unit_of_work, oauth.Outcome(replaced_token=found.id, new_token=replay), NOW
        )
    assert await oauth.access_token_in_use(database.unit_of_work, second_access, NOW) is not None

    await oauth.revoke_client(database.unit_of_work, client.id, NOW)
    assert await oauth.access_token_in_use(database.unit_of_work, second_access, NOW) is None
    async with database.unit_of_work() as uow:
        assert await uow.oauth.active_client(client.client_id) is None
    with pytest.raises(NotFound):
        await oauth.revoke_client(database.unit_of_work, client.id, NOW)


async def test_a_token_family_is_found_by_a_rotated_refresh_token_and_revoked_together(
    database: Database,
) -> None:
    tenant = await new_tenant(database)
    client = (await _client(database)).record
    family = client.id
    first, _, rotated = _token(tenant.id, client.id, "fam1")
    second, _, _ = _token(tenant.id, client.id, "fam2")
    other, other_access, _ = _token(tenant.id, client.id, "fam3")
    async with database.unit_of_work() as uow:
        old = await uow.oauth.add_token(replace(first, family=family))
        await uow.oauth.revoke_token(old.id, NOW)
        await uow.oauth.add_token(replace(second, family=family))
        await uow.oauth.add_token(other)
    async with database.unit_of_work() as uow:
        found = await uow.oauth.token_by_refresh(hash_secret(rotated))
        assert found is not None
        assert found.revoked_at is not None
        assert found.family == family
        assert await uow.oauth.revoke_family(family, NOW) == 1
        assert await uow.oauth.revoke_family(family, NOW) == 0
        assert await uow.oauth.active_token_by_access(hash_secret(other_access)) is not None
