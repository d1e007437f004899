"""The subscription's rules: trial, when a plan change takes effect, which months' letters are
still to bill, and IBAN validation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.errors import ValidationFailed
from automahntion.domain.prices import BillingCycle
from automahntion.domain.quota import PLAN_LIMITS, Plan
from automahntion.domain.subscriptions import (
    CATCH_UP_MONTHS,
    TRIAL_DAYS,
    ChangeTiming,
    change_timing,
    check_iban,
    iban_problem,
    letter_months,
    pending_change_due,
    trial_days_left,
    trial_end,
)

MONTHLY, YEARLY = BillingCycle.MONTHLY, BillingCycle.YEARLY


def test_the_trial_ends_two_weeks_after_sign_up() -> None:
    assert (
        trial_end(date(2026, 11, 27))
        == date(2026, 12, 11)
        == date(2026, 11, 27) + timedelta(days=TRIAL_DAYS)
    )
    assert trial_days_left(date(2026, 12, 11), date(2026, 12, 1)) == 10
    assert trial_days_left(date(2026, 12, 11), date(2026, 12, 11)) == 0
    assert trial_days_left(date(2026, 12, 11), date(2027, 1, 1)) == 0
    assert trial_days_left(None, date(2026, 12, 1)) == 0


def test_an_upgrade_is_at_once_a_downgrade_or_other_cycle_at_the_period_end() -> None:
    assert change_timing((Plan.STARTER, MONTHLY), (Plan.BUSINESS, MONTHLY), False) is (
        ChangeTiming.NOW
    )
    assert change_timing((Plan.BUSINESS, YEARLY), (Plan.PRO, MONTHLY), False) is ChangeTiming.NOW
    assert change_timing((Plan.PRO, MONTHLY), (Plan.STARTER, MONTHLY), False) is (
        ChangeTiming.PERIOD_END
    )
    assert change_timing((Plan.PRO, MONTHLY), (Plan.PRO, YEARLY), False) is (
        ChangeTiming.PERIOD_END
    )
    assert change_timing((Plan.PRO, MONTHLY), (Plan.PRO, MONTHLY), False) is ChangeTiming.NOTHING


@given(
    st.sampled_from(Plan),
    st.sampled_from(BillingCycle),
    st.sampled_from(Plan),
    st.sampled_from(BillingCycle),
)
def test_within_the_trial_every_change_is_at_once(
    plan: Plan, cycle: BillingCycle, wanted: Plan, wanted_cycle: BillingCycle
) -> None:
    timing = change_timing((plan, cycle), (wanted, wanted_cycle), True)
    same = (plan, cycle) == (wanted, wanted_cycle)
    assert timing is (ChangeTiming.NOTHING if same else ChangeTiming.NOW)


@given(st.sampled_from(Plan), st.sampled_from(Plan), st.sampled_from(BillingCycle))
def test_a_change_that_lowers_the_limit_never_takes_effect_at_once(
    plan: Plan, wanted: Plan, cycle: BillingCycle
) -> None:
    timing = change_timing((plan, cycle), (wanted, cycle), False)
    if PLAN_LIMITS[wanted] < PLAN_LIMITS[plan]:
        assert timing is ChangeTiming.PERIOD_END
    if PLAN_LIMITS[wanted] > PLAN_LIMITS[plan]:
        assert timing is ChangeTiming.NOW


def test_a_waiting_change_is_made_on_the_last_day_of_the_paid_period() -> None:
    end = date(2027, 1, 1)
    assert not pending_change_due(end, date(2026, 12, 30))
    assert pending_change_due(end, date(2026, 12, 31))
    assert pending_change_due(end, end)
    assert pending_change_due(end, date(2027, 1, 5))


def test_on_the_first_last_month_is_due() -> None:
    assert letter_months(date(2026, 12, 1), date(2026, 1, 5), {"2026-01"}) == [
        (date(2026, m, 1), date(2026, m + 1, 1) - timedelta(days=1)) for m in range(2, 11)
    ] + [(date(2026, 11, 1), date(2026, 11, 30))]


def test_a_missed_first_is_caught_up_and_a_billed_month_never_again() -> None:
    signed_up = date(2026, 11, 27)
    assert letter_months(date(2026, 12, 3), signed_up, set()) == [
        (date(2026, 11, 1), date(2026, 11, 30))
    ]
    assert letter_months(date(2026, 12, 3), signed_up, {"2026-11"}) == []
    assert letter_months(date(2026, 11, 30), signed_up, set()) == []
    assert letter_months(date(2027, 2, 1), signed_up, {"2026-12"}) == [
        (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2027, 1, 1), date(2027, 1, 31)),
    ]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 2000))
def test_letter_months_are_finished_distinct_and_after_sign_up(
    today: date, days_before: int
) -> None:
    signed_up = today - timedelta(days=days_before)
    months = letter_months(today, signed_up, set())
    assert len(months) <= CATCH_UP_MONTHS
    assert len({start for start, _ in months}) == len(months)
    for start, end in months:
        assert start.day == 1
        assert end < today.replace(day=1)
        assert end >= signed_up
        assert (end + timedelta(days=1)).day == 1
    assert months == sorted(months)


def test_a_valid_iban_is_normalized() -> None:
    assert check_iban("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert iban_problem("DE62370400440532013001") is None


@pytest.mark.parametrize(
    "iban",
    [
        "DE00370400440532013000",
        "DE8937040044053201300",
        "1234",
        "DE89-3704-0044",
        "ÄÖ89370400440532013000",
        "DE\u0668\u06693704004405320130",
    ],
)
def test_a_wrong_iban_is_refused_naming_the_field(iban: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_iban(iban)
    assert [p.field for p in refused.value.problems] == ["iban"]


@given(st.text(max_size=40))
def test_iban_validation_never_crashes(text: str) -> None:
    problem = iban_problem(text)
    assert problem is None or problem.field == "iban"
