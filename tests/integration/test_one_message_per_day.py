"""At most one message per invoice per day, and levels sent to one invoice strictly increase
(domain rule 3), kept by storage: two processes whose plans differ (level settings changed in
between, or plans made either side of midnight) claim different levels of one invoice."""

from __future__ import annotations

import asyncio
import contextvars
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from automahntion.app.dunning.ledger import StoredLedger
from automahntion.app.errors import AlreadyExists, ClaimedElsewhere, LevelAlreadyClaimed
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim, MessageState, SentMessage
from automahntion.app.review.decide import resolve
from automahntion.app.review.items import Outcome
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from tests.fakes.dunning import refused
from tests.integration.helpers import (
    NOW,
    TODAY,
    invoice,
    tenant_with_invoice,
    until_a_session_waits_for_a_lock,
)

YESTERDAY = TODAY - timedelta(days=1)


def _claim(invoice_id: UUID, level: Level, day: object = TODAY) -> Claim:
    return Claim(invoice_id, level, Channel.EMAIL, f"<{level}@x>", day, NOW)  # type: ignore[arg-type]


async def _take(
    database: Database, tenant_id: UUID, claim: Claim, barrier: asyncio.Barrier | None = None
) -> SentMessage | LevelAlreadyClaimed:
    try:
        async with database.unit_of_work() as uow:
            if barrier is not None:
                await uow.tenant(tenant_id).account.get()
                await barrier.wait()
            return await uow.tenant(tenant_id).messages.claim(claim)
    except LevelAlreadyClaimed as refusal:
        return refusal


async def _rows(database: Database, tenant_id: UUID, invoice_id: UUID) -> list[tuple[Level, str]]:
    async with database.unit_of_work() as uow:
        found = await uow.tenant(tenant_id).messages.for_invoice(invoice_id)
    return [(m.level, m.state.value) for m in found]


async def test_a_second_level_on_the_same_day_is_refused(database: Database) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    first = await _take(database, tenant_id, _claim(invoice_id, Level.R1))
    second = await _take(database, tenant_id, _claim(invoice_id, Level.R2))
    assert isinstance(first, SentMessage)
    assert isinstance(second, LevelAlreadyClaimed)
    assert await _rows(database, tenant_id, invoice_id) == [(Level.R1, "sending")]


async def test_a_sent_message_also_keeps_its_day(database: Database) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    first = await _take(database, tenant_id, _claim(invoice_id, Level.R2))
    assert isinstance(first, SentMessage)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant_id).messages.mark_sent(
            first.id,
            at=NOW,
            recipient_domain="x",
            transport_message_id=None,
            content_sha256="0" * 64,
        )
    refused_r3 = await _take(database, tenant_id, _claim(invoice_id, Level.R3))
    assert isinstance(refused_r3, LevelAlreadyClaimed)
    assert await _rows(database, tenant_id, invoice_id) == [(Level.R2, "sent")]


async def test_a_failed_message_does_not_count_for_its_day(database: Database) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    first = await _take(database, tenant_id, _claim(invoice_id, Level.R1))
    assert isinstance(first, SentMessage)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant_id).messages.mark_failed(first.id, reason=refused("451"), at=NOW)
    assert isinstance(await _take(database, tenant_id, _claim(invoice_id, Level.R2)), SentMessage)
    assert await _rows(database, tenant_id, invoice_id) == [
        (Level.R1, "failed"),
        (Level.R2, "sending"),
    ]


async def test_a_failed_level_is_not_retaken_on_a_day_that_holds_another(
    database: Database,
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    failed = await _take(database, tenant_id, _claim(invoice_id, Level.R2, YESTERDAY))
    assert isinstance(failed, SentMessage)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant_id).messages.mark_failed(failed.id, reason=refused("451"), at=NOW)
    assert isinstance(await _take(database, tenant_id, _claim(invoice_id, Level.R3)), SentMessage)
    retake = await _take(database, tenant_id, _claim(invoice_id, Level.R2))
    assert isinstance(retake, LevelAlreadyClaimed)
    assert sorted(await _rows(database, tenant_id, invoice_id)) == [
        (Level.R2, "failed"),
        (Level.R3, "sending"),
    ]


async def test_a_lower_or_equal_level_after_a_higher_one_is_refused(database: Database) -> None:
    """Levels sent to one invoice strictly increase, whatever day the lower one is claimed."""
    tenant_id, invoice_id = await tenant_with_invoice(database)
    higher = await _take(database, tenant_id, _claim(invoice_id, Level.M1, YESTERDAY))
    assert isinstance(higher, SentMessage)
    lower = await _take(database, tenant_id, _claim(invoice_id, Level.R2))
    assert isinstance(lower, LevelAlreadyClaimed)
    assert await _rows(database, tenant_id, invoice_id) == [(Level.M1, "sending")]
    assert isinstance(await _take(database, tenant_id, _claim(invoice_id, Level.M2)), SentMessage)


