"""Mahnstopp: pausing a tenant, a contact or a single invoice (rule 3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from automahntion.domain.errors import FieldProblem, RuleViolated, ValidationFailed


@dataclass(frozen=True, slots=True)
class Pause:
    """Immediate from the moment it is set; over once the day after `until` has begun."""

    reason: str
    until: date | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValidationFailed([FieldProblem("reason", "a pause needs a reason")])

    def is_active(self, today: date) -> bool:
        return self.until is None or today <= self.until


def active_pause(pauses: Iterable[Pause | None], today: date) -> Pause | None:
    """The first pause among tenant, contact and invoice pauses that holds on `today`."""
    for pause in pauses:
        if pause is not None and pause.is_active(today):
            return pause
    return None


def check_pause_end(pause: Pause | None, today: date) -> None:
    """A new pause cannot end before today: it would never hold. Refused as a rule of the day
    (409, as the tenant-wide pause), not of the schema: the same date was fine yesterday."""
    if pause is not None and pause.until is not None and pause.until < today:
        raise RuleViolated([FieldProblem("until", f"must be today ({today.isoformat()}) or later")])


def replaced_pause(previous: Pause | None, new: Pause | None, today: date) -> Pause | None:
    """The pause that held until `new` took its place (None when none held, or nothing
    changed)."""
    if new is None or previous is None or previous == new or not previous.is_active(today):
        return None
    return previous
