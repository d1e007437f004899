"""However many tenants a run works at once, at most `DAYS_READ_AT_ONCE` days are read at once."""

from __future__ import annotations

import asyncio
from typing import Any, cast
from uuid import UUID, uuid4

import pytest

from automahntion.app.dunning.load import plan_cycle
from automahntion.app.dunning.ports import DAYS_READ_AT_ONCE, DunningPorts
from tests.fakes.dunning import NOW, FixedClock


class Read(Exception):
    """What the held reads end with once released: the day itself is not this test's concern."""


class HeldReads:
    def __init__(self) -> None:
        self.reading = 0
        self.most = 0
        self.release = asyncio.Event()

    async def day(self, tenant_id: UUID, *, texts: bool = True) -> Any:
        self.reading += 1
        self.most = max(self.most, self.reading)
        try:
            await self.release.wait()
        finally:
            self.reading -= 1
        raise Read(tenant_id)


async def test_sixteen_tenants_at_once_read_their_days_two_at_a_time() -> None:
    reads = HeldReads()
    unused = cast(Any, None)
    ports = DunningPorts(
        units=unused,
        gateways=unused,
        mail=unused,
        templates=unused,
        clock=FixedClock(),
        message_domain="example.org",
        day_reads=reads,
    )
    cycles = [
        asyncio.create_task(plan_cycle(ports, uuid4(), NOW, persist=False)) for _ in range(16)
    ]
    for _ in range(20):
        await asyncio.sleep(0)
    assert reads.reading == DAYS_READ_AT_ONCE == 2
    reads.release.set()
    for cycle in cycles:
        with pytest.raises(Read):
            await cycle
    assert reads.most == DAYS_READ_AT_ONCE
