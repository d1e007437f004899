"""The change feed on PostgreSQL: LISTEN on the channel the change triggers notify.

Each row written to a tenant's table notifies `automahntion_changes` with the tenant's id
(migration `change_notifications`; `*` for rows that may concern any tenant). PostgreSQL
delivers notifications at commit, so a sink told of a change can trust that a read started
afterwards sees it. When the listening connection is lost the feed is no longer live, tells
every sink that anything may have changed, and reconnects in the background.

The feed counts as live only while its own heartbeat, a notification it sends every
HEARTBEAT_S seconds, came back within the last CONFIRMED_S seconds. That catches a connection
that died silently (no FIN: a failover, a dropped route) and a path that never delivers
notifications (a transaction-pooling proxy between us and PostgreSQL): then nothing is kept.
When heartbeats come back after a gap, every sink is told that anything may have changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from uuid import UUID, uuid4

import asyncpg

from automahntion.app.changes import ChangeSink

log = logging.getLogger(__name__)
CHANNEL = "automahntion_changes"
APPLICATION_NAME = "automahntion change feed"
ANY_TENANT = "*"
HEARTBEAT = "heartbeat:"
RECONNECT_DELAYS_S = (0.5, 1.0, 2.0, 5.0, 10.0)
HEARTBEAT_S = 2.0
CONFIRMED_S = 6.0


class PostgresChangeFeed:
    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._sinks: list[ChangeSink] = []
        self._connection: asyncpg.Connection | None = None
        self._reconnecting: asyncio.Task[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._confirmed_at = 0.0
        self._listening_since = 0.0
        self._beat_now = asyncio.Event()
        self._heartbeat_payload = HEARTBEAT + uuid4().hex
        self._stopped = False

    @property
    def live(self) -> bool:
        connection = self._connection
        return (
            connection is not None
            and not connection.is_closed()
            and time.monotonic() - self._confirmed_at < CONFIRMED_S
        )

    def subscribe(self, sink: ChangeSink) -> None:
        self._sinks.append(sink)

    async def start(self) -> None:
        self._stopped = False
        await self._listen()

    async def stop(self) -> None:
        self._stopped = True
        for task in (self._reconnecting, self._heartbeat):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            await connection.close()
        self._tell(None)

    async def _listen(self) -> None:
        connection = await asyncpg.connect(
            self._dsn, server_settings={"application_name": APPLICATION_NAME}
        )
        connection.add_termination_listener(self._lost)
        await connection.add_listener(CHANNEL, self._notified)
        self._confirmed_at = 0.0
        self._listening_since = time.monotonic()
        self._connection = connection
        self._tell(None)
        self._beat_now.set()
        if self._heartbeat is None:
            self._heartbeat = asyncio.get_running_loop().create_task(self._beat())

    async def _beat(self) -> None:
        """A heartbeat every HEARTBEAT_S seconds, and at once on a new connection."""
        warned = False
        while True:
            self._beat_now.clear()
            connection = self._connection
            if connection is not None and not connection.is_closed():
                await self._send_heartbeat(connection)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._beat_now.wait(), HEARTBEAT_S)
            unheard = self._connection is not None and not self.live
            if unheard and not warned and time.monotonic() - self._listening_since > CONFIRMED_S:
                log.warning(
                    "change feed: its own notifications do not come back (a transaction-pooling "
                    "proxy in AUTOMAHNTION_DATABASE_URL?); the API keeps nothing meanwhile"
                )
                warned = True
            warned = warned and unheard

    async def _send_heartbeat(self, connection: asyncpg.Connection) -> None:
        try:
            await connection.execute(
                "SELECT pg_notify($1, $2)",
                CHANNEL,
                self._heartbeat_payload,
                timeout=CONFIRMED_S - HEARTBEAT_S,
            )
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.warning("change feed: the listening connection does not answer (%s)", error)
            connection.terminate()
            self._lost(connection)

    def _heard(self, payload: str) -> None:
        if payload != self._heartbeat_payload:
            return
        was_live = self.live
        self._confirmed_at = time.monotonic()
        if not was_live:
            self._tell(None)

    def _notified(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        if payload.startswith(HEARTBEAT):
            self._heard(payload)
            return
        try:
            tenant_id = None if payload == ANY_TENANT else UUID(payload)
        except ValueError:
            log.warning("change notification with an unreadable payload %r", payload)
            tenant_id = None
        self._tell(tenant_id)

    def _lost(self, connection: object) -> None:
        if connection is not self._connection:
            return
        self._connection = None
        self._tell(None)
        if not self._stopped and self._reconnecting is None:
            self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        attempt = 0
        try:
            while not self._stopped:
                await asyncio.sleep(RECONNECT_DELAYS_S[min(attempt, len(RECONNECT_DELAYS_S) - 1)])
                try:
                    await self._listen()
                except (
                    OSError,
                    TimeoutError,
                    asyncpg.PostgresError,
                    asyncpg.InterfaceError,
                ) as error:
                    attempt += 1
                    log.warning("change feed: reconnecting failed (%s)", error)
                else:
                    log.info("change feed: listening again")
                    return
        finally:
            self._reconnecting = None

    def _tell(self, tenant_id: UUID | None) -> None:
        for sink in self._sinks:
            sink.changed(tenant_id)