async def test_a_bundle_with_one_invoice_already_sent_to_today_takes_none(
    database: Database,
) -> None:
    tenant_id, first_invoice = await tenant_with_invoice(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant_id).invoices.upsert([invoice("RE-2")], NOW)
        second_invoice = (await uow.tenant(tenant_id).invoices.by_lexoffice_id("lx-RE-2")).id
    first = await _take(database, tenant_id, _claim(first_invoice, Level.R1))
    assert isinstance(first, SentMessage)
    ledger = StoredLedger(database.unit_of_work, tenant_id)
    with pytest.raises(ClaimedElsewhere) as lost:
        await ledger.claim([_claim(first_invoice, Level.R2), _claim(second_invoice, Level.R2)])
    assert lost.value.invoice_ids == {first_invoice}
    assert await _rows(database, tenant_id, second_invoice) == []
    assert await _rows(database, tenant_id, first_invoice) == [(Level.R1, "sending")]


async def test_a_lower_level_claimed_while_a_higher_one_is_taken_on_postgres_is_refused(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """A process catching up a day late claims R2 while another has claimed R3 today and not
    yet committed: it waits for that claim, then reads it. Both read before either committed
    and both were taken, R2 after R3, when nothing kept two claims of one invoice apart."""
    tenant_id, invoice_id = await tenant_with_invoice(postgres)
    late: list[asyncio.Task[SentMessage | LevelAlreadyClaimed]] = []
    try:
        async with postgres.unit_of_work() as uow:
            await uow.tenant(tenant_id).messages.claim(_claim(invoice_id, Level.R3))
            catching_up = _take(postgres, tenant_id, _claim(invoice_id, Level.R2, YESTERDAY))
            late.append(asyncio.create_task(catching_up, context=contextvars.Context()))
            await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
    finally:  # the late claim ends whatever happened: the pool closes only then
        [outcome] = await asyncio.gather(*late, return_exceptions=True)
    assert isinstance(outcome, LevelAlreadyClaimed), outcome
    assert await _rows(postgres, tenant_id, invoice_id) == [(Level.R3, "sending")]


async def test_overlapping_claims_of_two_levels_on_postgres_one_wins(postgres: Database) -> None:
    """Both units of work are open before either claims: one claim waits for the other's."""
    for _ in range(3):
        tenant_id, invoice_id = await tenant_with_invoice(postgres)
        barrier = asyncio.Barrier(2)
        outcomes = await asyncio.gather(
            _take(postgres, tenant_id, _claim(invoice_id, Level.R1), barrier),
            _take(postgres, tenant_id, _claim(invoice_id, Level.R2), barrier),
        )
        assert sorted(type(o).__name__ for o in outcomes) == [
            "LevelAlreadyClaimed",
            "SentMessage",
        ]
        assert len(await _rows(postgres, tenant_id, invoice_id)) == 1


async def test_a_retake_overlapping_another_level_on_postgres_one_wins(
    postgres: Database,
) -> None:
    for _ in range(3):
        tenant_id, invoice_id = await tenant_with_invoice(postgres)
        failed = await _take(postgres, tenant_id, _claim(invoice_id, Level.R1, YESTERDAY))
        assert isinstance(failed, SentMessage)
        async with postgres.unit_of_work() as uow:
            messages = uow.tenant(tenant_id).messages
            await messages.mark_failed(failed.id, reason=refused("451"), at=NOW)
        barrier = asyncio.Barrier(2)
        outcomes = await asyncio.gather(
            _take(postgres, tenant_id, _claim(invoice_id, Level.R1), barrier),
            _take(postgres, tenant_id, _claim(invoice_id, Level.R2), barrier),
        )
        assert sorted(type(o).__name__ for o in outcomes) == [
            "LevelAlreadyClaimed",
            "SentMessage",
        ]
        rows = await _rows(postgres, tenant_id, invoice_id)
        assert len([state for _, state in rows if state == MessageState.SENDING.value]) == 1


class _OpenedTogether:
    """A unit of work that waits, once open, for another to be open too: neither of the two
    sees what the other claims when it reads."""

    def __init__(self, database: Database, tenant_id: UUID, barrier: asyncio.Barrier) -> None:
        self._unit = database.unit_of_work()
        self._tenant_id = tenant_id
        self._barrier = barrier

    async def __aenter__(self) -> Any:
        uow = await self._unit.__aenter__()
        await uow.tenant(self._tenant_id).account.get()
        await self._barrier.wait()
        return uow

    async def __aexit__(self, *exc: object) -> Any:
        return await self._unit.__aexit__(*exc)  # type: ignore[arg-type]


def _together(database: Database, tenant_id: UUID, barrier: asyncio.Barrier) -> Any:
    return lambda: _OpenedTogether(database, tenant_id, barrier)


async def _bundle(ledger: StoredLedger, claims: list[Claim]) -> str:
    try:
        await ledger.claim(claims)
    except ClaimedElsewhere:
        return "claimed elsewhere"
    return "taken"


async def test_a_bundle_whose_retake_loses_its_day_on_postgres_is_claimed_elsewhere(
    postgres: Database,
) -> None:
    """The bundle's first claim retakes a failed level on a day another process takes at the
    same moment for another level: the bundle is refused whole, or taken whole, and it never
    fails otherwise (its transaction goes on after the refused retake)."""
    outcomes: list[str] = []
    for _ in range(6):
        tenant_id, first = await tenant_with_invoice(postgres)
        async with postgres.unit_of_work() as uow:
            await uow.tenant(tenant_id).invoices.upsert([invoice("RE-2")], NOW)
            second = (await uow.tenant(tenant_id).invoices.by_lexoffice_id("lx-RE-2")).id
        retaking, other = min(first, second), max(first, second)  # claimed in the ids' order
        failed = await _take(postgres, tenant_id, _claim(retaking, Level.R1, YESTERDAY))
        assert isinstance(failed, SentMessage)
        async with postgres.unit_of_work() as uow:
            await uow.tenant(tenant_id).messages.mark_failed(
                failed.id, reason=refused("451"), at=NOW
            )
        barrier = asyncio.Barrier(2)
        elsewhere, taken = await asyncio.gather(
            _take(postgres, tenant_id, _claim(retaking, Level.R2), barrier),
            _bundle(
                StoredLedger(_together(postgres, tenant_id, barrier), tenant_id),
                [_claim(retaking, Level.R1), _claim(other, Level.R1)],
            ),
        )
        outcomes.append(taken)
        assert isinstance(elsewhere, LevelAlreadyClaimed) == (taken == "taken")
        sending = [s for _, s in await _rows(postgres, tenant_id, retaking) if s == "sending"]
        assert len(sending) == 1
    assert set(outcomes) <= {"taken", "claimed elsewhere"}


async def test_a_bundle_whose_retake_loses_its_day_to_a_review_on_postgres_is_claimed_elsewhere(
    postgres: Database, migrated_urls: dict[str, str]
) -> None:
    """The owner resolves a held level as sent today, not committed yet, when a bundle retakes
    another level of that invoice for today: the retake waits for the review, then loses the
    day (the review takes no claim lock). The bundle goes on to be refused whole, its
    transaction intact (the retake's savepoint)."""
    tenant_id, first = await tenant_with_invoice(postgres)
    async with postgres.unit_of_work() as uow:
        await uow.tenant(tenant_id).invoices.upsert([invoice("RE-2")], NOW)
        second = (await uow.tenant(tenant_id).invoices.by_lexoffice_id("lx-RE-2")).id
    retaking, other = min(first, second), max(first, second)  # claimed in the ids' order
    failed = await _take(postgres, tenant_id, _claim(retaking, Level.R1, YESTERDAY))
    assert isinstance(failed, SentMessage)
    async with postgres.unit_of_work() as uow:
        messages = uow.tenant(tenant_id).messages
        await messages.mark_failed(failed.id, reason=refused("451"), at=NOW)
        held = await messages.hold(_claim(retaking, Level.R2), reason=refused("451"))
    ledger = StoredLedger(postgres.unit_of_work, tenant_id)
    bundle = _bundle(ledger, [_claim(retaking, Level.R1), _claim(other, Level.R1)])
    claiming: list[asyncio.Task[str]] = []
    try:
        async with postgres.unit_of_work() as uow:
            messages = uow.tenant(tenant_id).messages
            assert await messages.settle(held.id, expected=MessageState.HELD, sent=True, at=NOW)
            claiming.append(asyncio.create_task(bundle, context=contextvars.Context()))
            await until_a_session_waits_for_a_lock(migrated_urls["postgres"])
    finally:  # the bundle ends whatever happened: the pool closes only then
        [outcome] = await asyncio.gather(*claiming, return_exceptions=True)
    assert outcome == "claimed elsewhere"
    assert sorted(await _rows(postgres, tenant_id, retaking)) == [
        (Level.R1, "failed"),
        (Level.R2, "sent"),
    ]
    assert await _rows(postgres, tenant_id, other) == []


async def test_a_held_message_is_not_resolved_as_sent_on_a_day_another_counts_for(
    database: Database,
) -> None:
    """A held message does not count, so another level went out that day; the owner saying
    the held one went out too is refused as a conflict (409), not a failure, and it stays
    held for the owner to resolve otherwise."""
    tenant_id, invoice_id = await tenant_with_invoice(database)
    async with database.unit_of_work() as uow:
        held = await uow.tenant(tenant_id).messages.hold(
            _claim(invoice_id, Level.R1), reason=Reason.of(ReasonCode.INVOICE_PDF_MISSING)
        )
    assert isinstance(await _take(database, tenant_id, _claim(invoice_id, Level.R2)), SentMessage)
    with pytest.raises(AlreadyExists):
        await resolve(database.unit_of_work, tenant_id, held.id, Outcome.SENT, NOW, "test")
    assert await _rows(database, tenant_id, invoice_id) == [
        (Level.R1, "held"),
        (Level.R2, "sending"),
    ]
