"""Thank-you e-mails (rule 5): quotas, when one is due, the queue and the monthly carry-over."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from automahntion.domain.calendar import BERLIN, berlin_month
from automahntion.domain.errors import ThankYouAlreadyQueued
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.quota import Plan
from automahntion.domain.thanks import (
    THANK_YOU_QUOTAS,
    ThankYouDue,
    became_paid,
    changed_while_paid,
    enqueue,
    select_for_sending,
)

SelectFn = Callable[..., list[ThankYouDue]]
EnqueueFn = Callable[[Sequence[ThankYouDue], Iterable[str], ThankYouDue], None]


def due(invoice_id: str, minute: int) -> ThankYouDue:
    return ThankYouDue(invoice_id, datetime(2026, 3, 2, 8, tzinfo=UTC) + timedelta(minutes=minute))


# --- quotas -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "quota"), [(Plan.STARTER, 30), (Plan.BUSINESS, 120), (Plan.PRO, 480)]
)
def test_monthly_quotas(plan: Plan, quota: int) -> None:
    assert THANK_YOU_QUOTAS[plan] == quota


# --- became_paid --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "before",
    [
        InvoiceStatus.OPEN,
        InvoiceStatus.OVERDUE,
        InvoiceStatus.TRANSFERRED,
        InvoiceStatus.SEPADEBIT,
    ],
)
def test_known_invoice_turning_paid_is_due_a_thank_you(before: InvoiceStatus) -> None:
    assert became_paid(before, InvoiceStatus.PAID) is True


@pytest.mark.parametrize(
    "after",
    [
        InvoiceStatus.PAIDOFF,
        InvoiceStatus.VOIDED,
        InvoiceStatus.OPEN,
        InvoiceStatus.OVERDUE,
        InvoiceStatus.TRANSFERRED,
        InvoiceStatus.SEPADEBIT,
    ],
)
def test_no_thank_you_without_a_payment(after: InvoiceStatus) -> None:
    assert became_paid(InvoiceStatus.OVERDUE, after) is False
    assert became_paid(InvoiceStatus.OPEN, after) is False


# --- changed_while_paid -------------------------------------------------------------------

MARKERS = st.none() | st.datetimes(timezones=st.just(UTC))


@given(st.sampled_from(InvoiceStatus), st.sampled_from(InvoiceStatus), MARKERS, MARKERS)
def test_a_paid_invoice_is_looked_at_again_only_when_lexoffice_changed_it(
    before: InvoiceStatus,
    after: InvoiceStatus,
    changed_before: datetime | None,
    changed_after: datetime | None,
) -> None:
    """Only paid at both syncs, and only with a new change marker (none kept before is new);
    never for an invoice not paid at either, and never when the marker stands still."""
    looked_at = changed_while_paid(before, after, changed_before, changed_after)
    if InvoiceStatus.PAID not in (before, after) or before is not after:
        assert not looked_at
    if changed_after is None or changed_after == changed_before:
        assert not looked_at
    assert not (looked_at and became_paid(before, after))


def test_an_unchanged_or_unmarked_paid_invoice_is_not_looked_at_again() -> None:
    moment = datetime(2026, 12, 3, 9, tzinfo=UTC)
    paid = InvoiceStatus.PAID
    assert changed_while_paid(paid, paid, None, moment)
    assert changed_while_paid(paid, paid, moment, moment + timedelta(seconds=1))
    assert not changed_while_paid(paid, paid, moment, moment)
    assert not changed_while_paid(paid, paid, moment, None)
    assert not changed_while_paid(InvoiceStatus.PAIDOFF, paid, None, moment)


def test_invoice_first_seen_already_paid_is_not_thanked() -> None:
    assert became_paid(None, InvoiceStatus.PAID) is False


def test_paid_staying_paid_is_not_a_new_payment() -> None:
    assert became_paid(InvoiceStatus.PAID, InvoiceStatus.PAID) is False


# --- enqueue ------------------------------------------------------------------------------


def test_enqueue_accepts_a_new_invoice() -> None:
    enqueue([due("a", 0)], ["b"], due("c", 1))  # no exception


def test_enqueue_refuses_an_invoice_already_queued() -> None:
    with pytest.raises(ThankYouAlreadyQueued) as caught:
        enqueue([due("a", 0), due("b", 1)], [], due("b", 5))
    assert caught.value.invoice_id == "b"
    assert caught.value.code == "thank-you-already-queued"


def test_enqueue_refuses_an_invoice_already_thanked() -> None:
    with pytest.raises(ThankYouAlreadyQueued) as caught:
        enqueue([], iter(["x", "a"]), due("a", 9))
    assert caught.value.invoice_id == "a"


# --- select_for_sending -------------------------------------------------------------------


def test_select_sends_first_paid_first() -> None:
    queue = [due("late", 30), due("early", 1), due("middle", 10)]
    chosen = select_for_sending(queue, quota=2, sent_this_month=0)
    assert [q.invoice_id for q in chosen] == ["early", "middle"]


def test_select_never_goes_past_quota_minus_already_sent() -> None:
    queue = [due(f"i{n:02d}", n) for n in range(10)]
    chosen = select_for_sending(queue, quota=5, sent_this_month=3)
    assert [q.invoice_id for q in chosen] == ["i00", "i01"]


@pytest.mark.parametrize("sent", [5, 6, 100])
def test_select_nothing_once_the_quota_is_used_up(sent: int) -> None:
    assert select_for_sending([due("a", 0)], quota=5, sent_this_month=sent) == []


def test_select_everything_when_there_is_room() -> None:
    queue = [due("b", 2), due("a", 1)]
    assert select_for_sending(queue, quota=30, sent_this_month=0) == [due("a", 1), due("b", 2)]


def test_select_on_equal_payment_times_is_deterministic() -> None:
    queue = [due("b", 0), due("a", 0), due("c", 0)]
    chosen = select_for_sending(queue, quota=2, sent_this_month=0)
    assert [q.invoice_id for q in chosen] == ["a", "b"]


# --- the month simulation -----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One sending run within a month: payments arriving before it, and repeated payment
    notices for invoices already known paid (which must not lead to a second thank-you)."""

    new_payments: int
    repeats: tuple[int, ...] = ()


