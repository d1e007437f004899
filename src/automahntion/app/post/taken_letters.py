"""Letters the postal provider took without its answer reaching us: a hand-over whose answer was
lost and that the owner resolved as sent in the review, or a hand-over that found the provider
already holding a letter under its key (an earlier one it took, whose answer was lost). Each is
recorded as a letter like one whose answer came — on the invoice, in the month's letter bill —
as far as it is known: its provider id and status are unknown (`LetterState.UNKNOWN`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol
from uuid import UUID

from automahntion.app.post.letters import letter_kind
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.domain.levels import Level, LevelSetting, default_levels
from automahntion.domain.prices import LetterKind


class TakenLetters(Protocol):
    async def add(self, letter: LetterRecord) -> None: ...


def level_letter_kind(settings: Sequence[LevelSetting], level: Level) -> LetterKind:
    """The kind of letter `level` goes as with the tenant's stored levels (the defaults when
    none are stored)."""
    setting = next(s for s in settings or default_levels() if s.level is level)
    return letter_kind(setting)


async def record_taken(
    letters: TakenLetters, invoice_id: UUID, level: Level, kind: LetterKind, day: date
) -> None:
    """Records the letter of (invoice, level), sent on `day`, in the transaction that marks its
    message sent (a letter is recorded only so: none is recorded for it yet)."""
    await letters.add(LetterRecord(invoice_id, level, kind, None, LetterState.UNKNOWN, day))
