"""Rule 3 (property): simulate invoices day by day and check the escalation invariants.

The checkers are plain functions that take the decide function, so the same checks run
against deliberately broken variants of `decide` to show that they can fail.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

import pytest
from holidays.countries.germany import Germany
from hypothesis import Phase, assume, find, given, settings
from hypothesis import strategies as st

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, TenantRules, plan_day
from automahntion.domain.escalation import (
    Decision,
    DunningState,
    Hold,
    Send,
    SentLevel,
    Wait,
    decide,
)
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import CatchUp, DunningPolicy, Level, LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason, Contact, EmailAddresses

Decide = Callable[[DunningState, DunningPolicy, SendingCalendar, date], Decision]

ORDER: tuple[Level, ...] = (
    Level.R1,
    Level.R2,
    Level.R3,
    Level.R4,
    Level.R5,
    Level.R6,
    Level.M1,
    Level.M2,
    Level.M3,
)
BUNDESLAENDER = (
    "BB",
    "BE",
    "BW",
    "BY",
    "HB",
    "HE",
    "HH",
    "MV",
    "NI",
    "NW",
    "RP",
    "SH",
    "SL",
    "SN",
    "ST",
    "TH",
)
DUE = date(2026, 11, 2)  # a Monday


def rank(level: Level) -> int:
    return ORDER.index(level)


# --- an independent model of the rules ------------------------------------------------------


@functools.cache
def calendar_for(bundesland: str | None, weekends: bool) -> SendingCalendar:
    return SendingCalendar(bundesland=bundesland, send_on_weekends=weekends)


@functools.cache
def _german_holidays(bundesland: str | None) -> Germany:
    return Germany(subdiv=bundesland)


def reference_sending_day(calendar: SendingCalendar, day: date) -> bool:
    """Rule 1, written independently of `SendingCalendar.is_sending_day`."""
    if day in _german_holidays(calendar.bundesland):
        return False
    if calendar.send_on_weekends:
        return True
    return day.weekday() < 5 and (day.month, day.day) not in {(12, 24), (12, 31)}


class Disruption(StrEnum):
    """Conditions under which nothing may be sent for the invoice."""

    PAID = "paid"
    PAIDOFF = "paidoff"
    VOIDED = "voided"
    TRANSFERRED = "transferred"
    SEPADEBIT = "sepadebit"
    NOTHING_OPEN = "nothing_open"
    TENANT_PAUSE = "tenant_pause"
    CONTACT_PAUSE = "contact_pause"
    INVOICE_PAUSE = "invoice_pause"
    NOT_ADMITTED = "not_admitted"
    MISSING_EMAIL = "missing_email"
    NO_CONTACT = "no_contact"
    HANDED_OVER = "handed_over"


STATUS_OF = {
    Disruption.PAID: InvoiceStatus.PAID,
    Disruption.PAIDOFF: InvoiceStatus.PAIDOFF,
    Disruption.VOIDED: InvoiceStatus.VOIDED,
    Disruption.TRANSFERRED: InvoiceStatus.TRANSFERRED,
    Disruption.SEPADEBIT: InvoiceStatus.SEPADEBIT,
}
PAUSE_SLOT = {Disruption.TENANT_PAUSE: 0, Disruption.CONTACT_PAUSE: 1, Disruption.INVOICE_PAUSE: 2}
BLOCK_OF = {
    Disruption.MISSING_EMAIL: BlockReason.MISSING_EMAIL,
    Disruption.NO_CONTACT: BlockReason.NO_CONTACT,
}


@dataclass(frozen=True)
class Window:
    """A disruption from day offset `start` through `end` (inclusive; None: to the end)."""

    kind: Disruption
    start: int
    end: int | None

    def active(self, offset: int) -> bool:
        return self.start <= offset and (self.end is None or offset <= self.end)


@dataclass(frozen=True)
class Scenario:
    invoice: Invoice
    calendar: SendingCalendar
    policy: DunningPolicy
    start: date
    days: int
    runs: tuple[int, ...] = (1,)
    """Cycle runs per day, repeated as a pattern; 0 means the cycle did not run that day."""
    windows: tuple[Window, ...] = ()
    change: tuple[int, DunningPolicy] | None = None
    """From this day offset on, the tenant's settings are the given policy."""

    def day(self, offset: int) -> date:
        return self.start + timedelta(days=offset)

    def policy_on(self, offset: int) -> DunningPolicy:
        if self.change is not None and offset >= self.change[0]:
            return self.change[1]
        return self.policy

    def runs_on(self, offset: int) -> int:
        return self.runs[offset % len(self.runs)]

    def held(self, offset: int) -> bool:
        return any(w.active(offset) for w in self.windows)


