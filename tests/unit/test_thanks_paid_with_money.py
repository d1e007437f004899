"""Rule 5: "thank you for your payment" only when money was paid. lexoffice says `paid` as well
for an invoice cleared by a credit note, written off or closed by a discount."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.thanks import MONEY_PAYMENT_TYPES, PaymentItem, paid_with_money

ALL_TYPES = (
    "partPaymentFinancialTransaction",
    "partPaymentCreditNote",
    "partPaymentCashBox",
    "manualPayment",
    "cashDiscount",
    "dunningCosts",
    "currencyConversion",
    "irrecoverableReceivable",
)
NO_MONEY = tuple(t for t in ALL_TYPES if t not in MONEY_PAYMENT_TYPES)

items = st.builds(PaymentItem, st.sampled_from(ALL_TYPES), st.integers(-(10**9), 10**9))


@pytest.mark.parametrize(
    "item_type", ["partPaymentFinancialTransaction", "partPaymentCashBox", "manualPayment"]
)
def test_a_bank_cash_or_booked_payment_is_money(item_type: str) -> None:
    assert paid_with_money([PaymentItem(item_type, 119_00)])


@pytest.mark.parametrize(
    "item_type",
    ["partPaymentCreditNote", "irrecoverableReceivable", "cashDiscount", "currencyConversion"],
)
def test_a_credit_note_write_off_or_discount_alone_is_no_money(item_type: str) -> None:
    assert not paid_with_money([PaymentItem(item_type, 119_00)])


def test_an_invoice_without_payment_items_was_not_paid_with_money() -> None:
    assert not paid_with_money([])


def test_a_part_paid_by_bank_and_the_rest_by_credit_note_was_paid_with_money() -> None:
    assert paid_with_money(
        [
            PaymentItem("partPaymentFinancialTransaction", 20_00),
            PaymentItem("partPaymentCreditNote", 99_00),
        ]
    )


def test_a_payment_reversed_in_full_is_no_money() -> None:
    assert not paid_with_money(
        [PaymentItem("manualPayment", 50_00), PaymentItem("manualPayment", -50_00)]
    )


@given(st.lists(st.builds(PaymentItem, st.sampled_from(NO_MONEY), st.integers(-(10**9), 10**9))))
def test_items_without_money_never_make_a_thank_you_due(cleared: list[PaymentItem]) -> None:
    assert not paid_with_money(cleared)


@given(st.lists(items), st.lists(items))
def test_only_the_money_items_decide(first: list[PaymentItem], second: list[PaymentItem]) -> None:
    money = sum(i.cents for i in first + second if i.item_type in MONEY_PAYMENT_TYPES)
    assert paid_with_money(first + second) is (money > 0)
    assert paid_with_money(second + first) is paid_with_money(first + second)


def test_the_money_types_are_lexoffice_types() -> None:
    assert set(ALL_TYPES) >= MONEY_PAYMENT_TYPES
