"""Webhook endpoints against what happens meanwhile, on both engines where the race can happen.

- An endpoint is never bound to a credential revoked after its request was authenticated: the
  create (and a PATCH that rebinds it) checks the credential again in its own transaction; on
  PostgreSQL a revocation and a create that overlap wait for each other (SQLite's
  `BEGIN IMMEDIATE` runs one writer at a time).
- A PATCH keeps a disable that committed while it ran, unless it enables the endpoint itself.
- Endpoints stored before credentials were recorded answer to none: no revocation stops them.
"""

from __future__ import annotations

import asyncio
import contextvars
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest

from automahntion.adapters.db.tables import OAuthToken as TokenRow
from automahntion.adapters.db.tables import WebhookDelivery as DeliveryRow
from automahntion.adapters.db.tables import WebhookEndpoint as EndpointRow
from automahntion.app.access.api_keys import revoke_api_key
from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.events.records import EventType
from automahntion.app.webhooks.delivery import deliver
from automahntion.app.webhooks.endpoints import (
    CredentialRevoked,
    EndpointChange,
    change_endpoint,
    create_endpoint,
)
from automahntion.app.webhooks.records import (
    CREDENTIAL_REVOKED,
    NewEndpoint,
    WebhookEndpoint,
    credential_of_api_key,
    credential_of_oauth_grant,
)
from tests.integration import test_webhooks_out
from tests.integration.test_webhook_endpoint_owner import _grant, _key, _shown
from tests.integration.test_webhooks_out import World, _endpoint, bearer

world = test_webhooks_out.world
receiver = test_webhooks_out.receiver


ON_POSTGRES = pytest.mark.parametrize("world", ["postgres"], indirect=True)
"""Races on PostgreSQL only: SQLite runs one writer at a time, so nothing overlaps there."""


def _on_postgres(world: World, migrated_urls: dict[str, str]) -> str:
    url = migrated_urls["postgres"]
    assert world.container.database.url == url
    return url


async def _blocked(url: str, task: asyncio.Task[Any]) -> None:
    """Until a session of the test database waits for a row lock (ten seconds at most); fails
    when `task` ends first, without waiting."""
    connection = await asyncpg.connect(url)
    try:
        for _ in range(200):
            assert not task.done(), "it went ahead without waiting for the other"
            waiting = await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if waiting:
                return
            await asyncio.sleep(0.05)
    finally:
        await connection.close()
    pytest.fail("nobody waited for the other")


async def _create(world: World, tenant: UUID, credential: str) -> NewEndpoint | CredentialRevoked:
    try:
        return await create_endpoint(
            world.container.webhooks.units,
            tenant,
            world.url + "/late",
            [],
            world.clock.now(),
            allow_loopback=True,
            registered_by=credential,
            feedback=True,
        )
    except CredentialRevoked as refusal:
        return refusal


async def _enable(world: World, tenant: UUID, endpoint_id: str, caller: str) -> WebhookEndpoint:
    return await change_endpoint(
        world.container.webhooks.units,
        tenant,
        UUID(endpoint_id),
        EndpointChange(enabled=True),
        world.clock.now(),
        allow_loopback=True,
        caller=caller,
        feedback=True,
    )


async def _live_endpoints_of(tenant: UUID, credential: str) -> list[Any]:
    return list(
        await EndpointRow.select(EndpointRow.id).where(
            (EndpointRow.tenant == tenant)
            & (EndpointRow.registered_by == credential)
            & (EndpointRow.enabled == True)  # noqa: E712
        )
    )


async def test_no_endpoint_is_bound_to_a_credential_revoked_after_authentication(
    world: World,
) -> None:
    """The request read the credential before its revocation committed: create and enable
    refuse it (401 on the wire) instead of binding an endpoint the revocation missed."""
    tenant, key = await world.tenant("Spätlese")
    widget = await _key(world, key, "Widget", ["webhooks:write"])
    credential = credential_of_api_key(UUID(widget["id"]))
    theirs = await _endpoint(world, widget["apiKey"], url=world.url + "/widget")
    revoked = await world.client.delete(f"/v1/api-keys/{widget['id']}", headers=bearer(key))
    assert revoked.status_code == 204, revoked.text

    assert isinstance(await _create(world, tenant, credential), CredentialRevoked)
    with pytest.raises(CredentialRevoked):
        await _enable(world, tenant, theirs["id"], credential)
    assert await _live_endpoints_of(tenant, credential) == []
    shown = await _shown(world, key, theirs["id"])
    assert (shown["enabled"], shown["disabledReason"]) == (False, CREDENTIAL_REVOKED)


async def test_no_endpoint_is_bound_to_an_oauth_grant_revoked_after_authentication(
    world: World,
) -> None:
    tenant, key = await world.tenant("Federweißer")
    admin = await issue_admin_token(
        world.container.database.unit_of_work, "race tests", world.clock.now()
    )
    client_id, grant = await _grant(
        world, world.client, bearer(admin.token), key, "webhooks:write webhooks:read"
    )
    token = await TokenRow.select(TokenRow.id, TokenRow.family).where(TokenRow.tenant == tenant)
    credential = credential_of_oauth_grant(token[0]["family"] or token[0]["id"])
    assert isinstance(await _create(world, tenant, credential), NewEndpoint), "live grant"
    ended = await world.client.post(
        "/oauth/revoke", data={"token": grant["access_token"], "client_id": client_id}
    )
    assert ended.status_code == 200
    assert isinstance(await _create(world, tenant, credential), CredentialRevoked)
    assert await _live_endpoints_of(tenant, credential) == []