def state_on(sc: Scenario, offset: int, history: tuple[SentLevel, ...]) -> DunningState:
    """What the caller gathers for the invoice on day `offset`."""
    inv = sc.invoice
    admitted, blocked, handed_over = True, None, False
    pauses: list[Pause | None] = [None, None, None]
    for window in sc.windows:
        if offset < window.start:
            continue
        if window.kind in PAUSE_SLOT:
            # Set on its start day, it stays recorded and ends by itself after its end date.
            until = None if window.end is None else sc.day(window.end)
            pause = Pause(f"{window.kind} from day {window.start}", until=until)
            slot = PAUSE_SLOT[window.kind]
            if pauses[slot] is None:
                pauses[slot] = pause
            else:
                pauses.append(pause)
            continue
        if not window.active(offset):
            continue
        if window.kind in STATUS_OF:
            inv = replace(inv, status=STATUS_OF[window.kind])
        elif window.kind is Disruption.NOTHING_OPEN:
            inv = replace(inv, open_cents=0)
        elif window.kind is Disruption.NOT_ADMITTED:
            admitted = False
        elif window.kind in BLOCK_OF:
            blocked = BLOCK_OF[window.kind]
        elif window.kind is Disruption.HANDED_OVER:
            handed_over = True
    return DunningState(inv, history, admitted, blocked, handed_over, tuple(pauses))


def reference_level(
    sc: Scenario, offset: int, history: tuple[SentLevel, ...], policy: DunningPolicy
) -> Level | None:
    """What rule 3 says goes out on day `offset`, written from the spec."""
    today = sc.day(offset)
    if not reference_sending_day(sc.calendar, today) or sc.held(offset):
        return None
    overdue = (today - sc.invoice.due_date).days
    if overdue < 1:
        return None
    last = max((rank(s.level) for s in history), default=-1)
    above = [s for s in policy.levels if s.enabled and rank(s.level) > last]
    if not above:
        return None
    if history:
        last_on = max(s.sent_on for s in history)
        if last_on == today or (today - last_on).days < policy.min_gap_days:
            return None
    reached = [s for s in above if overdue >= s.days_after_due]
    if not reached:
        return None
    if policy.catch_up is CatchUp.NEXT:
        return above[0].level if reached[0] is above[0] else None
    return reached[-1].level


# --- the checkers -----------------------------------------------------------------------------


def check_send(
    sc: Scenario, offset: int, before: tuple[SentLevel, ...], policy: DunningPolicy, level: Level
) -> None:
    """Invariants of one Send, given the history as it was before it."""
    today = sc.day(offset)
    where = f"day {offset} ({today:%a %Y-%m-%d}), {level} after {before}"
    assert all(s.sent_on != today for s in before), f"second message on one day: {where}"
    assert reference_sending_day(sc.calendar, today), f"sent on a non-sending day: {where}"
    assert not sc.held(offset), f"sent while held ({sc.windows}): {where}"
    assert (today - sc.invoice.due_date).days >= 1, f"sent before overdue: {where}"
    setting = policy.setting(level)
    assert setting.enabled, f"disabled level sent: {where}"
    assert (today - sc.invoice.due_date).days >= setting.days_after_due, f"too early: {where}"
    assert all(s.level != level for s in before), f"level sent twice: {where}"
    assert all(rank(s.level) < rank(level) for s in before), f"level not increasing: {where}"
    if before:
        gap = (today - max(s.sent_on for s in before)).days
        assert gap >= policy.min_gap_days, f"gap {gap} < {policy.min_gap_days}: {where}"
    if policy.catch_up is CatchUp.NEXT:
        last = max((rank(s.level) for s in before), default=-1)
        first = next(s.level for s in policy.levels if s.enabled and rank(s.level) > last)
        assert level == first, f"skipped {first} in next mode: {where}"


