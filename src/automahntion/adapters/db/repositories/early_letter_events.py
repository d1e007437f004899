"""Postal status reports for letters not recorded yet, kept until the letter is.

The report and the recording of its letter take turns under a transaction-scoped advisory lock
on the provider's letter id (PostgreSQL; SQLite runs one writer at a time): without it, a report
could find no letter while the letter's recording finds no report, and both commit. Each takes
the lock first, before any row of its own, so it orders nothing else. Forgetting old reports
takes no such lock: a letter still unrecorded that long after its report is never recorded."""

from __future__ import annotations

from datetime import datetime

from automahntion.adapters.db.repositories.reads import transaction_connection
from automahntion.adapters.db.tables import EarlyLetterEvent as EarlyRow
from automahntion.app.post.provider import LetterEvent, LetterState

_NAMESPACE = 0x706F7374
"""The first key of these advisory locks ("post"); the second is the letter id hashed."""
_LOCK = f"SELECT pg_advisory_xact_lock({_NAMESPACE}, hashtext($1::text))"


class PiccoloEarlyLetterEvents:
    def __init__(self, *, postgres: bool) -> None:
        self._postgres = postgres

    async def lock(self, provider_letter_id: str) -> None:
        if self._postgres:
            await transaction_connection(EarlyRow).execute(_LOCK, provider_letter_id)

    async def keep(self, event: LetterEvent, now: datetime) -> None:
        await EarlyRow.insert(
            EarlyRow(
                provider_letter_id=event.letter_id,
                event_id=event.event_id,
                status=event.state.value,
                provider_status=event.provider_status,
                tracking_code=event.tracking_code,
                reason=event.reason,
                occurred_at=event.occurred_at,
                received_at=now,
            )
        )

    async def take(self, provider_letter_id: str) -> list[LetterEvent]:
        mine = EarlyRow.provider_letter_id == provider_letter_id
        rows = await EarlyRow.select().where(mine).order_by(EarlyRow.received_at, EarlyRow.id)
        if rows:
            await EarlyRow.delete().where(mine)
        return [
            LetterEvent(
                event_id=row["event_id"],
                letter_id=row["provider_letter_id"],
                state=LetterState(row["status"]),
                provider_status=row["provider_status"],
                tracking_code=row["tracking_code"],
                reason=row["reason"],
                occurred_at=row["occurred_at"],
            )
            for row in rows
        ]

    async def forget_older_than(self, moment: datetime) -> int:
        forgotten = (
            await EarlyRow.delete().where(EarlyRow.received_at < moment).returning(EarlyRow.id)
        )
        return len(forgotten)
