"""Money and the price list (rule 7): yearly discount, add-ons, letter billing, trial."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from automahntion.domain.money import euros, round_cents
from automahntion.domain.prices import (
    DEFAULT_MONTHLY_PLAN_CENTS,
    LETTER_CENTS,
    SMTP_ADDON_CENTS,
    BillingCycle,
    BillLine,
    LetterKind,
    letter_lines,
    previous_month,
    subscription_cents,
    subscription_invoice_allowed,
)
from automahntion.domain.quota import Plan

# --- money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        ("0.5", 1),
        ("1.5", 2),
        ("2.5", 3),
        ("2.4999", 2),
        ("10189.8", 10190),
        ("-0.5", -1),
        ("-2.5", -3),
        ("7", 7),
    ],
)
def test_round_cents_is_half_away_from_zero(amount: str, cents: int) -> None:
    result = round_cents(Decimal(amount))
    assert result == cents
    assert type(result) is int


def test_euros_from_cents_is_exact_decimal() -> None:
    assert euros(1234) == Decimal("12.34")
    assert euros(5) == Decimal("0.05")
    assert euros(-385) == Decimal("-3.85")
    assert isinstance(euros(1), Decimal)


# --- subscriptions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("monthly", "yearly"),
    [
        (1900, 19380),  # 12 x 19.00 x 0.85 = 193.80
        (4900, 49980),  # 12 x 49.00 x 0.85 = 499.80
        (14900, 151980),
        (999, 10190),  # 10189.8 cents, rounded up
        (1001, 10210),  # 10210.2 cents, rounded down
        (0, 0),
    ],
)
def test_yearly_price_is_twelve_months_less_fifteen_percent(monthly: int, yearly: int) -> None:
    result = subscription_cents(monthly, BillingCycle.YEARLY)
    assert result == yearly
    assert type(result) is int


def test_yearly_price_equals_exact_formula_for_many_prices() -> None:
    for monthly in range(0, 20_000, 37):
        exact = 12 * Decimal(monthly) * Decimal("0.85")
        assert subscription_cents(monthly, BillingCycle.YEARLY) == int(exact + Decimal("0.5"))


@pytest.mark.parametrize("monthly", [1900, 999, 0])
def test_monthly_price_is_unchanged(monthly: int) -> None:
    assert subscription_cents(monthly, BillingCycle.MONTHLY) == monthly


def test_default_plan_prices_are_integer_cents() -> None:
    assert set(DEFAULT_MONTHLY_PLAN_CENTS) == set(Plan)
    assert all(type(v) is int and v > 0 for v in DEFAULT_MONTHLY_PLAN_CENTS.values())


def test_smtp_addon_and_letter_prices() -> None:
    assert SMTP_ADDON_CENTS == 3995
    assert LETTER_CENTS == {LetterKind.STANDARD: 385, LetterKind.REGISTERED: 620}


# --- trial --------------------------------------------------------------------------------


def test_no_subscription_invoice_before_the_trial_ends() -> None:
    ends = date(2026, 4, 15)
    assert subscription_invoice_allowed(ends, date(2026, 4, 14)) is False
    assert subscription_invoice_allowed(ends, date(2026, 1, 1)) is False


def test_subscription_invoice_from_the_trial_end_day_on() -> None:
    ends = date(2026, 4, 15)
    assert subscription_invoice_allowed(ends, ends) is True
    assert subscription_invoice_allowed(ends, date(2026, 4, 16)) is True


def test_without_trial_invoicing_is_allowed() -> None:
    assert subscription_invoice_allowed(None, date(2026, 4, 15)) is True


# --- letters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2026, 3, 1), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2026, 1, 1), (date(2025, 12, 1), date(2025, 12, 31))),
        (date(2024, 3, 1), (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2026, 5, 17), (date(2026, 4, 1), date(2026, 4, 30))),
        (date(2026, 8, 31), (date(2026, 7, 1), date(2026, 7, 31))),
    ],
)
def test_previous_month(today: date, period: tuple[date, date]) -> None:
    assert previous_month(today) == period


def test_a_months_letters_are_billed_a_line_per_kind() -> None:
    lines = letter_lines({LetterKind.STANDARD: 3, LetterKind.REGISTERED: 2})
    assert lines == (
        BillLine(LetterKind.STANDARD, 3, 385),
        BillLine(LetterKind.REGISTERED, 2, 620),
    )
    assert sum(line.total_cents for line in lines) == 2395
    assert [line.total_cents for line in lines] == [1155, 1240]


def test_letter_lines_with_one_kind_have_one_line() -> None:
    assert letter_lines({LetterKind.REGISTERED: 1}) == (BillLine(LetterKind.REGISTERED, 1, 620),)
    assert letter_lines({LetterKind.STANDARD: 0, LetterKind.REGISTERED: 1}) == (
        BillLine(LetterKind.REGISTERED, 1, 620),
    )


def test_no_letter_lines_without_letters() -> None:
    assert letter_lines({}) == ()
    assert letter_lines({LetterKind.STANDARD: 0, LetterKind.REGISTERED: 0}) == ()