def check_history(sc: Scenario, history: list[SentLevel]) -> None:
    """Invariants of everything sent to the invoice over the whole simulation."""
    days = [s.sent_on for s in history]
    assert len(set(days)) == len(days), f"two messages on one day: {history}"
    levels = [s.level for s in history]
    assert len(set(levels)) == len(levels), f"a level sent twice: {history}"
    assert all(rank(a) < rank(b) for a, b in itertools.pairwise(levels)), history
    for earlier, later in itertools.pairwise(history):
        gap = (later.sent_on - earlier.sent_on).days
        policy = sc.policy_on((later.sent_on - sc.start).days)
        assert gap >= max(1, policy.min_gap_days), f"gap {gap} too small: {history}"
    for sent in history:
        assert reference_sending_day(sc.calendar, sent.sent_on), f"non-sending day: {sent}"
        assert not sc.held((sent.sent_on - sc.start).days), f"sent while held: {sent}"
    if sc.policy.catch_up is CatchUp.NEXT and sc.change is None:
        enabled = [s.level for s in sc.policy.levels if s.enabled]
        assert levels == enabled[: len(levels)], f"not a prefix of {enabled}: {levels}"


def check_scenario(decide_fn: Decide, sc: Scenario, *, oracle: bool = True) -> list[SentLevel]:
    """Run the cycle every day of the scenario, recording each Send; check every invariant.

    With `oracle`, also check each decision against `reference_level`, which catches a
    message that should have gone out but did not (nothing due is lost).
    """
    history: list[SentLevel] = []
    for offset in range(sc.days + 1):
        today = sc.day(offset)
        policy = sc.policy_on(offset)
        for _ in range(sc.runs_on(offset)):
            before = tuple(history)
            decision = decide_fn(state_on(sc, offset, before), policy, sc.calendar, today)
            assert isinstance(decision, Send | Wait), decision
            if oracle:
                expected = reference_level(sc, offset, before, policy)
                got = decision.level if isinstance(decision, Send) else None
                assert got == expected, f"day {offset} ({today}): {decision}, expected {expected}"
            if isinstance(decision, Send):
                check_send(sc, offset, before, policy, decision.level)
                history.append(SentLevel(decision.level, today))
    check_history(sc, history)
    return history


@dataclass(frozen=True)
class HeldCase:
    state: DunningState
    policy: DunningPolicy
    calendar: SendingCalendar
    today: date
    why: str


def check_held(decide_fn: Decide, case: HeldCase) -> None:
    """An invoice that must not be dunned today gets a Wait, whatever its history."""
    decision = decide_fn(case.state, case.policy, case.calendar, case.today)
    assert isinstance(decision, Wait), f"{case.why}: {decision} on {case.today}"


# --- strategies -------------------------------------------------------------------------------


_ENABLED_MASKS = st.integers(1, 2 ** len(ORDER) - 1)
_FIRST_DAYS = st.integers(0, 10)
_SEEDS = st.integers(0, 2**32 - 1)
_GAPS = st.integers(0, 14)
_CATCH_UPS = st.sampled_from(CatchUp)


