"""Properties of admission under the plan quota (rule 4), over simulated histories.

A history is a sequence of steps — syncing new invoices, payments, limit changes, days passing —
and after each step `admit` is asked again. Each property has its own checker; every checker
is shown to catch a deliberately broken `admit`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.quota import Admission, admission_key, admit, takes_slot

AdmitFn = Callable[[Iterable[Invoice], Set[str], int], Admission]

START = date(2026, 3, 2)


# --- the history model --------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvoice:
    due_in_days: int
    """Due date relative to the day of the sync; negative means already past due."""
    voucher_days_before_due: int
    number: int
    id_prefix: str


@dataclass(frozen=True)
class Sync:
    invoices: tuple[NewInvoice, ...]


@dataclass(frozen=True)
class Pay:
    picks: tuple[int, ...]
    status: InvoiceStatus = InvoiceStatus.PAID


@dataclass(frozen=True)
class ChangeLimit:
    limit: int


@dataclass(frozen=True)
class PassDays:
    days: int


Step = Sync | Pay | ChangeLimit | PassDays


@dataclass(frozen=True)
class Observation:
    """One call of `admit` in a history: what went in and what came out."""

    overdue: tuple[Invoice, ...]
    admitted_before: frozenset[str]
    limit_before: int
    limit: int
    result: Admission


def simulate(admit_fn: AdmitFn, initial_limit: int, steps: Sequence[Step]) -> list[Observation]:
    """Play the history and ask `admit_fn` after every step."""
    known: dict[str, Invoice] = {}
    counter = itertools.count()
    today = START
    limit = initial_limit
    admitted: frozenset[str] = frozenset()
    observations = []
    for step in steps:
        limit_before = limit
        if isinstance(step, Sync):
            for new in step.invoices:
                due = today + timedelta(days=new.due_in_days)
                lexoffice_id = f"{new.id_prefix}#{next(counter)}"
                known[lexoffice_id] = Invoice(
                    lexoffice_id=lexoffice_id,
                    voucher_number=f"RE-{new.number}",
                    voucher_date=due - timedelta(days=new.voucher_days_before_due),
                    due_date=due,
                    total_cents=5_000,
                    open_cents=5_000,
                    contact_id="c",
                    status=InvoiceStatus.OPEN,
                )
        elif isinstance(step, Pay):
            unpaid = sorted(k for k, v in known.items() if v.status is InvoiceStatus.OPEN)
            for pick in step.picks:
                if unpaid:
                    chosen = unpaid.pop(pick % len(unpaid))
                    known[chosen] = replace(known[chosen], status=step.status, open_cents=0)
        elif isinstance(step, ChangeLimit):
            limit = step.limit
        else:
            today += timedelta(days=step.days)
        overdue = tuple(i for i in known.values() if takes_slot(i, today))
        result = admit_fn(overdue, admitted, limit)
        observations.append(Observation(overdue, admitted, limit_before, limit, result))
        admitted = frozenset(result.admitted)
    return observations


# --- one checker per property -------------------------------------------------------------


def key_of(observation: Observation) -> Callable[[str], tuple[date, date, str, str]]:
    by_id = {i.lexoffice_id: i for i in observation.overdue}
    return lambda lexoffice_id: admission_key(by_id[lexoffice_id])


def check_within_limit(o: Observation) -> None:
    assert len(o.result.admitted) <= o.limit, f"admitted {len(o.result.admitted)} > limit {o.limit}"


def check_full_when_waiting(o: Observation) -> None:
    if o.result.waiting:
        assert len(o.result.admitted) == o.limit, (
            f"invoices wait but only {len(o.result.admitted)} of {o.limit} slots are used"
        )


def check_partition(o: Observation) -> None:
    admitted, waiting = o.result.admitted, o.result.waiting
    assert len(set(admitted)) == len(admitted), "partition: an invoice is admitted twice"
    assert len(set(waiting)) == len(waiting), "partition: an invoice waits twice"
    assert not set(admitted) & set(waiting), "partition: admitted and waiting overlap"
    expected = {i.lexoffice_id for i in o.overdue}
    assert set(admitted) | set(waiting) == expected, (
        "partition: admitted and waiting are not the overdue set"
    )


def check_no_churn(o: Observation) -> None:
    """Survivors of the last admission stay admitted, unless the limit is now below their
    number: then exactly the first `limit` of them in admission order stay."""
    key = key_of(o)
    present = {i.lexoffice_id for i in o.overdue}
    survivors = sorted(o.admitted_before & present, key=key)
    admitted = set(o.result.admitted)
    if len(survivors) <= o.limit:
        displaced = set(survivors) - admitted
        assert not displaced, f"churn: {sorted(displaced)} lost their slot"
    else:
        assert admitted == set(survivors[: o.limit]), (
            "churn: on a downgrade not the first admitted in admission order were kept"
        )


def check_queue_order(o: Observation) -> None:
    key = key_of(o)
    waiting = list(o.result.waiting)
    assert waiting == sorted(waiting, key=key), "queue order: waiting not in admission order"
    newly = set(o.result.admitted) - o.admitted_before
    if newly and waiting:
        last_new = max(newly, key=key)
        assert key(last_new) < key(waiting[0]), (
            f"queue order: {last_new} was admitted before {waiting[0]}, which is older"
        )


CHECKERS = (
    check_within_limit,
    check_full_when_waiting,
    check_partition,
    check_no_churn,
    check_queue_order,
)


def check_history(admit_fn: AdmitFn, initial_limit: int, steps: Sequence[Step]) -> None:
    """Raise AssertionError on the first property broken anywhere in the history."""
    for observation in simulate(admit_fn, initial_limit, steps):
        for checker in CHECKERS:
            checker(observation)


def breaks_a_property(admit_fn: AdmitFn, history: tuple[int, list[Step]]) -> bool:
    try:
        check_history(admit_fn, *history)
    except AssertionError:
        return True
    return False


# --- strategies ---------------------------------------------------------------------------

new_invoices = st.builds(
    NewInvoice,
    due_in_days=st.integers(-30, 3),
    voucher_days_before_due=st.integers(0, 14),
    number=st.integers(1, 20),
    id_prefix=st.text(alphabet="0123456789abcdef", min_size=1, max_size=3),
)
steps = st.one_of(
    st.builds(Sync, st.lists(new_invoices, min_size=1, max_size=6).map(tuple)),
    st.builds(
        Pay,
        st.lists(st.integers(0, 1_000), min_size=1, max_size=3).map(tuple),
        st.sampled_from(
            [
                InvoiceStatus.PAID,
                InvoiceStatus.VOIDED,
                InvoiceStatus.PAIDOFF,
                InvoiceStatus.SEPADEBIT,
            ]
        ),
    ),
    st.builds(ChangeLimit, st.integers(0, 8)),
    st.builds(PassDays, st.integers(1, 4)),
)
histories = st.tuples(st.integers(0, 8), st.lists(steps, min_size=1, max_size=20))


# --- the properties, for the real admit ---------------------------------------------------


@given(histories)
def test_admission_properties_hold_over_any_history(history: tuple[int, list[Step]]) -> None:
    check_history(admit, *history)


@given(histories)
def test_admit_is_deterministic_and_ignores_input_order(history: tuple[int, list[Step]]) -> None:
    for o in simulate(admit, *history):
        reversed_result = admit(tuple(reversed(o.overdue)), o.admitted_before, o.limit)
        assert set(reversed_result.admitted) == set(o.result.admitted)
        assert reversed_result.waiting == o.result.waiting


def test_simulation_really_exercises_waiting_and_churn() -> None:
    """The model must produce the situations the checkers are about."""
    old = NewInvoice(due_in_days=-20, voucher_days_before_due=0, number=1, id_prefix="o")
    new = NewInvoice(due_in_days=-5, voucher_days_before_due=0, number=1, id_prefix="n")
    history: list[Step] = [Sync((new, new, new)), Sync((old,)), Pay((0,)), ChangeLimit(1)]
    observations = simulate(admit, 2, history)
    assert [len(o.result.admitted) for o in observations] == [2, 2, 2, 1]
    assert [len(o.result.waiting) for o in observations] == [1, 2, 1, 2]
    assert observations[1].result.waiting[0].startswith("o#")


# --- every checker can fail ---------------------------------------------------------------


def resort_admit(overdue: Iterable[Invoice], admitted_before: Set[str], limit: int) -> Admission:
    """Broken: forgets who was admitted and takes the oldest `limit` again (churn)."""
    ordered = [i.lexoffice_id for i in sorted(overdue, key=admission_key)]
    return Admission(admitted=tuple(ordered[:limit]), waiting=tuple(ordered[limit:]))


def limitless_admit(overdue: Iterable[Invoice], admitted_before: Set[str], limit: int) -> Admission:
    """Broken: ignores the limit."""
    return Admission(admitted=tuple(i.lexoffice_id for i in overdue), waiting=())


def sticky_admit(overdue: Iterable[Invoice], admitted_before: Set[str], limit: int) -> Admission:
    """Broken: admits only at the first call and never fills a freed slot again."""
    ordered = [i.lexoffice_id for i in sorted(overdue, key=admission_key)]
    if not admitted_before:
        return Admission(tuple(ordered[:limit]), tuple(ordered[limit:]))
    kept = [i for i in ordered if i in admitted_before][:limit]
    return Admission(tuple(kept), tuple(i for i in ordered if i not in kept))


def fifo_admit(overdue: Iterable[Invoice], admitted_before: Set[str], limit: int) -> Admission:
    """Broken: serves the waiting in the order they were synced, not in admission order."""
    in_sync_order = [i.lexoffice_id for i in overdue]
    kept = [i for i in in_sync_order if i in admitted_before][:limit]
    queue = [i for i in in_sync_order if i not in kept]
    free = limit - len(kept)
    return Admission(tuple(kept + queue[:free]), tuple(queue[free:]))


def newest_kept_admit(
    overdue: Iterable[Invoice], admitted_before: Set[str], limit: int
) -> Admission:
    """Broken: on a downgrade keeps the youngest admitted instead of the oldest."""
    ordered = [i.lexoffice_id for i in sorted(overdue, key=admission_key)]
    previously = [i for i in ordered if i in admitted_before]
    kept = previously[len(previously) - limit :] if len(previously) > limit else previously
    queue = [i for i in ordered if i not in kept]
    free = limit - len(kept)
    return Admission(tuple(kept + queue[:free]), tuple(queue[free:]))


def losing_admit(overdue: Iterable[Invoice], admitted_before: Set[str], limit: int) -> Admission:
    """Broken: drops the last waiting invoice."""
    result = admit(overdue, admitted_before, limit)
    return Admission(result.admitted, result.waiting[:-1])


def invoice(prefix: str, due_in_days: int, number: int = 1) -> NewInvoice:
    return NewInvoice(due_in_days, voucher_days_before_due=0, number=number, id_prefix=prefix)


YOUNG = (invoice("y", -3), invoice("y", -4), invoice("y", -5))


@pytest.mark.parametrize(
    ("broken", "history", "message"),
    [
        pytest.param(
            resort_admit, (2, [Sync(YOUNG), Sync((invoice("o", -30),))]), "churn", id="churn"
        ),
        pytest.param(limitless_admit, (2, [Sync(YOUNG)]), "> limit", id="limit"),
        pytest.param(
            sticky_admit, (2, [Sync(YOUNG), Pay((2,))]), "slots are used", id="full-when-waiting"
        ),
        pytest.param(
            fifo_admit,
            (1, [Sync(YOUNG), ChangeLimit(2)]),
            "queue order",
            id="queue-order",
        ),
        pytest.param(
            newest_kept_admit,
            (3, [Sync(YOUNG), ChangeLimit(1)]),
            "downgrade",
            id="downgrade",
        ),
        pytest.param(losing_admit, (1, [Sync(YOUNG)]), "partition", id="partition"),
    ],
)
def test_each_checker_catches_a_broken_admit(
    broken: AdmitFn, history: tuple[int, list[Step]], message: str
) -> None:
    # The real admit passes the same history ...
    check_history(admit, *history)
    # ... and the broken one is caught by the checker meant for it.
    with pytest.raises(AssertionError, match=message):
        check_history(broken, *history)


@pytest.mark.parametrize(
    "broken",
    [resort_admit, limitless_admit, sticky_admit, fifo_admit, newest_kept_admit, losing_admit],
)
def test_generated_histories_find_every_broken_admit(broken: AdmitFn) -> None:
    """The strategy itself is strong enough: hypothesis finds a counterexample unaided."""
    search = settings(
        max_examples=2_000,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    limit, found = find(histories, lambda h: breaks_a_property(broken, h), settings=search)
    assert breaks_a_property(broken, (limit, found))
    assert not breaks_a_property(admit, (limit, found))
