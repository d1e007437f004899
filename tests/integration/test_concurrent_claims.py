"""Two workers claiming the same (tenant, invoice, level) at the same moment: one row, one
winner — on PostgreSQL with two connections whose transactions overlap, and on SQLite."""

from __future__ import annotations

import asyncio
from uuid import UUID

from automahntion.app.errors import LevelAlreadyClaimed
from automahntion.app.messages.records import Claim, MessageState, SentMessage
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from tests.fakes.dunning import refused
from tests.integration.conftest import SECRET_KEY
from tests.integration.helpers import NOW, TODAY, tenant_with_invoice


async def _claim(
    database: Database, tenant_id: UUID, claim: Claim, barrier: asyncio.Barrier | None
) -> SentMessage | LevelAlreadyClaimed:
    try:
        async with database.unit_of_work() as uow:
            if barrier is not None:
                await uow.tenant(tenant_id).account.get()
                await barrier.wait()
            return await uow.tenant(tenant_id).messages.claim(claim)
    except LevelAlreadyClaimed as refused:
        return refused


async def _race(
    database: Database, tenant_id: UUID, claim: Claim, *, overlap: bool
) -> list[SentMessage | LevelAlreadyClaimed]:
    barrier = asyncio.Barrier(2) if overlap else None
    return list(
        await asyncio.gather(
            _claim(database, tenant_id, claim, barrier),
            _claim(database, tenant_id, claim, barrier),
        )
    )


async def _rows(database: Database, tenant_id: UUID, invoice_id: UUID) -> list[SentMessage]:
    async with database.unit_of_work() as uow:
        return await uow.tenant(tenant_id).messages.for_invoice(invoice_id)


async def test_overlapping_claims_on_postgres_end_with_one_row_and_one_winner(
    postgres: Database,
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(postgres)
    claim = Claim(invoice_id, Level.M1, Channel.EMAIL, "<m1@x>", TODAY, NOW)
    for _ in range(5):
        outcomes = await _race(postgres, tenant_id, claim, overlap=True)
        winners = [o for o in outcomes if isinstance(o, SentMessage)]
        assert len(winners) <= 1
        assert len(await _rows(postgres, tenant_id, invoice_id)) == 1
    first_round = await _rows(postgres, tenant_id, invoice_id)
    assert [m.attempts for m in first_round] == [1]


async def test_exactly_one_of_two_overlapping_first_claims_wins_on_postgres(
    postgres: Database,
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(postgres)
    claim = Claim(invoice_id, Level.R1, Channel.EMAIL, "<r1@x>", TODAY, NOW)
    outcomes = await _race(postgres, tenant_id, claim, overlap=True)
    assert sorted(type(o).__name__ for o in outcomes) == ["LevelAlreadyClaimed", "SentMessage"]
    rows = await _rows(postgres, tenant_id, invoice_id)
    assert [(m.level, m.state) for m in rows] == [(Level.R1, MessageState.SENDING)]


async def test_two_workers_retaking_a_failed_claim_on_postgres_one_wins(
    postgres: Database,
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(postgres)
    claim = Claim(invoice_id, Level.M2, Channel.EMAIL, "<m2@x>", TODAY, NOW)
    async with postgres.unit_of_work() as uow:
        first = await uow.tenant(tenant_id).messages.claim(claim)
        await uow.tenant(tenant_id).messages.mark_failed(first.id, reason=refused("451"), at=NOW)
    outcomes = await _race(postgres, tenant_id, claim, overlap=True)
    assert sorted(type(o).__name__ for o in outcomes) == ["LevelAlreadyClaimed", "SentMessage"]
    rows = await _rows(postgres, tenant_id, invoice_id)
    assert [(m.state, m.attempts) for m in rows] == [(MessageState.SENDING, 2)]


async def test_concurrent_claims_on_sqlite_end_with_one_row_and_one_winner(
    migrated_urls: dict[str, str],
) -> None:
    database = Database.connect(migrated_urls["sqlite"], SECRET_KEY)
    await database.start()
    try:
        tenant_id, invoice_id = await tenant_with_invoice(database)
        claim = Claim(invoice_id, Level.R1, Channel.EMAIL, "<r1@x>", TODAY, NOW)
        outcomes = await _race(database, tenant_id, claim, overlap=False)
        rows = await _rows(database, tenant_id, invoice_id)
    finally:
        await database.stop()
    assert sorted(type(o).__name__ for o in outcomes) == ["LevelAlreadyClaimed", "SentMessage"]
    assert len(rows) == 1
