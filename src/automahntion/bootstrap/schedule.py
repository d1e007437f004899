"""The embedded scheduler: without Redis there is no worker, so `serve` ticks by itself."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

TICK_INTERVAL_S = 300.0


async def run_ticks(
    tick: Callable[[], Awaitable[int]], interval_s: float = TICK_INTERVAL_S
) -> None:
    """Tick every `interval_s` until cancelled. A failed tick is logged with its traceback and
    the next one runs on time: one bad moment (the database away, a bad row) must not end the
    schedule for good."""
    while True:
        try:
            await tick()
        except Exception:
            log.exception(
                "scheduler tick failed; the next one runs in %.0f s",
                interval_s,
                extra={"event": "tick_failed"},
            )
        await asyncio.sleep(interval_s)