@st.composite
def policies(draw: st.DrawFn, catch_up: CatchUp | None = None) -> DunningPolicy:
    """A valid policy: a random non-empty set of enabled levels with strictly increasing days.

    The details that matter less (steps between days, disabled levels' days, post and fees)
    come from one drawn seed, which keeps generation fast.
    """
    mask = draw(_ENABLED_MASKS)
    next_day = draw(_FIRST_DAYS)
    rnd = random.Random(draw(_SEEDS))
    levels = []
    for i, level in enumerate(ORDER):
        enabled = bool(mask & (1 << i))
        if enabled:
            days = next_day
            next_day += rnd.randint(1, 15)
        else:
            days = rnd.randint(0, 60)
        by_post = level.is_dunning_notice and rnd.random() < 0.5
        registered = by_post and rnd.random() < 0.5
        fee = rnd.randint(0, 2500) if level.is_dunning_notice else 0
        levels.append(LevelSetting(level, enabled, days, by_post, registered, fee))
    return DunningPolicy.create(
        levels,
        min_gap_days=draw(_GAPS),
        catch_up=catch_up if catch_up is not None else draw(_CATCH_UPS),
    )


calendars = st.builds(
    calendar_for, st.one_of(st.none(), st.sampled_from(BUNDESLAENDER)), st.booleans()
)


@st.composite
def windows(draw: st.DrawFn, days: int) -> Window:
    start = draw(st.integers(0, days))
    end = draw(st.one_of(st.none(), st.integers(start, days + 5)))
    return Window(draw(st.sampled_from(Disruption)), start, end)


_DUE_DATES = st.dates(date(2026, 1, 1), date(2027, 12, 31))
_TOTALS = st.integers(1, 10_000_000)
_OPEN_STATUSES = st.sampled_from([InvoiceStatus.OPEN, InvoiceStatus.OVERDUE])
_SPANS = st.integers(0, 120)
_LEADS = st.integers(0, 5)
_RUN_PATTERNS = st.lists(st.integers(0, 3), min_size=1, max_size=4)
_RERUN_PATTERNS = st.lists(st.integers(2, 3), min_size=1, max_size=4)


@st.composite
def scenarios(
    draw: st.DrawFn,
    *,
    catch_up: CatchUp | None = None,
    disrupted: bool = True,
    changed: bool | None = None,
    reruns: bool = False,
) -> Scenario:
    """An overdue invoice simulated for 0-120 days from (up to 5 days before) its due date."""
    due = draw(_DUE_DATES)
    total = draw(_TOTALS)
    inv = Invoice(
        lexoffice_id="inv-1",
        voucher_number="RE-1",
        voucher_date=due - timedelta(days=14),
        due_date=due,
        total_cents=total,
        open_cents=1 + draw(_SEEDS) % total,
        contact_id="c-1",
        status=draw(_OPEN_STATUSES),
    )
    days = draw(_SPANS)
    runs = tuple(draw(_RERUN_PATTERNS if reruns else _RUN_PATTERNS))
    found = tuple(draw(st.lists(windows(days), max_size=2))) if disrupted else ()
    change = None
    if changed or (changed is None and draw(st.booleans())):
        change = (draw(st.integers(0, days)), draw(policies(catch_up)))
    return Scenario(
        invoice=inv,
        calendar=draw(calendars),
        policy=draw(policies(catch_up)),
        start=due - timedelta(days=draw(_LEADS)),
        days=days,
        runs=runs,
        windows=found,
        change=change,
    )


HELD_REASONS: tuple[str, ...] = (*Disruption, "not_a_sending_day", "not_overdue")