Month = tuple[Run, ...]


def month_start(index: int) -> datetime:
    year, month = divmod(2026 * 12 + index, 12)
    return datetime(year, month + 1, 1, tzinfo=BERLIN)


def simulate_months(
    select: SelectFn,
    enqueue_fn: EnqueueFn,
    quota: int,
    months: Sequence[Month],
) -> list[list[ThankYouDue]]:
    """Play the months, then idle months until the queue is drained or surely stuck.

    Asserts, run by run: never more than the quota in a (Berlin) month, never two for one
    invoice, first paid first, and the quota used up while any wait; at the end, none lost.
    """
    counter = itertools.count()
    queue: list[ThankYouDue] = []
    thanked: list[str] = []
    paid: list[str] = []
    sent_by_month: list[list[ThankYouDue]] = []
    idle_months = math.ceil(sum(r.new_payments for m in months for r in m) / quota) + 1
    schedule = [*months, *[(Run(0),)] * idle_months]
    for index, runs in enumerate(schedule):
        start = month_start(index)
        sent_this_month: list[ThankYouDue] = []
        for day, run in enumerate(runs):
            run_at = start + timedelta(days=day, hours=18)
            for n in range(run.new_payments):
                invoice_id = f"inv-{next(counter):05d}"
                item = ThankYouDue(invoice_id, start + timedelta(days=day, hours=8, seconds=n))
                paid.append(invoice_id)
                try:
                    enqueue_fn(queue, thanked, item)
                except ThankYouAlreadyQueued:
                    continue
                queue.append(item)
            for pick in run.repeats:
                if paid:
                    again = ThankYouDue(paid[pick % len(paid)], run_at)
                    try:
                        enqueue_fn(queue, thanked, again)
                    except ThankYouAlreadyQueued:
                        continue
                    queue.append(again)
            chosen = select(list(queue), quota=quota, sent_this_month=len(sent_this_month))
            queued = set(queue)
            for item in chosen:
                assert item in queued, f"sent something never queued: {item}"
                queued.discard(item)
                assert item.invoice_id not in thanked, f"two for one: {item.invoice_id}"
                thanked.append(item.invoice_id)
                sent_this_month.append(item)
            queue = [q for q in queue if q in queued]
            assert berlin_month(run_at) == berlin_month(start)
            assert len(sent_this_month) <= quota, (
                f"quota exceeded: {len(sent_this_month)} > {quota} in month {index}"
            )
            if chosen and queue:
                assert max(c.paid_at for c in chosen) <= min(q.paid_at for q in queue), (
                    "first paid first: a later payment was thanked before an earlier one"
                )
            if queue:
                assert len(sent_this_month) == quota, (
                    f"thank-yous wait but only {len(sent_this_month)} of {quota} were sent"
                )
        sent_by_month.append(sent_this_month)
    assert not queue, f"lost: {len(queue)} thank-yous never went out"
    assert sorted(thanked) == sorted(paid), "lost: not every payment was thanked exactly once"
    return sent_by_month


runs = st.builds(
    Run,
    st.integers(0, 12),
    st.lists(st.integers(0, 10_000), max_size=3).map(tuple),
)
months = st.lists(st.lists(runs, min_size=1, max_size=4).map(tuple), min_size=1, max_size=5)


@given(quota=st.integers(1, 6), months=months)
def test_thank_you_properties_over_random_months(quota: int, months: list[Month]) -> None:
    simulate_months(select_for_sending, enqueue, quota, months)


