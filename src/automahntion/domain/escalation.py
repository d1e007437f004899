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


@dataclass(frozen=True, slots=True)
class SentLevel:
    """A level claimed or sent for an invoice. A claim left in `sending` counts as sent."""

    level: Level
    sent_on: date
    carried_flat_fee: bool | None = None
    """Whether the message claimed the 40 EUR flat fee of § 288 (5) BGB for this invoice (rule
    7); None when that is not known (recorded before it was, or without the message's facts):
    then it counts as claimed if the message went once default had begun, never risking the
    fee twice (`day_plan.flat_fee_claimed`)."""


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
    invoice = state.invoice
    return decide_known(
        invoice,
        state.history,
        state.pauses,
        policy,
        today,
        sending_day=calendar.is_sending_day(today),
        overdue=invoice.is_overdue(today),
        blocked=state.blocked,
        handed_over=state.handed_over,
        admitted=state.admitted,
    )


def decide_known(
    invoice: Invoice,
    history: Sequence[SentLevel],
    pauses: Sequence[Pause | None],
    policy: DunningPolicy,
    today: date,
    *,
    sending_day: bool,
    overdue: bool,
    blocked: BlockReason | None,
    handed_over: bool,
    admitted: bool,
) -> Decision:
    """`decide`, given what the caller knows already: whether `today` is a sending day (the
    same for all of a tenant's invoices) and whether the invoice is overdue on it."""
    if not policy.active:
        return wait(Hold.DUNNING_OFF)
    hold = held(
        invoice,
        sending_day=sending_day,
        overdue=overdue,
        blocked=blocked,
        handed_over=handed_over,
        admitted=admitted,
    )
    if hold is None and active_pause(pauses, today) is not None:
        hold = Hold.PAUSED
    if hold is not None:
        return wait(hold)
    return next_step(invoice, history, policy, today)


def next_step(
    invoice: Invoice, history: Sequence[SentLevel], policy: DunningPolicy, today: date
) -> Decision:
    """The decision for an invoice that nothing holds today: the next level, once it is due."""
    if history:
        last: Level | None = max(history, key=_rank_of_sent).level
        last_sent_on: date | None = max(s.sent_on for s in history)
    else:
        last = last_sent_on = None
    candidates = policy.enabled_above(last)
    if not candidates:
        return wait(Hold.FINISHED)
    first = candidates[0]
    if last_sent_on is not None and last_sent_on >= today:
        return wait(Hold.ALREADY_SENT_TODAY, first.level)
    days = invoice.days_overdue(today)
    if days < first.days_after_due:
        return wait(Hold.NOT_YET_DUE, first.level)
    if last_sent_on is not None and (today - last_sent_on).days < policy.min_gap_days:
        return wait(Hold.GAP, first.level)
    return _SENDS[_pick(candidates, policy.catch_up, days).level]


def _rank_of_sent(sent: SentLevel) -> int:
    return sent.level.rank


def _pick(candidates: Sequence[LevelSetting], catch_up: CatchUp, days: int) -> LevelSetting:
    if catch_up is CatchUp.NEXT:
        return candidates[0]
    return [s for s in candidates if s.days_after_due <= days][-1]


_SENDS = {level: Send(level) for level in Level}
_WAITS = {(hold, level): Wait(hold, level) for hold in Hold for level in (None, *Level)}


def wait(hold: Hold, next_level: Level | None = None) -> Wait:
    """Decisions are values: one shared instance each instead of one per invoice and day."""
    return _WAITS[hold, next_level]


def held(
    invoice: Invoice,
    *,
    sending_day: bool,
    overdue: bool,
    blocked: BlockReason | None,
    handed_over: bool,
    admitted: bool,
) -> Hold | None:
    """Why nothing goes out for the invoice today, pauses aside (the caller checks those)."""
    if not sending_day:
        return Hold.NOT_A_SENDING_DAY
    if invoice.is_closed:
        return Hold.CLOSED
    if invoice.payment_in_progress:
        return Hold.PAYMENT_IN_PROGRESS
    if invoice.open_cents <= 0:
        return Hold.NOTHING_OPEN
    if not overdue:
        return Hold.NOT_OVERDUE
    if blocked is not None:
        return Hold.BLOCKED
    if handed_over:
        return Hold.HANDED_OVER
    if not admitted:
        return Hold.NOT_ADMITTED
    return None
