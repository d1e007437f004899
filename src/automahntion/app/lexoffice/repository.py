"""Port: one tenant's stored connection to lexoffice."""

from __future__ import annotations

from typing import Protocol

from automahntion.app.lexoffice.records import LexofficeConnection


class ConnectionRepository(Protocol):
    async def get(self) -> LexofficeConnection | None: ...
    async def get_locked(self) -> LexofficeConnection | None:
        """Like `get`, holding the row until the unit of work ends (one token refresh at a
        time, across processes)."""
        ...

    async def save(self, connection: LexofficeConnection) -> None: ...