@st.composite
def held_cases(draw: st.DrawFn, why: str | None = None) -> HeldCase:
    """An invoice on a day it must not be dunned, for one reason (random unless given)."""
    policy = draw(policies())
    calendar = draw(calendars)
    due = draw(_DUE_DATES)
    today = due + timedelta(days=draw(_SPANS) + 1)
    history_levels = sorted(draw(st.sets(st.sampled_from(ORDER))), key=rank)
    history = tuple(
        SentLevel(level, today - timedelta(days=200 - 10 * i))
        for i, level in enumerate(history_levels)
    )
    inv = Invoice(
        "inv-1", "RE-1", due - timedelta(days=14), due, 100_00, 100_00, "c-1", InvoiceStatus.OVERDUE
    )
    if why is None:
        why = draw(st.sampled_from(HELD_REASONS))
    admitted, blocked, handed_over = True, None, False
    pauses: list[Pause | None] = [None, None, None]
    if why in STATUS_OF:
        inv = replace(inv, status=STATUS_OF[Disruption(why)])
    elif why == Disruption.NOTHING_OPEN:
        inv = replace(inv, open_cents=draw(st.integers(-10_000, 0)))
    elif why in PAUSE_SLOT:
        until = draw(st.one_of(st.none(), st.dates(today, today + timedelta(days=90))))
        pauses[PAUSE_SLOT[Disruption(why)]] = Pause("Mahnstopp", until=until)
    elif why == Disruption.NOT_ADMITTED:
        admitted = False
    elif why in BLOCK_OF:
        blocked = BLOCK_OF[Disruption(why)]
    elif why == Disruption.HANDED_OVER:
        handed_over = True
    elif why == "not_a_sending_day":
        if calendar.send_on_weekends:
            today = date(today.year, 12, 25)
        else:
            today += timedelta(days=(5 - today.weekday()) % 7 + draw(st.integers(0, 1)))
        assert not reference_sending_day(calendar, today)
    elif why == "not_overdue":
        today = due - timedelta(days=draw(st.integers(0, 30)))
        history = ()
    state = DunningState(inv, history, admitted, blocked, handed_over, tuple(pauses))
    return HeldCase(state, policy, calendar, today, str(why))


# --- the properties ---------------------------------------------------------------------------


@given(scenarios())
def test_simulated_cycles_keep_every_invariant(sc: Scenario) -> None:
    check_scenario(decide, sc)


@given(scenarios(catch_up=CatchUp.NEXT, disrupted=False, changed=False))
def test_next_mode_sends_a_prefix_of_the_enabled_levels(sc: Scenario) -> None:
    history = check_scenario(decide, sc)
    enabled = [s.level for s in sc.policy.levels if s.enabled]
    assert [s.level for s in history] == enabled[: len(history)]


@given(scenarios(catch_up=CatchUp.HIGHEST, disrupted=False, changed=False))
def test_highest_mode_keeps_every_invariant(sc: Scenario) -> None:
    check_scenario(decide, sc)


@given(held_cases())
def test_held_invoices_are_never_sent(case: HeldCase) -> None:
    check_held(decide, case)


def test_a_far_overdue_invoice_walks_all_enabled_levels_in_next_mode() -> None:
    sc = Scenario(
        invoice=invoice_due(DUE),
        calendar=calendar_for(None, False),
        policy=DunningPolicy.default(),
        start=DUE + timedelta(days=50),
        days=40,
    )
    history = check_scenario(decide, sc)
    assert history == [
        SentLevel(Level.R1, date(2026, 12, 22)),
        SentLevel(Level.M1, date(2026, 12, 29)),
        SentLevel(Level.M2, date(2027, 1, 5)),
        SentLevel(Level.M3, date(2027, 1, 12)),
    ]


# --- the checkers can fail: broken variants of decide -----------------------------------------


def invoice_due(due: date, status: InvoiceStatus = InvoiceStatus.OVERDUE) -> Invoice:
    return Invoice("inv-1", "RE-1", due - timedelta(days=14), due, 100_00, 100_00, "c-1", status)


