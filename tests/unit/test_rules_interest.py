"""Rule 7, default interest, day by day: each day of default is charged at the base rate valid
on that day (the latest half-year of the § 247 BGB table starting on or before it, copied here
from the rule's text, not from the code) plus 9 points for a business or 5 for a consumer,
on 1/365 of a year; the sum is rounded to the cent once. Days past the table's last
half-year + 6 months use the last rate and are reported as unconfirmed, never a crash.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.interest import BaseRateTable, MessageContext, charges, default_interest
from automahntion.domain.recipients import DebtorKind

RULE_TABLE = """
2002-01-01 2.57, 2002-07-01 2.47, 2003-01-01 1.97, 2003-07-01 1.22, 2004-01-01 1.14,
2004-07-01 1.13, 2005-01-01 1.21, 2005-07-01 1.17, 2006-01-01 1.37, 2006-07-01 1.95,
2007-01-01 2.70, 2007-07-01 3.19, 2008-01-01 3.32, 2008-07-01 3.19, 2009-01-01 1.62,
2009-07-01 0.12, 2011-07-01 0.37, 2012-01-01 0.12, 2013-01-01 -0.13, 2013-07-01 -0.38,
2014-01-01 -0.63, 2014-07-01 -0.73, 2015-01-01 -0.83, 2016-07-01 -0.88, 2023-01-01 1.62,
2023-07-01 3.12, 2024-01-01 3.62, 2024-07-01 3.37, 2025-01-01 2.27, 2025-07-01 1.27,
2026-01-01 1.27
"""
RATES = sorted(
    (date.fromisoformat(day), Decimal(percent))
    for day, percent in (item.split() for item in RULE_TABLE.replace("\n", " ").split(","))
)
CONFIRMED_THROUGH = date(2026, 6, 30)  # the last half-year (2026-01-01) + 6 months, minus a day
MARKUP = {DebtorKind.BUSINESS: Decimal(9), DebtorKind.CONSUMER: Decimal(5)}
TABLE = BaseRateTable()


def base_rate_on(day: date) -> Decimal:
    return [percent for valid_from, percent in RATES if valid_from <= day][-1]


def by_the_day(principal: int, first: date, last: date, debtor: DebtorKind) -> int:
    total = Decimal(0)
    day = first
    while day <= last:
        total += Decimal(principal) * (base_rate_on(day) + MARKUP[debtor]) / 100 / 365
        day += timedelta(days=1)
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(
    principal=st.integers(1, 10_000_000_00),
    first=st.dates(date(2002, 1, 1), date(2027, 12, 31)),
    length=st.integers(0, 400),
    debtor=st.sampled_from(list(DebtorKind)),
)
def test_interest_is_charged_day_by_day_at_each_days_own_rate(
    principal: int, first: date, length: int, debtor: DebtorKind
) -> None:
    last = first + timedelta(days=length)
    cents, periods = default_interest(principal, first, last, debtor, TABLE)
    assert abs(cents - by_the_day(principal, first, last, debtor)) <= 1
    # (Rounding once from 1/365 sums in another order may differ by at most one cent only when
    # the exact value sits on a half cent; with the same order it is exact:)
    exact = sum((p.amount for p in periods), Decimal(0))
    assert cents == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert sum(p.days for p in periods) == length + 1
    for period in periods:
        assert period.annual_percent == base_rate_on(period.first) + MARKUP[debtor]
        assert base_rate_on(period.last) == base_rate_on(period.first), "one rate per period"
        assert period.confirmed is (period.last <= CONFIRMED_THROUGH)


def test_the_years_without_a_change_run_on_the_last_rate_until_2023() -> None:
    """2016-07-01 -0.88 % stood until 2022-12-31: the whole leap year 2020 at 8.12 % for a
    business, 366 days on 1/365 each."""
    cents, periods = default_interest(
        100_000_00, date(2020, 1, 1), date(2020, 12, 31), DebtorKind.BUSINESS, TABLE
    )
    assert [(p.first, p.last, p.annual_percent) for p in periods] == [
        (date(2020, 1, 1), date(2020, 12, 31), Decimal("8.12"))
    ]
    assert cents == 8_142_25  # 100,000.00 x 8.12 % x 366 / 365 = 8,142.246…


def test_a_consumer_pays_base_plus_five_on_the_rate_of_2024_h2() -> None:
    # 10,000.00 EUR from 1 to 30 September 2024: 30 days at 3.37 + 5 = 8.37 %.
    cents, _ = default_interest(
        10_000_00, date(2024, 9, 1), date(2024, 9, 30), DebtorKind.CONSUMER, TABLE
    )
    assert cents == 68_79  # 1,000,000 x 8.37 / 100 x 30 / 365 = 6,879.45… cents


def test_a_message_far_past_the_table_is_computed_and_marked_unconfirmed() -> None:
    context = MessageContext(
        open_cents=500_00,
        due_date=date(2027, 1, 4),
        debtor=DebtorKind.BUSINESS,
        first_level_sent_on=date(2027, 1, 7),
        send_on=date(2028, 3, 1),
        level_fee_cents=0,
        flat_fee_claimed_before=True,
    )
    [interest] = charges(context, statutory_extras=True, table=TABLE)
    assert interest.unconfirmed_from == date(2027, 1, 8)
    assert interest.cents == by_the_day(500_00, date(2027, 1, 8), date(2028, 3, 1), context.debtor)