@ON_POSTGRES
async def test_a_create_waits_for_a_revocation_under_way_and_is_refused(
    world: World, migrated_urls: dict[str, str]
) -> None:
    url = _on_postgres(world, migrated_urls)
    tenant, key = await world.tenant("Eiswein")
    widget = await _key(world, key, "Widget", ["webhooks:write"])
    key_id = UUID(widget["id"])
    credential = credential_of_api_key(key_id)
    written, commit = asyncio.Event(), asyncio.Event()

    async def revoking() -> None:
        """What `revoke_api_key` writes, its transaction held open."""
        async with world.container.database.unit_of_work() as uow:
            await uow.tenant(tenant).api_keys.revoke(key_id, world.clock.now())
            await uow.registered_endpoints.disable_registered_by(
                [credential], world.clock.now(), CREDENTIAL_REVOKED
            )
            written.set()
            await commit.wait()

    revocation = asyncio.create_task(revoking(), context=contextvars.Context())
    await written.wait()
    creating = asyncio.create_task(_create(world, tenant, credential))
    try:
        await _blocked(url, creating)
    finally:
        commit.set()
        await revocation
    assert isinstance(await creating, CredentialRevoked)
    assert await _live_endpoints_of(tenant, credential) == []


@ON_POSTGRES
async def test_a_revocation_waits_for_a_create_under_way_and_disables_it(
    world: World, migrated_urls: dict[str, str]
) -> None:
    url = _on_postgres(world, migrated_urls)
    tenant, key = await world.tenant("Auslese")
    widget = await _key(world, key, "Widget", ["webhooks:write"])
    key_id = UUID(widget["id"])
    credential = credential_of_api_key(key_id)
    held = uuid4()
    units = world.container.database.unit_of_work
    async with units() as uow:
        endpoints = uow.tenant(tenant).webhook_endpoints
        assert await endpoints.hold_credential(credential)
        await endpoints.add(
            WebhookEndpoint(
                id=held,
                url=world.url + "/held",
                event_types=(),
                enabled=True,
                created_at=world.clock.now(),
                registered_by=credential,
            ),
            "whsec_" + "A" * 32,
        )
        revocation = asyncio.create_task(
            revoke_api_key(units, tenant, key_id, world.clock.now()),
            context=contextvars.Context(),
        )
        await _blocked(url, revocation)
    await revocation
    shown = await _shown(world, key, str(held))
    assert (shown["enabled"], shown["disabledReason"]) == (False, CREDENTIAL_REVOKED)


@ON_POSTGRES
async def test_a_patch_by_a_credential_being_revoked_waits_and_is_refused(
    world: World, migrated_urls: dict[str, str]
) -> None:
    """The revocation holds the key and then disables its endpoints; a PATCH of one of them by
    that key waits for the key first, so neither waits for the other (a deadlock)."""
    url = _on_postgres(world, migrated_urls)
    tenant, key = await world.tenant("Beerenauslese")
    widget = await _key(world, key, "Widget", ["webhooks:write"])
    key_id = UUID(widget["id"])
    credential = credential_of_api_key(key_id)
    theirs = await _endpoint(world, widget["apiKey"], url=world.url + "/widget")
    revoked, disable = asyncio.Event(), asyncio.Event()

    async def revoking() -> None:
        """What `revoke_api_key` writes, its transaction held open in between."""
        async with world.container.database.unit_of_work() as uow:
            await uow.tenant(tenant).api_keys.revoke(key_id, world.clock.now())
            revoked.set()
            await disable.wait()
            await uow.registered_endpoints.disable_registered_by(
                [credential], world.clock.now(), CREDENTIAL_REVOKED
            )

    revocation = asyncio.create_task(revoking(), context=contextvars.Context())
    await revoked.wait()
    moving = asyncio.create_task(
        change_endpoint(
            world.container.webhooks.units,
            tenant,
            UUID(theirs["id"]),
            EndpointChange(url=world.url + "/moved"),
            world.clock.now(),
            allow_loopback=True,
            caller=credential,
            feedback=False,
        ),
        context=contextvars.Context(),
    )
    try:
        await _blocked(url, moving)
    finally:
        disable.set()
        await revocation
    with pytest.raises(CredentialRevoked):
        await moving
    shown = await _shown(world, key, theirs["id"])
    assert (shown["url"], shown["enabled"]) == (world.url + "/widget", False)


