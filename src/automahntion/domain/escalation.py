"""The escalation decision for one invoice on one day (rule 3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import CatchUp, DunningPolicy, Level, LevelSetting
from automahntion.domain.pauses import Pause, active_pause
from automahntion.domain.recipients import BlockReason


@dataclass(frozen=True)
class SentLevel:
    """A level claimed or sent for an invoice. A claim left in `sending` counts as sent."""

    level: Level
    sent_on: date


@dataclass(frozen=True)
class DunningState:
    """Everything about one invoice the decision reads, gathered by the caller."""

    invoice: Invoice
    history: Sequence[SentLevel] = ()
    admitted: bool = True
    blocked: BlockReason | None = None
    handed_over: bool = False
    pauses: Sequence[Pause | None] = field(default_factory=tuple)

    @property
    def last(self) -> SentLevel | None:
        return max(self.history, key=lambda s: s.level.rank, default=None)

    @property
    def last_sent_on(self) -> date | None:
        return max((s.sent_on for s in self.history), default=None)


class Hold(StrEnum):
    """Why nothing goes out for an invoice today."""

    DUNNING_OFF = "dunning_off"
    NOT_A_SENDING_DAY = "not_a_sending_day"
    CLOSED = "closed"
    PAYMENT_IN_PROGRESS = "payment_in_progress"
    NOTHING_OPEN = "nothing_open"
    NOT_OVERDUE = "not_overdue"
    NOT_ADMITTED = "not_admitted"
    BLOCKED = "blocked"
    HANDED_OVER = "handed_over"
    PAUSED = "paused"
    ALREADY_SENT_TODAY = "already_sent_today"
    FINISHED = "finished"
    NOT_YET_DUE = "not_yet_due"
    GAP = "min_gap"


@dataclass(frozen=True)
class Send:
    level: Level


@dataclass(frozen=True)
class Wait:
    hold: Hold
    next_level: Level | None = None


Decision = Send | Wait


def decide(
    state: DunningState, policy: DunningPolicy, calendar: SendingCalendar, today: date
) -> Decision:
    """What to send for one invoice today, if anything."""
    hold = Hold.DUNNING_OFF if not policy.active else _hold(state, calendar, today)
    if hold is not None:
        return Wait(hold)
    last = state.last
    candidates = policy.enabled_above(last.level if last else None)
    if not candidates:
        return Wait(Hold.FINISHED)
    first = candidates[0]
    last_sent_on = state.last_sent_on
    if last_sent_on is not None and last_sent_on >= today:
        return Wait(Hold.ALREADY_SENT_TODAY, first.level)
    days = state.invoice.days_overdue(today)
    if days < first.days_after_due:
        return Wait(Hold.NOT_YET_DUE, first.level)
    if last_sent_on is not None and (today - last_sent_on).days < policy.min_gap_days:
        return Wait(Hold.GAP, first.level)
    return Send(_pick(candidates, policy.catch_up, days).level)


def _pick(candidates: list[LevelSetting], catch_up: CatchUp, days: int) -> LevelSetting:
    if catch_up is CatchUp.NEXT:
        return candidates[0]
    return [s for s in candidates if s.days_after_due <= days][-1]


def _hold(state: DunningState, calendar: SendingCalendar, today: date) -> Hold | None:
    invoice = state.invoice
    if not calendar.is_sending_day(today):
        return Hold.NOT_A_SENDING_DAY
    if invoice.is_closed:
        return Hold.CLOSED
    if invoice.payment_in_progress:
        return Hold.PAYMENT_IN_PROGRESS
    if invoice.open_cents <= 0:
        return Hold.NOTHING_OPEN
    if not invoice.is_overdue(today):
        return Hold.NOT_OVERDUE
    if state.blocked is not None:
        return Hold.BLOCKED
    if state.handed_over:
        return Hold.HANDED_OVER
    if not state.admitted:
        return Hold.NOT_ADMITTED
    if active_pause(state.pauses, today) is not None:
        return Hold.PAUSED
    return None
