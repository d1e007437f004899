"""What the monthly letter invoice counts (domain rules 7: 3.85 / 6.20 per letter by post), on
both engines: the letters the provider posted, not those it refused or that were cancelled."""

from __future__ import annotations

from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.bootstrap.database import Database
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind
from tests.integration.helpers import NOW, TODAY, invoice, new_tenant

STANDARD, REGISTERED = LetterKind.STANDARD, LetterKind.REGISTERED


async def test_the_letter_bill_counts_letters_posted_not_those_refused_or_cancelled(
    database: Database,
) -> None:
    """The provider prints no letter it found invalid or that was cancelled, and charges none:
    neither do we. An undeliverable letter was printed and posted: it counts."""
    letters = [
        (STANDARD, LetterState.SENT),
        (STANDARD, LetterState.FAILED),
        (STANDARD, LetterState.UNDELIVERABLE),
        (REGISTERED, LetterState.DELIVERED),
        (REGISTERED, LetterState.CANCELLED),
        (REGISTERED, LetterState.SUBMITTED),
    ]
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        numbers = [f"RE-{n}" for n in range(len(letters))]
        await store.invoices.upsert([invoice(number) for number in numbers], NOW)
        for number, (kind, state) in zip(numbers, letters, strict=True):
            stored = await store.invoices.by_lexoffice_id(f"lx-{number}")
            record = LetterRecord(stored.id, Level.M1, kind, f"letter-{number}", state, TODAY)
            await store.letters.add(record)
        counts = await store.letters.count_by_kind(TODAY.replace(day=1), TODAY)
    assert counts == {STANDARD: 2, REGISTERED: 2}