@ON_POSTGRES
async def test_a_patch_keeps_a_disable_that_committed_while_it_ran(
    world: World, migrated_urls: dict[str, str]
) -> None:
    url = _on_postgres(world, migrated_urls)
    tenant, key = await world.tenant("Trockenbeere")
    made = await _endpoint(world, key, url=world.url + "/patched")
    path = f"/v1/webhook-endpoints/{made['id']}"
    written, commit = asyncio.Event(), asyncio.Event()

    async def disabling() -> None:
        """What a sweep disabling an endpoint refusing for days writes, held open."""
        async with world.container.database.unit_of_work() as uow:
            await uow.tenant(tenant).webhook_endpoints.disable(
                UUID(made["id"]), world.clock.now(), "Zu lange abgelehnt"
            )
            written.set()
            await commit.wait()

    disable = asyncio.create_task(disabling(), context=contextvars.Context())
    await written.wait()
    patching = asyncio.create_task(
        world.client.patch(path, json={"eventTypes": ["invoice.paid"]}, headers=bearer(key))
    )
    try:
        await _blocked(url, patching)
    finally:
        commit.set()
        await disable
    patched = await patching
    assert patched.status_code == 200, patched.text
    assert patched.json()["eventTypes"] == ["invoice.paid"]
    shown = await _shown(world, key, made["id"])
    assert (shown["enabled"], shown["disabledReason"]) == (False, "Zu lange abgelehnt")
    assert shown["eventTypes"] == ["invoice.paid"]

    enabled = await world.client.patch(path, json={"enabled": True}, headers=bearer(key))
    assert (enabled.json()["enabled"], enabled.json()["disabledReason"]) == (True, None)


@ON_POSTGRES
async def test_a_refused_attempt_and_an_enabling_change_do_not_deadlock(
    world: World, migrated_urls: dict[str, str]
) -> None:
    """An enabling PATCH locks the endpoint, then its waiting deliveries; recording a refused
    attempt takes the endpoint first too, so neither waits for the other."""
    url = _on_postgres(world, migrated_urls)
    tenant, key = await world.tenant("Kabinett")
    made = await _endpoint(world, key, url=world.url + "/refusing")
    endpoint_id = UUID(made["id"])
    world.receiver.answer_next(500, 500)
    await world.record(tenant, EventType.INVOICE_PAID, "RE-1")
    await world.settle()
    [row] = await DeliveryRow.select(DeliveryRow.id).where(DeliveryRow.tenant == tenant)
    await EndpointRow.update({EndpointRow.failing_since: None}).where(  # the next refusal
        EndpointRow.id == endpoint_id  # writes the endpoint too
    )
    world.clock.current += timedelta(seconds=5)
    async with world.container.database.unit_of_work() as uow:
        endpoints = uow.tenant(tenant).webhook_endpoints
        await endpoints.locked(endpoint_id)  # what an enabling change takes first
        attempt = asyncio.create_task(
            deliver(world.container.webhooks, tenant, row["id"], 2),
            context=contextvars.Context(),
        )
        await _blocked(url, attempt)
        await uow.tenant(tenant).deliveries.reschedule_pending(endpoint_id, world.clock.now())
    assert (await attempt).startswith("refused (HTTP 500)")
    assert [r.status for r in world.receiver.received] == [500, 500]


async def test_an_endpoint_from_before_credentials_were_recorded_answers_to_none(
    world: World,
) -> None:
    """Nobody knows which credential registered it: it keeps working whatever is revoked,
    until a caller moves or enables it (then it answers to that caller)."""
    tenant, key = await world.tenant("Altbestand")
    widget = await _key(world, key, "Widget", ["webhooks:write", "webhooks:read"])
    old = await _endpoint(world, key, url=world.url + "/old")
    await EndpointRow.update({EndpointRow.registered_by: None}).where(
        EndpointRow.id == UUID(old["id"])
    )
    revoked = await world.client.delete(f"/v1/api-keys/{widget['id']}", headers=bearer(key))
    assert revoked.status_code == 204
    first = await world.client.get("/v1/api-keys", headers=bearer(key))
    own = next(k for k in first.json()["items"] if k["id"] != widget["id"])
    second = await _key(world, key, "Zweiter", None)
    gone = await world.client.delete(f"/v1/api-keys/{own['id']}", headers=bearer(second["apiKey"]))
    assert gone.status_code == 204, gone.text
    shown = await _shown(world, second["apiKey"], old["id"])
    assert (shown["enabled"], shown["disabledReason"]) == (True, None)

    changed = await world.client.patch(
        f"/v1/webhook-endpoints/{old['id']}",
        json={"eventTypes": ["invoice.paid"]},
        headers=bearer(second["apiKey"]),
    )
    assert changed.status_code == 200
    row = await EndpointRow.select(EndpointRow.registered_by).where(
        EndpointRow.id == UUID(old["id"])
    )
    assert row == [{"registered_by": None}], "a filter change decides nothing about where"
    moved = await world.client.patch(
        f"/v1/webhook-endpoints/{old['id']}",
        json={"url": world.url + "/moved"},
        headers=bearer(second["apiKey"]),
    )
    assert moved.status_code == 200
    assert await _live_endpoints_of(tenant, credential_of_api_key(UUID(second["id"]))) == [
        {"id": UUID(old["id"])}
    ]
