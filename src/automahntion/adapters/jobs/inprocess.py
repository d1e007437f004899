"""Embedded mode: jobs run as tasks of this process (no Redis)."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable, Mapping

log = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[object]]


class InProcessJobs:
    def __init__(self, handlers: Mapping[str, Handler]) -> None:
        self._handlers = handlers
        self._tasks: set[asyncio.Task[None]] = set()
        self._taken: set[str] = set()
        self._later: set[asyncio.TimerHandle] = set()

    async def enqueue(self, name: str, *args: str, job_id: str, delay_s: float = 0.0) -> bool:
        if name not in self._handlers:
            raise KeyError(f"no job called {name!r}")
        if job_id in self._taken:
            return False
        self._taken.add(job_id)
        if delay_s > 0:
            handle: asyncio.TimerHandle

            def start() -> None:
                self._later.discard(handle)
                self._start(name, args, job_id)

            handle = asyncio.get_running_loop().call_later(delay_s, start)
            self._later.add(handle)
            return True
        self._start(name, args, job_id)
        return True

    def _start(self, name: str, args: tuple[str, ...], job_id: str) -> None:
        # A job runs apart from whoever queued it, as in the worker: nothing of the caller's
        # context goes along (a request's open transaction — the job is queued inside it — nor
        # its log fields).
        task = asyncio.create_task(self._run(name, args, job_id), context=contextvars.Context())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, name: str, args: tuple[str, ...], job_id: str) -> None:
        try:
            await self._handlers[name](*args)
        except Exception:
            log.exception("job %s (%s) failed", name, job_id)

    async def drain(self) -> None:
        """Wait for every job started so far (tests, shutdown); delayed jobs not yet due are
        not waited for."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    async def stop(self, grace_s: float) -> None:
        """Shutdown: jobs get `grace_s` to finish, then are cancelled (a job releases what it
        claimed and did not hand over yet) and waited for. Delayed jobs not started yet are
        dropped (what they would do is stored; the sweep of the next process queues it)."""
        for handle in self._later:
            handle.cancel()
        self._later.clear()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=grace_s)
        for task in list(self._tasks):
            task.cancel()
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
