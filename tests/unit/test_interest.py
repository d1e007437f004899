"""Statutory extras (§§ 286, 288 BGB, rule 7): default, interest, flat fee, level fee."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.errors import NoBaseRate
from automahntion.domain.interest import (
    FLAT_FEE_CENTS,
    BaseRate,
    BaseRateLineInvalid,
    BaseRateTable,
    Charge,
    MessageContext,
    charges,
    default_begins,
    default_interest,
    parse_base_rates,
    with_operator_rates,
)
from automahntion.domain.recipients import DebtorKind

BUSINESS = DebtorKind.BUSINESS
CONSUMER = DebtorKind.CONSUMER
TABLE = BaseRateTable()


def by_hand(principal_cents: int, *periods: tuple[int, str]) -> int:
    """Sum of principal x percent / 100 x days / 365 over (days, percent), rounded once."""
    total = sum(
        (Decimal(principal_cents) * Decimal(p) / 100 * days / 365 for days, p in periods),
        Decimal(0),
    )
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- default_begins -----------------------------------------------------------------------


def test_default_begins_the_day_after_the_first_level() -> None:
    assert default_begins(date(2026, 3, 1), date(2026, 3, 4), CONSUMER) == date(2026, 3, 5)


def test_business_default_begins_the_day_after_the_first_level_if_earlier() -> None:
    assert default_begins(date(2026, 3, 1), date(2026, 3, 4), BUSINESS) == date(2026, 3, 5)


def test_business_default_begins_30_days_after_due_at_the_latest() -> None:
    due = date(2026, 3, 1)
    assert default_begins(due, None, BUSINESS) == date(2026, 3, 31)
    assert default_begins(due, date(2026, 4, 20), BUSINESS) == date(2026, 3, 31)
    # First level on day 29 after due: the day after it is day 30, the same day.
    assert default_begins(due, date(2026, 3, 30), BUSINESS) == date(2026, 3, 31)


def test_consumer_without_a_message_is_not_in_default() -> None:
    assert default_begins(date(2025, 1, 1), None, CONSUMER) is None


def test_consumer_default_has_no_30_day_rule() -> None:
    assert default_begins(date(2026, 1, 1), date(2026, 6, 1), CONSUMER) == date(2026, 6, 2)


# --- base rate table ----------------------------------------------------------------------


def test_periods_split_at_rate_changes() -> None:
    assert TABLE.periods(date(2024, 12, 30), date(2025, 7, 2)) == [
        (date(2024, 12, 30), date(2024, 12, 31), Decimal("3.37")),
        (date(2025, 1, 1), date(2025, 6, 30), Decimal("2.27")),
        (date(2025, 7, 1), date(2025, 7, 2), Decimal("1.27")),
    ]


def test_periods_of_the_spec_rates() -> None:
    assert TABLE.periods(date(2025, 6, 29), date(2026, 1, 2)) == [
        (date(2025, 6, 29), date(2025, 6, 30), Decimal("2.27")),
        (date(2025, 7, 1), date(2025, 12, 31), Decimal("1.27")),
        (date(2026, 1, 1), date(2026, 1, 2), Decimal("1.27")),
    ]


def test_last_rate_runs_on_open_ended() -> None:
    assert TABLE.periods(date(2027, 3, 1), date(2027, 3, 31)) == [
        (date(2027, 3, 1), date(2027, 3, 31), Decimal("1.27"))
    ]


def test_date_before_the_table_raises_no_base_rate() -> None:
    earliest = min(r.valid_from for r in TABLE.rates)
    with pytest.raises(NoBaseRate):
        TABLE.periods(earliest - timedelta(days=1), earliest + timedelta(days=5))
    with pytest.raises(NoBaseRate):
        default_interest(100_000, earliest - timedelta(days=1), earliest, BUSINESS, TABLE)


def test_empty_table_raises_no_base_rate() -> None:
    with pytest.raises(NoBaseRate):
        BaseRateTable(()).periods(date(2026, 1, 1), date(2026, 1, 2))


def test_table_from_2025_refuses_2024() -> None:
    table = BaseRateTable((BaseRate(date(2025, 1, 1), Decimal("2.27")),))
    with pytest.raises(NoBaseRate):
        table.periods(date(2024, 12, 31), date(2025, 1, 5))
    assert table.periods(date(2025, 1, 1), date(2025, 1, 5)) == [
        (date(2025, 1, 1), date(2025, 1, 5), Decimal("2.27"))
    ]


def test_extended_adds_a_new_period() -> None:
    table = TABLE.extended([BaseRate(date(2026, 7, 1), Decimal("0.77"))])
    assert table.periods(date(2026, 6, 30), date(2026, 7, 1)) == [
        (date(2026, 6, 30), date(2026, 6, 30), Decimal("1.27")),
        (date(2026, 7, 1), date(2026, 7, 1), Decimal("0.77")),
    ]
    # The original table is unchanged.
    assert TABLE.periods(date(2026, 7, 1), date(2026, 7, 1)) == [
        (date(2026, 7, 1), date(2026, 7, 1), Decimal("1.27"))
    ]


def test_extended_overrides_a_period_with_the_same_start() -> None:
    table = TABLE.extended([BaseRate(date(2026, 1, 1), Decimal("2.00"))])
    assert table.periods(date(2026, 1, 1), date(2026, 1, 1)) == [
        (date(2026, 1, 1), date(2026, 1, 1), Decimal("2.00"))
    ]
    assert len(table.rates) == len(TABLE.rates)


def test_extended_table_is_sorted_whatever_the_input_order() -> None:
    table = BaseRateTable(
        (BaseRate(date(2025, 7, 1), Decimal("1.27")), BaseRate(date(2025, 1, 1), Decimal("2.27")))
    ).extended([BaseRate(date(2024, 7, 1), Decimal("3.37"))])
    assert [r.valid_from for r in table.rates] == [
        date(2024, 7, 1),
        date(2025, 1, 1),
        date(2025, 7, 1),
    ]


# --- default_interest ---------------------------------------------------------------------


def test_business_interest_across_the_july_2025_rate_change() -> None:
    # 1000.00 EUR, 2025-06-21..2025-06-30: 10 days at 2.27 + 9 = 11.27 %;
    # 2025-07-01..2025-07-10: 10 days at 1.27 + 9 = 10.27 %.
    cents, periods = default_interest(
        100_000, date(2025, 6, 21), date(2025, 7, 10), BUSINESS, TABLE
    )
    assert cents == by_hand(100_000, (10, "11.27"), (10, "10.27")) == 590
    assert [(p.first, p.last, p.days, p.annual_percent) for p in periods] == [
        (date(2025, 6, 21), date(2025, 6, 30), 10, Decimal("11.27")),
        (date(2025, 7, 1), date(2025, 7, 10), 10, Decimal("10.27")),
    ]
    assert periods[0].amount == Decimal(100_000) * Decimal("11.27") / 100 * 10 / 365


def test_consumer_interest_is_base_plus_five() -> None:
    cents, periods = default_interest(
        100_000, date(2025, 6, 21), date(2025, 7, 10), CONSUMER, TABLE
    )
    assert cents == by_hand(100_000, (10, "7.27"), (10, "6.27")) == 371
    assert [p.annual_percent for p in periods] == [Decimal("7.27"), Decimal("6.27")]


def test_interest_counts_both_ends_inclusive() -> None:
    cents, periods = default_interest(365_000, date(2026, 2, 2), date(2026, 2, 2), BUSINESS, TABLE)
    # One day at 10.27 % on 3650.00 EUR: 365000 x 0.1027 / 365 = 102.70 cents.
    assert [p.days for p in periods] == [1]
    assert cents == 103


def test_interest_over_a_whole_year() -> None:
    cents, _ = default_interest(100_000, date(2026, 1, 1), date(2026, 12, 31), CONSUMER, TABLE)
    # 365 days at 6.27 % on 1000.00 EUR is exactly 62.70 EUR.
    assert cents == 6270


def test_interest_rounds_half_up_not_to_even() -> None:
    # 54750.00 EUR for one day at 10.27 %: exactly 1540.5 cents.
    exact = Decimal(5_475_000) * Decimal("10.27") / 100 / 365
    assert exact == Decimal("1540.5")
    cents, _ = default_interest(5_475_000, date(2026, 2, 2), date(2026, 2, 2), BUSINESS, TABLE)
    assert cents == 1541


def test_interest_is_rounded_once_at_the_end_not_per_period() -> None:
    # 10.00 EUR, one day at 11.27 % (0.309 ct) and one at 10.27 % (0.281 ct): 0.59 ct in all.
    cents, periods = default_interest(1_000, date(2025, 6, 30), date(2025, 7, 1), BUSINESS, TABLE)
    assert len(periods) == 2
    assert cents == 1


def test_no_interest_before_default_or_without_principal() -> None:
    assert default_interest(100_000, date(2026, 3, 2), date(2026, 3, 1), BUSINESS, TABLE) == (
        0,
        (),
    )
    assert default_interest(0, date(2026, 3, 1), date(2026, 3, 9), BUSINESS, TABLE) == (0, ())


def test_interest_uses_an_extended_table() -> None:
    table = TABLE.extended([BaseRate(date(2026, 7, 1), Decimal("2.00"))])
    cents, periods = default_interest(
        100_000, date(2026, 6, 21), date(2026, 7, 10), BUSINESS, table
    )
    assert [p.annual_percent for p in periods] == [Decimal("10.27"), Decimal("11.00")]
    assert cents == by_hand(100_000, (10, "10.27"), (10, "11.00")) == 583


# --- charges ------------------------------------------------------------------------------


def context(
    *,
    debtor: DebtorKind = CONSUMER,
    due_date: date = date(2026, 3, 1),
    first_level_sent_on: date | None = date(2026, 3, 4),
    send_on: date = date(2026, 3, 18),
    level_fee_cents: int = 500,
    open_cents: int = 100_000,
    flat_fee_claimed_before: bool = False,
) -> MessageContext:
    return MessageContext(
        open_cents=open_cents,
        due_date=due_date,
        debtor=debtor,
        first_level_sent_on=first_level_sent_on,
        send_on=send_on,
        level_fee_cents=level_fee_cents,
        flat_fee_claimed_before=flat_fee_claimed_before,
    )


def by_label(items: list[Charge]) -> dict[str, int]:
    return {c.label: c.cents for c in items}


@pytest.mark.parametrize("extras", [False, True])
@pytest.mark.parametrize("debtor", [CONSUMER, BUSINESS])
def test_message_that_creates_the_default_carries_no_fee(extras: bool, debtor: DebtorKind) -> None:
    # The first level goes out today: default begins tomorrow.
    today = date(2026, 3, 4)
    ctx = context(debtor=debtor, first_level_sent_on=today, send_on=today)
    assert charges(ctx, statutory_extras=extras, table=TABLE) == []


def test_first_message_to_a_consumer_without_earlier_messages_carries_no_fee() -> None:
    ctx = context(first_level_sent_on=None, send_on=date(2026, 6, 1))
    assert charges(ctx, statutory_extras=True, table=TABLE) == []


def test_level_fee_once_in_default_without_statutory_extras() -> None:
    result = charges(context(), statutory_extras=False, table=TABLE)
    assert by_label(result) == {"Mahngebühr": 500}
    assert all(c.explanation for c in result)


def test_level_fee_on_the_first_day_of_default() -> None:
    ctx = context(first_level_sent_on=date(2026, 3, 4), send_on=date(2026, 3, 5))
    assert by_label(charges(ctx, statutory_extras=False, table=TABLE)) == {"Mahngebühr": 500}


def test_no_level_fee_when_the_level_has_none() -> None:
    assert charges(context(level_fee_cents=0), statutory_extras=False, table=TABLE) == []


def test_business_30_day_default_allows_a_fee_on_the_first_message() -> None:
    # Due 2026-01-01, default from 2026-01-31 without any message; the first goes out later.
    ctx = context(
        debtor=BUSINESS,
        due_date=date(2026, 1, 1),
        first_level_sent_on=None,
        send_on=date(2026, 2, 9),
    )
    assert by_label(charges(ctx, statutory_extras=False, table=TABLE)) == {"Mahngebühr": 500}


def test_consumer_with_statutory_extras_gets_interest_but_no_flat_fee() -> None:
    # Default from 2026-03-05 through the send day 2026-03-18: 14 days at 6.27 %.
    result = charges(context(), statutory_extras=True, table=TABLE)
    expected_interest = by_hand(100_000, (14, "6.27"))
    assert expected_interest == 240
    assert by_label(result) == {"Mahngebühr": 500, "Verzugszinsen (§ 288 BGB)": 240}
    interest = next(c for c in result if c.cents == 240)
    assert "14 Tage" in interest.explanation
    assert "6,27 %" in interest.explanation
    assert "05.03.2026" in interest.explanation
    assert "18.03.2026" in interest.explanation
    assert "1000,00 EUR" in interest.explanation


def test_business_with_statutory_extras_gets_interest_and_flat_fee() -> None:
    ctx = context(debtor=BUSINESS)
    result = charges(ctx, statutory_extras=True, table=TABLE)
    # 14 days at 1.27 + 9 = 10.27 %: 100000 x 0.1027 x 14 / 365 = 393.9 cents.
    assert by_label(result) == {
        "Mahngebühr": 500,
        "Verzugszinsen (§ 288 BGB)": by_hand(100_000, (14, "10.27")),
        "Verzugspauschale (§ 288 Abs. 5 BGB)": 4000,
    }
    assert by_hand(100_000, (14, "10.27")) == 394
    assert FLAT_FEE_CENTS == 4000
    assert all(c.explanation.strip() for c in result)
    interest = result[1]
    assert "14 Tage" in interest.explanation
    assert "10,27 %" in interest.explanation


def test_flat_fee_only_once_per_invoice() -> None:
    ctx = context(debtor=BUSINESS, flat_fee_claimed_before=True)
    labels = by_label(charges(ctx, statutory_extras=True, table=TABLE))
    assert "Verzugspauschale (§ 288 Abs. 5 BGB)" not in labels
    assert labels == {"Mahngebühr": 500, "Verzugszinsen (§ 288 BGB)": 394}


def test_no_interest_or_flat_fee_without_statutory_extras_even_for_business() -> None:
    result = charges(context(debtor=BUSINESS), statutory_extras=False, table=TABLE)
    assert by_label(result) == {"Mahngebühr": 500}


def test_no_interest_or_flat_fee_before_default() -> None:
    ctx = context(debtor=BUSINESS, first_level_sent_on=None, send_on=date(2026, 3, 20))
    assert charges(ctx, statutory_extras=True, table=TABLE) == []


def test_interest_explanation_lists_each_rate_period() -> None:
    ctx = context(
        debtor=BUSINESS,
        due_date=date(2025, 6, 1),
        first_level_sent_on=date(2025, 6, 20),
        send_on=date(2025, 7, 10),
        level_fee_cents=0,
        flat_fee_claimed_before=True,
    )
    result = charges(ctx, statutory_extras=True, table=TABLE)
    assert len(result) == 1
    assert result[0].cents == 590
    explanation = result[0].explanation
    assert "10 Tage (21.06.2025–30.06.2025)" in explanation
    assert "11,27 %" in explanation
    assert "10 Tage (01.07.2025–10.07.2025)" in explanation
    assert "10,27 %" in explanation


# --- the full table, operators' additions, days past the table -----------------------------

SPEC_TABLE = """
2002-01-01 2.57, 2002-07-01 2.47, 2003-01-01 1.97, 2003-07-01 1.22, 2004-01-01 1.14,
2004-07-01 1.13, 2005-01-01 1.21, 2005-07-01 1.17, 2006-01-01 1.37, 2006-07-01 1.95,
2007-01-01 2.70, 2007-07-01 3.19, 2008-01-01 3.32, 2008-07-01 3.19, 2009-01-01 1.62,
2009-07-01 0.12, 2011-07-01 0.37, 2012-01-01 0.12, 2013-01-01 -0.13, 2013-07-01 -0.38,
2014-01-01 -0.63, 2014-07-01 -0.73, 2015-01-01 -0.83, 2016-07-01 -0.88, 2023-01-01 1.62,
2023-07-01 3.12, 2024-01-01 3.62, 2024-07-01 3.37, 2025-01-01 2.27, 2025-07-01 1.27,
2026-01-01 1.27
"""


def test_the_table_is_the_published_one_from_2002() -> None:
    pairs = [item.split() for item in SPEC_TABLE.replace("\n", " ").split(",")]
    assert [(r.valid_from, r.percent) for r in TABLE.rates] == [
        (date.fromisoformat(day), Decimal(percent)) for day, percent in pairs
    ]


def test_a_default_in_2021_is_computed_over_the_negative_rate_then_2023() -> None:
    # 1000.00 EUR from 2022-12-30: 2 days at -0.88 + 9 = 8.12 %, 3 days at 1.62 + 9 = 10.62 %.
    cents, periods = default_interest(
        100_000, date(2022, 12, 30), date(2023, 1, 3), BUSINESS, TABLE
    )
    assert [p.annual_percent for p in periods] == [Decimal("8.12"), Decimal("10.62")]
    assert cents == by_hand(100_000, (2, "8.12"), (3, "10.62"))


def test_days_past_the_last_half_year_use_the_last_rate_and_are_unconfirmed() -> None:
    assert TABLE.confirmed_through == date(2026, 6, 30)
    cents, periods = default_interest(
        100_000, date(2026, 6, 21), date(2026, 7, 10), BUSINESS, TABLE
    )
    assert [(p.first, p.last, p.annual_percent, p.confirmed) for p in periods] == [
        (date(2026, 6, 21), date(2026, 6, 30), Decimal("10.27"), True),
        (date(2026, 7, 1), date(2026, 7, 10), Decimal("10.27"), False),
    ]
    assert cents == by_hand(100_000, (20, "10.27"))
    ctx = context(
        debtor=BUSINESS,
        due_date=date(2026, 6, 1),
        first_level_sent_on=date(2026, 6, 20),
        send_on=date(2026, 7, 10),
        level_fee_cents=0,
    )
    interest = charges(ctx, statutory_extras=True, table=TABLE)[0]
    assert (interest.cents, interest.unconfirmed_from) == (cents, date(2026, 7, 1))


def test_days_within_the_table_are_confirmed() -> None:
    interest = charges(context(), statutory_extras=True, table=TABLE)[1]
    assert interest.label == "Verzugszinsen (§ 288 BGB)"
    assert interest.unconfirmed_from is None


def test_an_added_half_year_confirms_its_six_months() -> None:
    table = with_operator_rates(TABLE, parse_base_rates("2026-07-01 1.27\n"))
    assert table.confirmed_through == date(2026, 12, 31)
    _, periods = default_interest(100_000, date(2026, 7, 1), date(2026, 12, 31), BUSINESS, table)
    assert all(p.confirmed for p in periods)


def test_the_operator_file_format() -> None:
    text = "# Basiszinssatz\n2026-07-01;1.27\n\n2027-01-01, -0.5  # announced\n"
    assert parse_base_rates(text) == [
        BaseRate(date(2026, 7, 1), Decimal("1.27")),
        BaseRate(date(2027, 1, 1), Decimal("-0.5")),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-07-01", "line 1: expected 'YYYY-MM-DD PERCENT'"),
        ("\n2026-13-01 1.0", "line 2: '2026-13-01' is not a date"),
        ("2026-08-01 1.0", "line 1: 2026-08-01 is not 1 January or 1 July"),
        ("2026-07-01 abc", "line 1: 'abc' is not a percentage"),
        ("2026-07-01 NaN", "line 1: NaN % is no plausible base rate"),
        ("2026-07-01 127", "line 1: 127 % is no plausible base rate"),
    ],
)
def test_a_bad_line_is_refused_naming_it(text: str, message: str) -> None:
    with pytest.raises(BaseRateLineInvalid) as refused:
        parse_base_rates(text)
    assert str(refused.value).startswith(message)


def test_an_operator_line_may_not_contradict_the_published_table() -> None:
    with pytest.raises(BaseRateLineInvalid, match=r"2024-01-01: 3\.00 % contradicts"):
        with_operator_rates(TABLE, parse_base_rates("2024-01-01 3.00"))
    assert with_operator_rates(TABLE, parse_base_rates("2024-01-01 3.62")) == TABLE


DAYS = st.dates(min_value=date(2002, 1, 1), max_value=date(2060, 12, 31))


@given(first=DAYS, length=st.integers(0, 3000), cut=st.integers(0, 3000))
def test_interest_is_the_sum_of_its_parts_across_rate_periods(
    first: date, length: int, cut: int
) -> None:
    """(property) Splitting a default anywhere changes nothing before rounding (up to Decimal's
    28 digits): each day is charged once, at the rate of its own period, confirmed or not."""
    last = first + timedelta(days=length)
    middle = first + timedelta(days=min(cut, length))
    _, whole = default_interest(1_000_000, first, last, BUSINESS, TABLE)
    _, head = default_interest(1_000_000, first, middle, BUSINESS, TABLE)
    _, tail = default_interest(1_000_000, middle + timedelta(days=1), last, BUSINESS, TABLE)
    assert sum(p.days for p in whole) == length + 1
    parts = sum(p.amount for p in (*head, *tail))
    assert abs(sum(p.amount for p in whole) - parts) < Decimal("1e-20")
    assert all(p.confirmed == (p.last <= date(2026, 6, 30)) for p in whole)
    for period in whole:
        assert period.first <= period.last
        assert TABLE.periods(period.first, period.first)[0][2] + 9 == period.annual_percent
