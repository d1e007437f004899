"""Port: where generated documents are kept, to be downloaded later."""

from __future__ import annotations

from typing import Protocol


class FileStore(Protocol):
    async def put(self, name: str, data: bytes) -> str:
        """Stores the bytes; returns the reference to keep."""
        ...

    async def get(self, ref: str) -> bytes: ...
