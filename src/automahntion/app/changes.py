"""Port: news that a tenant's stored data changed, from whichever process changed it.

What a process caches of a tenant (credentials, encoded responses) stays valid only while such
news reaches it: a feed that is not `live` may have missed some, and nothing may be cached.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID


class ChangeSink(Protocol):
    def changed(self, tenant_id: UUID | None) -> None:
        """`tenant_id`'s data changed; None: any tenant's may have (or news may be lost)."""


class ChangeFeed(Protocol):
    @property
    def live(self) -> bool:
        """Listening now: every change committed from now on will be reported."""

    def subscribe(self, sink: ChangeSink) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...