def ignores_history(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(replace(s, history=()), p, c, t)


def ignores_min_gap(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(s, replace(p, min_gap_days=0), c, t)


def sends_on_weekends(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(s, p, calendar_for(c.bundesland, True), t)


def skips_levels(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(s, replace(p, catch_up=CatchUp.HIGHEST), c, t)


def forgets_today(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(replace(s, history=tuple(h for h in s.history if h.sent_on != t)), p, c, t)


def sends_early(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    shifted = replace(s.invoice, due_date=s.invoice.due_date - timedelta(days=3))
    return decide(replace(s, invoice=shifted), p, c, t)


def forgets_disabled(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    kept = tuple(h for h in s.history if p.setting(h.level).enabled)
    return decide(replace(s, history=kept), p, c, t)


def ignores_pauses(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(replace(s, pauses=()), p, c, t)


def ignores_status(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(replace(s, invoice=replace(s.invoice, status=InvoiceStatus.OPEN)), p, c, t)


def ignores_open(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(replace(s, invoice=replace(s.invoice, open_cents=1)), p, c, t)


def ignores_admission(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(replace(s, admitted=True), p, c, t)


def ignores_blocks(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(replace(s, blocked=None), p, c, t)


def ignores_handover(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return decide(replace(s, handed_over=False), p, c, t)


def loses_missed(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    """Sends a level only on exactly its day: what fell on a weekend is lost."""
    decision = decide(s, p, c, t)
    exact = isinstance(decision, Send) and (
        s.invoice.days_overdue(t) == p.setting(decision.level).days_after_due
    )
    if isinstance(decision, Send) and not exact:
        return Wait(Hold.NOT_YET_DUE, decision.level)
    return decision


def never_sends(s: DunningState, p: DunningPolicy, c: SendingCalendar, t: date) -> Decision:
    return Wait(Hold.FINISHED)


def default_scenario(**changes: object) -> Scenario:
    sc = Scenario(
        invoice=invoice_due(DUE),
        calendar=calendar_for(None, False),
        policy=DunningPolicy.default(),
        start=DUE,
        days=30,
    )
    return replace(sc, **changes)  # type: ignore[arg-type]


def held_all_along(kind: Disruption) -> Scenario:
    return default_scenario(windows=(Window(kind, 0, None),))


DISABLE_M1_ENABLE_R2 = (
    DunningPolicy.default()
    .with_level(LevelSetting(Level.M1, False, 14))
    .with_level(LevelSetting(Level.R2, True, 10))
)

# (broken decide, an explicit scenario on which it breaks, caught without the oracle too)
MUTANTS: dict[str, tuple[Decide, Scenario, bool]] = {
    "ignores_history": (ignores_history, default_scenario(), True),
    "ignores_min_gap": (ignores_min_gap, default_scenario(start=DUE + timedelta(days=50)), True),
    "sends_on_weekends": (
        sends_on_weekends,
        default_scenario(start=DUE + timedelta(days=5), days=1),
        True,
    ),
    "skips_levels_in_next_mode": (
        skips_levels,
        default_scenario(start=DUE + timedelta(days=50)),
        True,
    ),
    "sends_twice_on_a_rerun": (forgets_today, default_scenario(runs=(2,)), True),
    "sends_early": (sends_early, default_scenario(days=5), True),
    "resends_after_disabling": (
        forgets_disabled,
        default_scenario(days=40, change=(20, DISABLE_M1_ENABLE_R2)),
        True,
    ),
    "ignores_pauses": (ignores_pauses, held_all_along(Disruption.CONTACT_PAUSE), True),
    "ignores_status": (ignores_status, held_all_along(Disruption.SEPADEBIT), True),
    "ignores_open_amount": (ignores_open, held_all_along(Disruption.NOTHING_OPEN), True),
    "ignores_admission": (ignores_admission, held_all_along(Disruption.NOT_ADMITTED), True),
    "ignores_blocks": (ignores_blocks, held_all_along(Disruption.NO_CONTACT), True),
    "ignores_handover": (ignores_handover, held_all_along(Disruption.HANDED_OVER), True),
    "loses_what_fell_on_a_weekend": (
        loses_missed,
        default_scenario(start=DUE + timedelta(days=5), days=3),
        False,
    ),
    "never_sends": (never_sends, default_scenario(), False),
}


def test_the_explicit_examples_pass_with_the_real_decide() -> None:
    for _, sc, _ in MUTANTS.values():
        check_scenario(decide, sc)


@pytest.mark.parametrize("name", MUTANTS)
def test_the_checker_catches_a_broken_decide(name: str) -> None:
    broken, sc, _ = MUTANTS[name]
    with pytest.raises(AssertionError):
        check_scenario(broken, sc)


@pytest.mark.parametrize("name", [n for n, (_, _, alone) in MUTANTS.items() if alone])
def test_the_invariants_alone_catch_a_broken_decide(name: str) -> None:
    broken, sc, _ = MUTANTS[name]
    with pytest.raises(AssertionError):
        check_scenario(broken, sc, oracle=False)


def fails(decide_fn: Decide, check: Callable[[Decide], object]) -> bool:
    try:
        check(decide_fn)
    except AssertionError:
        return True
    return False


SEARCH = settings(max_examples=3000, database=None, derandomize=True, phases=[Phase.generate])


@pytest.mark.parametrize(
    "name",
    [
        "ignores_history",
        "ignores_min_gap",
        "sends_on_weekends",
        "skips_levels_in_next_mode",
        "sends_twice_on_a_rerun",
        "sends_early",
        "loses_what_fell_on_a_weekend",
    ],
)
def test_generated_scenarios_find_a_broken_decide(name: str) -> None:
    broken, _, alone = MUTANTS[name]
    example = find(
        scenarios(),
        lambda sc: fails(broken, lambda d: check_scenario(d, sc, oracle=not alone)),
        settings=SEARCH,
    )
    check_scenario(decide, example)


HELD_MUTANTS: dict[str, tuple[Decide, Disruption | str]] = {
    "ignores_pauses": (ignores_pauses, Disruption.INVOICE_PAUSE),
    "ignores_status": (ignores_status, Disruption.PAID),
    "ignores_open_amount": (ignores_open, Disruption.NOTHING_OPEN),
    "ignores_admission": (ignores_admission, Disruption.NOT_ADMITTED),
    "ignores_blocks": (ignores_blocks, Disruption.MISSING_EMAIL),
    "ignores_handover": (ignores_handover, Disruption.HANDED_OVER),
    "sends_on_weekends": (sends_on_weekends, "not_a_sending_day"),
}


@pytest.mark.parametrize("name", HELD_MUTANTS)
def test_generated_held_cases_find_a_broken_decide(name: str) -> None:
    broken, why = HELD_MUTANTS[name]
    example = find(
        held_cases(why),
        lambda case: fails(broken, lambda d: check_held(d, case)),
        settings=SEARCH,
    )
    check_held(decide, example)


def test_check_held_catches_a_send_explicitly() -> None:
    case = HeldCase(
        DunningState(invoice_due(DUE), pauses=(Pause("Reklamation"),)),
        DunningPolicy.default(),
        calendar_for(None, False),
        DUE + timedelta(days=3),
        "paused",
    )
    check_held(decide, case)
    with pytest.raises(AssertionError):
        check_held(ignores_pauses, case)


def decide_through_plan_day(
    state: DunningState, policy: DunningPolicy, calendar: SendingCalendar, today: date
) -> Decision:
    """`decide` as the daily cycle reaches it: one invoice planned by `plan_day`, with the
    admission, recipient and pauses the state stands for."""
    assume(len(state.pauses) <= 3)
    emails = EmailAddresses(business=("buchhaltung@kunde.example",))
    if state.blocked is BlockReason.MISSING_EMAIL:
        emails = EmailAddresses()
    contact = None if state.blocked is BlockReason.NO_CONTACT else Contact("c", "Kunde", emails)
    tenant_pause, contact_pause, invoice_pause = (*state.pauses, None, None, None)[:3]
    file = InvoiceFile(
        state.invoice,
        contact,
        state.history,
        admitted_before=state.admitted,
        handed_over=state.handed_over,
        contact_pause=contact_pause,
        invoice_pause=invoice_pause,
    )
    rules = TenantRules(policy, calendar, 1 if state.admitted else 0, tenant_pause=tenant_pause)
    planned = plan_day([file], rules, today)[0].decision
    assert planned == decide(state, policy, calendar, today), state
    return planned


@given(scenarios())
def test_the_daily_plan_keeps_every_invariant_decide_keeps(sc: Scenario) -> None:
    """The cycle plans through `plan_day`, which works out per tenant-day what `decide` works
    out per invoice: every decision of the simulation is the same both ways, and the same
    invariants and oracle hold."""
    check_scenario(decide_through_plan_day, sc)
