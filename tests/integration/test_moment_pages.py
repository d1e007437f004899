"""The lists ordered by creation (API keys, our invoices to the tenant, webhook endpoints, admin
tokens, OAuth clients) read their pages in SQL: on both engines each page and each cursor is
the one the list made when Python sorted every row (`helpers.page`, the reference below),
with ties in the moment (the id decides), whole seconds and fractions; a walk meets every row
once; and a cursor handed out before names the same place. A page reads its own rows only."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

import pytest

from automahntion.api.admin_tokens import token_cursor
from automahntion.api.oauth_clients import client_cursor
from automahntion.api.pagination import moment_after, moment_cursor, next_cursor
from automahntion.app.access.api_keys import api_keys
from automahntion.app.access.oauth import list_clients
from automahntion.app.admin.tokens import admin_tokens
from automahntion.app.billing.charges import charges
from automahntion.app.billing.records import BillingKind, NewBillingRecord
from automahntion.app.billing.subscription import BillingPorts
from automahntion.app.pages import MomentPosition, Page
from automahntion.app.webhooks.endpoints import endpoints
from automahntion.app.webhooks.records import WebhookEndpoint
from automahntion.bootstrap.database import Database
from tests.integration.helpers import NOW, count_rows_fetched, new_tenant, page
from tests.integration.in_process_api import InProcessApi, walk_ids

MOMENTS = [
    NOW,
    NOW,
    NOW,
    NOW + timedelta(milliseconds=500),
    NOW + timedelta(milliseconds=500),
    NOW + timedelta(seconds=1),
    NOW + timedelta(seconds=1, microseconds=1),
    NOW + timedelta(seconds=2),
]
"""Three at one whole second, two at one fraction: more than a page of 1, 2 or 3 each."""

LIMITS = (1, 2, 3, 50)


class Record(Protocol):
    @property
    def id(self) -> UUID: ...


Read = Callable[[MomentPosition | None, int], Awaitable[Page[Any]]]


def _iso(record: Any) -> str:
    """The position the list sorted by before (and spelled its cursor with)."""
    return f"{record.created_at.isoformat()}|{record.id}"


def _iso_cursor(record: Any) -> str:
    return moment_cursor(record.created_at, record.id)


async def _walks_as_before(
    read: Read,
    every: Sequence[Record],
    position: Callable[[Any], str],
    cursor_of: Callable[[Any], str],
) -> None:
    for limit in LIMITS:
        cursor, seen = None, []
        while True:
            expected, expected_cursor = page(every, position, limit, cursor)
            found = await read(moment_after(cursor), limit)
            assert [r.id for r in found.items] == [r.id for r in expected], (limit, cursor)
            assert next_cursor(found, cursor_of) == expected_cursor, (limit, cursor)
            seen += [r.id for r in found.items]
            if expected_cursor is None:
                break
            cursor = expected_cursor
        assert seen == [r.id for r in sorted(every, key=position)], limit
        assert len(set(seen)) == len(every)


async def test_api_keys_page_as_before(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        keys = uow.tenant(tenant.id).api_keys
        for n, at in enumerate(MOMENTS):
            await keys.add(f"key {n}", f"amk_{n}", uuid.uuid4().hex, at)
        every = await keys.all()

    async def read(after: MomentPosition | None, limit: int) -> Page[Any]:
        return await api_keys(database.unit_of_work, tenant.id, after, limit)

    await _walks_as_before(read, every, _iso, _iso_cursor)


async def _charges(database: Database) -> UUID:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        billing = uow.tenant(tenant.id).billing
        for n, at in enumerate(MOMENTS):
            await billing.claim(NewBillingRecord(BillingKind.LETTERS, f"k-{n}", (), 100 + n), at)
    return tenant.id


class _Clock:
    def now(self) -> datetime:
        return NOW


def _ports(database: Database) -> BillingPorts:
    return BillingPorts(database.unit_of_work, None, _Clock())


async def test_billing_invoices_page_as_before(database: Database) -> None:
    tenant_id = await _charges(database)
    ports = _ports(database)
    async with database.unit_of_work() as uow:
        every = (await uow.tenant(tenant_id).billing.page(None, 100)).items

    async def read(after: MomentPosition | None, limit: int) -> Page[Any]:
        return await charges(ports, tenant_id, after, limit)

    await _walks_as_before(read, every, _iso, _iso_cursor)


async def test_webhook_endpoints_page_as_before(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        repository = uow.tenant(tenant.id).webhook_endpoints
        for n, at in enumerate(MOMENTS):
            endpoint = WebhookEndpoint(uuid.uuid4(), f"https://hook{n}.example/", (), True, at)
            await repository.add(endpoint, "whsec_test")
        every = await repository.all()

    async def read(after: MomentPosition | None, limit: int) -> Page[Any]:
        return await endpoints(database.unit_of_work, tenant.id, after, limit)

    await _walks_as_before(read, every, _iso, _iso_cursor)


def _fixed(record: Any) -> str:
    """The position the admin lists sorted by before: UTC, always six fraction digits."""
    return f"{record.created_at.strftime('%Y-%m-%dT%H:%M:%S.%f')}|{record.id}"


async def test_admin_tokens_page_as_before(database: Database) -> None:
    """Other tests' tokens are in the same table: the walk meets them all."""
    async with database.unit_of_work() as uow:
        for n, at in enumerate(MOMENTS):
            await uow.admin_tokens.add(f"token {n}", f"amt_{n}", uuid.uuid4().hex, at)
        every = await uow.admin_tokens.all()

    async def read(after: MomentPosition | None, limit: int) -> Page[Any]:
        return await admin_tokens(database.unit_of_work, after, limit)

    await _walks_as_before(read, every, _fixed, token_cursor)


