"""A letter by post resolved in the review, on both engines: one handed to the provider and
resolved as sent is the invoice's letter (shown, counted for the letter bill) with its provider
id and status unknown; one held before the hand-over and sent another way is no letter of the
provider's."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID

from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.app.review.decide import GRACE, resolve
from automahntion.app.review.items import Outcome
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level, default_levels
from automahntion.domain.prices import LetterKind
from tests.integration.helpers import NOW, TODAY, tenant_with_invoice

LATER = NOW + GRACE + timedelta(seconds=1)
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def _claim(invoice: UUID, level: Level) -> Claim:
    return Claim(invoice, level, Channel.LETTER, f"<{level.value}@test>", TODAY, NOW)


async def _letters(database: Database, tenant: UUID, invoice: UUID) -> list[LetterRecord]:
    async with database.unit_of_work() as uow:
        return (await uow.tenant(tenant).letters.for_invoices([invoice])).get(invoice, [])


async def test_a_letter_resolved_sent_is_recorded_with_its_provider_id_unknown(
    database: Database,
) -> None:
    tenant, invoice = await tenant_with_invoice(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant)
        await store.levels.replace_settings(
            [
                replace(s, by_post=True, registered=True) if s.level is Level.M2 else s
                for s in default_levels()
            ]
        )
        message = await store.messages.claim(_claim(invoice, Level.M2))
    await resolve(database.unit_of_work, tenant, message.id, Outcome.SENT, LATER, "test")

    assert await _letters(database, tenant, invoice) == [
        LetterRecord(invoice, Level.M2, LetterKind.REGISTERED, None, LetterState.UNKNOWN, TODAY)
    ]
    async with database.unit_of_work() as uow:
        billed = await uow.tenant(tenant).letters.count_by_kind(*NOVEMBER)
    assert billed == {LetterKind.STANDARD: 0, LetterKind.REGISTERED: 1}


async def test_a_letter_resolved_not_sent_or_held_and_sent_another_way_is_no_letter(
    database: Database,
) -> None:
    tenant, invoice = await tenant_with_invoice(database)
    async with database.unit_of_work() as uow:
        messages = uow.tenant(tenant).messages
        sending = await messages.claim(_claim(invoice, Level.M1))
        held = await messages.hold(
            _claim(invoice, Level.M2), reason=Reason(ReasonCode.DOCUMENT_FAILED)
        )
    units = database.unit_of_work
    await resolve(units, tenant, sending.id, Outcome.NOT_SENT, LATER, "test")
    await resolve(units, tenant, held.id, Outcome.SENT, LATER, "test")
    assert await _letters(database, tenant, invoice) == []
