"""The change feed on this machine's PostgreSQL: live only while its own heartbeat comes back,
reporting each tenant whose rows change, and telling its sinks to forget everything when the
heartbeat returns after a gap."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable

import asyncpg

from automahntion.adapters.db.changes import CHANNEL, CONFIRMED_S, PostgresChangeFeed

WAIT_S = CONFIRMED_S * 3


class Sink:
    def __init__(self) -> None:
        self.told: list[uuid.UUID | None] = []

    def changed(self, tenant_id: uuid.UUID | None) -> None:
        self.told.append(tenant_id)


async def _eventually(check: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.05)
    return check()


async def _add_tenant(url: str) -> uuid.UUID:
    tenant_id = uuid.uuid4()
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "INSERT INTO tenant (id, name, account_email, billing_email)"
            " VALUES ($1, 'Feed GmbH', 'feed@example.org', 'feed@example.org')",
            tenant_id,
        )
    finally:
        await connection.close()
    return tenant_id


async def _live_feed(url: str) -> tuple[PostgresChangeFeed, Sink]:
    feed, sink = PostgresChangeFeed(url), Sink()
    feed.subscribe(sink)
    await feed.start()
    assert await _eventually(lambda: feed.live)
    return feed, sink


async def test_the_feed_reports_each_changed_tenant_once_its_heartbeat_comes_back(
    migrated_urls: dict[str, str],
) -> None:
    url = migrated_urls["postgres"]
    feed, sink = await _live_feed(url)
    try:
        tenant_id = await _add_tenant(url)
        assert await _eventually(lambda: tenant_id in sink.told)
    finally:
        await feed.stop()
    assert not feed.live


async def test_a_feed_whose_notifications_stop_coming_back_is_not_live(
    migrated_urls: dict[str, str],
) -> None:
    """As behind a transaction-pooling proxy: the connection answers, notifications do not
    arrive. Nothing may then be kept; when they arrive again, everything kept is forgotten."""
    feed, sink = await _live_feed(migrated_urls["postgres"])
    try:
        listening = feed._connection
        assert listening is not None
        await listening.execute(f'UNLISTEN "{CHANNEL}"')
        assert await _eventually(lambda: not feed.live)
        sink.told.clear()
        await listening.execute(f'LISTEN "{CHANNEL}"')
        assert await _eventually(lambda: feed.live)
        assert None in sink.told
    finally:
        await feed.stop()