async def test_oauth_clients_page_as_before(database: Database) -> None:
    async with database.unit_of_work() as uow:
        for n, at in enumerate(MOMENTS):
            await uow.oauth.add_client(
                client_id=f"client-{uuid.uuid4().hex}",
                name=f"Widget {n}",
                redirect_uris=["https://widget.example/cb"],
                scopes=["invoices:read"],
                secret_hash=None,
                now=at,
            )
        every = await uow.oauth.clients()

    async def read(after: MomentPosition | None, limit: int) -> Page[Any]:
        return await list_clients(database.unit_of_work, after, limit)

    await _walks_as_before(read, every, _fixed, client_cursor)


async def test_a_page_of_charges_reads_its_own_rows(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of 8 charges, a page of 2 after the first fetches 3 rows (the third tells whether more
    follow), with a LIMIT in the statement."""
    tenant_id = await _charges(database)
    ports = _ports(database)
    every = (await charges(ports, tenant_id, None, 100)).items
    first = await charges(ports, tenant_id, None, 1)
    fetched = count_rows_fetched(database, monkeypatch)
    after = moment_after(next_cursor(first, _iso_cursor))
    found = await charges(ports, tenant_id, after, 2)
    monkeypatch.undo()
    assert found.items == every[1:3]
    assert found.more
    of_charges = [(sql, n) for sql, n in fetched if 'FROM "billing_record"' in sql]
    assert [n for _, n in of_charges] == [3]
    assert all("LIMIT" in sql for sql, _ in of_charges)


async def test_a_walk_through_get_billing_invoices_reads_a_page_at_a_time(
    engine_api: InProcessApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`GET /v1/billing/invoices?limit=2` over 8 charges: every charge once, oldest first, and
    no request reads more than its page and one more charge."""
    units = engine_api.container.database.unit_of_work
    async with units() as uow:
        billing = uow.tenant(engine_api.tenant_id).billing
        for n, at in enumerate(MOMENTS):
            await billing.claim(NewBillingRecord(BillingKind.LETTERS, f"k-{n}", (), 100 + n), at)
        every = (await billing.page(None, 100)).items
    fetched = count_rows_fetched(engine_api.container.database, monkeypatch)
    walked = await walk_ids(engine_api, "/v1/billing/invoices", 2)
    monkeypatch.undo()
    assert walked == [str(c.id) for c in sorted(every, key=_iso)]
    read = [n for sql, n in fetched if 'FROM "billing_record"' in sql]
    assert read
    assert max(read) <= 3