@given(
    quota=st.sampled_from([30, 120]),
    payments=st.lists(st.integers(0, 200), min_size=1, max_size=3),
)
def test_thank_you_properties_with_plan_quotas(quota: int, payments: list[int]) -> None:
    months_ = [(Run(p // 2), Run(p - p // 2)) for p in payments]
    sent = simulate_months(select_for_sending, enqueue, quota, months_)
    assert sum(len(m) for m in sent) == sum(payments)


def test_spec_example_35_payments_with_quota_30() -> None:
    sent = simulate_months(select_for_sending, enqueue, 30, [(Run(35),)])
    assert [len(m) for m in sent] == [30, 5, 0, 0]
    sent_ids = [[s.invoice_id for s in m] for m in sent]
    assert sent_ids[0] == [f"inv-{n:05d}" for n in range(30)]
    assert sent_ids[1] == [f"inv-{n:05d}" for n in range(30, 35)]


def test_carry_over_goes_first_in_the_next_month() -> None:
    # January: 35 paid, 30 sent. February: 40 more paid; the 5 from January go first.
    sent = simulate_months(select_for_sending, enqueue, 30, [(Run(35),), (Run(40),)])
    assert [len(m) for m in sent] == [30, 30, 15, 0, 0, 0]
    february = [s.invoice_id for s in sent[1]]
    assert february[:5] == [f"inv-{n:05d}" for n in range(30, 35)]
    assert february[5:] == [f"inv-{n:05d}" for n in range(35, 60)]
    assert all(s.paid_at.month == 1 for s in sent[1][:5])


def test_repeated_payment_notices_do_not_thank_twice() -> None:
    sent = simulate_months(select_for_sending, enqueue, 2, [(Run(3, (0, 1, 2)), Run(0, (0, 2)))])
    assert [len(m) for m in sent] == [2, 1, 0, 0]


# --- the checker catches broken implementations -------------------------------------------


def select_ignoring_sent(
    queue: Iterable[ThankYouDue], *, quota: int, sent_this_month: int
) -> list[ThankYouDue]:
    return sorted(queue, key=lambda q: q.paid_at)[:quota]


def select_newest_first(
    queue: Iterable[ThankYouDue], *, quota: int, sent_this_month: int
) -> list[ThankYouDue]:
    return sorted(queue, key=lambda q: q.paid_at, reverse=True)[: quota - sent_this_month]


def select_one_per_run(
    queue: Iterable[ThankYouDue], *, quota: int, sent_this_month: int
) -> list[ThankYouDue]:
    return select_for_sending(queue, quota=quota, sent_this_month=sent_this_month)[:1]


def enqueue_dropping_overflow(
    queue: Sequence[ThankYouDue], thanked: Iterable[str], item: ThankYouDue
) -> None:
    """Broken: refuses payments once a month's quota is queued instead of carrying them over."""
    if len(queue) >= 30:
        raise ThankYouAlreadyQueued(item.invoice_id)
    enqueue(queue, thanked, item)


def enqueue_without_check(
    queue: Sequence[ThankYouDue], thanked: Iterable[str], item: ThankYouDue
) -> None:
    return None


@pytest.mark.parametrize(
    ("select", "enqueue_fn", "history", "message"),
    [
        pytest.param(
            select_ignoring_sent, enqueue, [(Run(20), Run(20))], "quota exceeded", id="quota"
        ),
        pytest.param(
            select_newest_first, enqueue, [(Run(35),)], "first paid first", id="first-paid"
        ),
        pytest.param(
            select_for_sending,
            enqueue_without_check,
            [(Run(3), Run(0, (0,)))],
            "two for one",
            id="two-for-one",
        ),
        pytest.param(select_one_per_run, enqueue, [(Run(3),)], "wait but only", id="quota-idle"),
        pytest.param(
            select_for_sending, enqueue_dropping_overflow, [(Run(35),)], "lost", id="lost"
        ),
    ],
)
def test_month_checker_catches_broken_implementations(
    select: SelectFn, enqueue_fn: EnqueueFn, history: list[Month], message: str
) -> None:
    simulate_months(select_for_sending, enqueue, 30, history)
    with pytest.raises(AssertionError, match=message):
        simulate_months(select, enqueue_fn, 30, history)


def breaks_a_property(
    select: SelectFn, enqueue_fn: EnqueueFn, case: tuple[int, list[Month]]
) -> bool:
    quota, history = case
    try:
        simulate_months(select, enqueue_fn, quota, history)
    except AssertionError:
        return True
    return False


@pytest.mark.parametrize(
    ("select", "enqueue_fn"),
    [
        (select_ignoring_sent, enqueue),
        (select_newest_first, enqueue),
        (select_one_per_run, enqueue),
        (select_for_sending, enqueue_without_check),
    ],
)
def test_generated_months_find_every_broken_implementation(
    select: SelectFn, enqueue_fn: EnqueueFn
) -> None:
    """The strategy itself is strong enough: hypothesis finds a counterexample unaided."""
    search = settings(
        max_examples=2_000,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    cases = st.tuples(st.integers(1, 6), months)
    found = find(cases, lambda c: breaks_a_property(select, enqueue_fn, c), settings=search)
    assert breaks_a_property(select, enqueue_fn, found)
    assert not breaks_a_property(select_for_sending, enqueue, found)
