"""Port: work done after the request that asked for it (webhooks answer within a second)."""

from __future__ import annotations

from typing import Protocol


class Jobs(Protocol):
    async def enqueue(self, name: str, *args: str, job_id: str, delay_s: float = 0.0) -> bool:
        """Schedule job `name`, to start `delay_s` seconds from now; False when a job with this
        id was already taken."""
        ...
