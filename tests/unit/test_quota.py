"""Plan quota (rule 4): plan limits, admission order, the overdue set, and admission."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from automahntion.domain.errors import ValidationFailed
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.quota import (
    PLAN_LIMITS,
    Admission,
    Plan,
    admission_key,
    admit,
    plan_limit,
    takes_slot,
)
from automahntion.domain.recipients import BlockReason

TODAY = date(2026, 6, 15)


def make_invoice(
    lexoffice_id: str,
    due_date: date,
    *,
    voucher_date: date | None = None,
    voucher_number: str = "RE-1",
    status: InvoiceStatus = InvoiceStatus.OPEN,
    open_cents: int = 10_000,
) -> Invoice:
    return Invoice(
        lexoffice_id=lexoffice_id,
        voucher_number=voucher_number,
        voucher_date=voucher_date if voucher_date is not None else due_date,
        due_date=due_date,
        total_cents=10_000,
        open_cents=open_cents,
        contact_id="contact-1",
        status=status,
    )


def ids(invoices: list[Invoice]) -> list[str]:
    return [i.lexoffice_id for i in invoices]


# --- plan_limit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "expected"), [(Plan.STARTER, 10), (Plan.BUSINESS, 50), (Plan.PRO, 250)]
)
def test_plan_limits(plan: Plan, expected: int) -> None:
    assert plan_limit(plan) == expected
    assert PLAN_LIMITS[plan] == expected


@pytest.mark.parametrize("custom", [0, 1, 7, 1000])
def test_custom_limit_replaces_plan_limit(custom: int) -> None:
    assert plan_limit(Plan.STARTER, custom) == custom
    assert plan_limit(Plan.PRO, custom) == custom


def test_negative_custom_limit_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        plan_limit(Plan.BUSINESS, -1)
    assert [p.field for p in caught.value.problems] == ["custom_limit"]


# --- admission_key ------------------------------------------------------------------------


def test_admission_order_due_date_first() -> None:
    older_due = make_invoice("z", date(2026, 5, 1), voucher_date=date(2026, 4, 30))
    newer_due = make_invoice("a", date(2026, 5, 2), voucher_date=date(2026, 1, 1))
    assert admission_key(older_due) < admission_key(newer_due)


def test_admission_order_voucher_date_breaks_due_date_ties() -> None:
    due = date(2026, 5, 1)
    early = make_invoice("z", due, voucher_date=date(2026, 4, 1), voucher_number="RE-9")
    late = make_invoice("a", due, voucher_date=date(2026, 4, 2), voucher_number="RE-1")
    assert sorted([late, early], key=admission_key) == [early, late]


def test_voucher_numbers_compare_as_plain_strings() -> None:
    due = date(2026, 5, 1)
    nine = make_invoice("a", due, voucher_number="RE-9")
    ten = make_invoice("b", due, voucher_number="RE-10")
    # As strings "RE-10" < "RE-9", although 10 > 9 as numbers.
    assert ids(sorted([nine, ten], key=admission_key)) == ["b", "a"]


def test_lexoffice_id_breaks_remaining_ties_as_plain_string() -> None:
    due = date(2026, 5, 1)
    first = make_invoice("id-10", due)
    second = make_invoice("id-9", due)
    assert ids(sorted([second, first], key=admission_key)) == ["id-10", "id-9"]


def test_admission_key_is_the_four_fields_in_order() -> None:
    invoice = make_invoice(
        "lx-1", date(2026, 5, 3), voucher_date=date(2026, 4, 3), voucher_number="RE-7"
    )
    assert admission_key(invoice) == (date(2026, 5, 3), date(2026, 4, 3), "RE-7", "lx-1")


# --- takes_slot ---------------------------------------------------------------------------


def test_overdue_invoice_takes_a_slot() -> None:
    assert takes_slot(make_invoice("a", date(2026, 6, 14)), TODAY) is True


def test_invoice_due_today_takes_no_slot_even_if_flagged_overdue() -> None:
    flagged = make_invoice("a", TODAY, status=InvoiceStatus.OVERDUE)
    assert takes_slot(flagged, TODAY) is False
    assert takes_slot(make_invoice("b", date(2026, 6, 20)), TODAY) is False


def test_lexoffice_overdue_status_one_day_after_due_takes_a_slot() -> None:
    flagged = make_invoice("a", date(2026, 6, 14), status=InvoiceStatus.OVERDUE)
    assert takes_slot(flagged, TODAY) is True


@pytest.mark.parametrize(
    "status",
    [
        InvoiceStatus.PAID,
        InvoiceStatus.PAIDOFF,
        InvoiceStatus.VOIDED,
        InvoiceStatus.TRANSFERRED,
        InvoiceStatus.SEPADEBIT,
    ],
)
def test_closed_or_payment_in_progress_takes_no_slot(status: InvoiceStatus) -> None:
    assert takes_slot(make_invoice("a", date(2026, 5, 1), status=status), TODAY) is False


def test_open_amount_zero_takes_no_slot() -> None:
    assert takes_slot(make_invoice("a", date(2026, 5, 1), open_cents=0), TODAY) is False


def test_partly_paid_invoice_keeps_its_slot() -> None:
    assert takes_slot(make_invoice("a", date(2026, 5, 1), open_cents=1), TODAY) is True


def test_sepadebit_falling_back_to_open_takes_a_slot_again() -> None:
    due = date(2026, 5, 1)
    assert takes_slot(make_invoice("a", due, status=InvoiceStatus.SEPADEBIT), TODAY) is False
    assert takes_slot(make_invoice("a", due, status=InvoiceStatus.OPEN), TODAY) is True


def test_sync_start_date_excludes_older_vouchers_only() -> None:
    due = date(2026, 5, 10)
    before = make_invoice("a", due, voucher_date=date(2026, 4, 30))
    on_start = make_invoice("b", due, voucher_date=date(2026, 5, 1))
    start = date(2026, 5, 1)
    assert takes_slot(before, TODAY, sync_start=start) is False
    assert takes_slot(on_start, TODAY, sync_start=start) is True
    assert takes_slot(before, TODAY, sync_start=None) is True


@pytest.mark.parametrize("reason", [BlockReason.MISSING_EMAIL, BlockReason.NO_CONTACT])
def test_blocked_invoice_takes_no_slot(reason: BlockReason) -> None:
    assert takes_slot(make_invoice("a", date(2026, 5, 1)), TODAY, blocked=reason) is False


def test_handed_over_invoice_frees_its_slot() -> None:
    invoice = make_invoice("a", date(2026, 5, 1))
    assert takes_slot(invoice, TODAY, handed_over=True) is False
    assert takes_slot(invoice, TODAY, handed_over=False) is True


def test_pause_is_not_a_reason_to_free_a_slot() -> None:
    # A paused invoice keeps its slot: a pause cannot even be passed to takes_slot.
    parameters = set(inspect.signature(takes_slot).parameters)
    assert parameters == {"invoice", "today", "sync_start", "blocked", "handed_over"}
    assert not any("pause" in name for name in parameters)


# --- admit --------------------------------------------------------------------------------


def five_invoices() -> list[Invoice]:
    """a..e in admission order, handed over deliberately shuffled."""
    invoices = [make_invoice(name, date(2026, 5, day)) for day, name in enumerate("abcde", 1)]
    return [invoices[3], invoices[0], invoices[4], invoices[2], invoices[1]]


def test_admit_fills_up_to_the_limit_in_admission_order() -> None:
    result = admit(five_invoices(), frozenset(), 3)
    assert set(result.admitted) == {"a", "b", "c"}
    assert result.waiting == ("d", "e")


def test_admit_with_room_for_all_admits_all() -> None:
    result = admit(five_invoices(), frozenset(), 10)
    assert set(result.admitted) == set("abcde")
    assert result.waiting == ()


def test_limit_zero_makes_all_wait_in_order() -> None:
    result = admit(five_invoices(), frozenset(), 0)
    assert result == Admission(admitted=(), waiting=("a", "b", "c", "d", "e"))


def test_empty_overdue_set() -> None:
    assert admit([], frozenset({"gone"}), 5) == Admission(admitted=(), waiting=())


def test_newly_synced_older_invoice_does_not_displace_admitted_ones() -> None:
    invoices = five_invoices()
    first = admit(invoices, frozenset(), 3)
    older = make_invoice("old", date(2026, 1, 1))
    second = admit([*invoices, older], frozenset(first.admitted), 3)
    assert set(second.admitted) == {"a", "b", "c"}
    # The older one waits, but at the head of the queue.
    assert second.waiting == ("old", "d", "e")


def test_leaving_the_overdue_set_frees_a_slot_for_the_next_waiting_one() -> None:
    invoices = five_invoices()
    older = make_invoice("old", date(2026, 1, 1))
    admitted_before = frozenset({"a", "b", "c"})
    without_b = [i for i in [*invoices, older] if i.lexoffice_id != "b"]
    result = admit(without_b, admitted_before, 3)
    assert set(result.admitted) == {"a", "c", "old"}
    assert result.waiting == ("d", "e")


def test_admitted_ids_no_longer_in_the_set_are_forgotten() -> None:
    result = admit(five_invoices(), frozenset({"x", "y", "e"}), 3)
    assert set(result.admitted) == {"e", "a", "b"}
    assert result.waiting == ("c", "d")


def test_downgrade_keeps_the_first_admitted_in_admission_order() -> None:
    # b, c, d, e admitted (a waited because it was synced later); limit drops to 2.
    result = admit(five_invoices(), frozenset({"b", "c", "d", "e"}), 2)
    assert set(result.admitted) == {"b", "c"}
    assert result.waiting == ("a", "d", "e")


def test_downgrade_to_zero_sends_everyone_back_to_wait() -> None:
    result = admit(five_invoices(), frozenset("abc"), 0)
    assert result.admitted == ()
    assert result.waiting == ("a", "b", "c", "d", "e")


def test_upgrade_admits_waiting_ones_at_once() -> None:
    invoices = five_invoices()
    result = admit(invoices, frozenset({"c", "d"}), 4)
    assert set(result.admitted) == {"a", "b", "c", "d"}
    assert result.waiting == ("e",)


def test_same_limit_and_same_set_is_stable() -> None:
    invoices = five_invoices()
    first = admit(invoices, frozenset({"b", "d", "e"}), 3)
    assert set(first.admitted) == {"b", "d", "e"}
    assert first.waiting == ("a", "c")
    assert admit(invoices, frozenset(first.admitted), 3) == first


def test_admitted_and_waiting_partition_the_overdue_set() -> None:
    result = admit(five_invoices(), frozenset({"e"}), 2)
    assert set(result.admitted) | set(result.waiting) == set("abcde")
    assert not set(result.admitted) & set(result.waiting)
    assert len(result.admitted) == 2
