"""Rule 2: which synced invoices are overdue, closed, in payment or excluded by the sync start."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.invoices import (
    CLOSED_STATUSES,
    PAYMENT_IN_PROGRESS,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
)

S = InvoiceStatus
DUE = date(2026, 3, 10)


def make_invoice(
    *,
    status: InvoiceStatus = InvoiceStatus.OPEN,
    due_date: date = DUE,
    voucher_date: date = date(2026, 2, 24),
    total_cents: int = 119_00,
    open_cents: int = 119_00,
    contact_id: str | None = "contact-1",
    kind: InvoiceKind = InvoiceKind.INVOICE,
) -> Invoice:
    return Invoice(
        lexoffice_id="inv-1",
        voucher_number="RE-2026-0001",
        voucher_date=voucher_date,
        due_date=due_date,
        total_cents=total_cents,
        open_cents=open_cents,
        contact_id=contact_id,
        status=status,
        kind=kind,
    )


# --- the model ----------------------------------------------------------------------------


def test_status_values_match_lexoffice() -> None:
    assert {s.value for s in InvoiceStatus} == {
        "draft",
        "open",
        "overdue",
        "paid",
        "paidoff",
        "voided",
        "transferred",
        "sepadebit",
    }
    assert InvoiceStatus("sepadebit") is InvoiceStatus.SEPADEBIT


def test_kinds_and_defaults() -> None:
    assert {k.value for k in InvoiceKind} == {"invoice", "down_payment_invoice", "voucher"}
    invoice = make_invoice()
    assert invoice.kind is InvoiceKind.INVOICE
    assert invoice.language is None, "not read from lexoffice yet"
    voucher = make_invoice(kind=InvoiceKind.VOUCHER)
    assert voucher.kind is InvoiceKind.VOUCHER


def test_invoice_is_immutable() -> None:
    invoice = make_invoice()
    with pytest.raises(AttributeError):
        invoice.open_cents = 0  # type: ignore[misc]


def test_closed_and_payment_sets() -> None:
    assert frozenset({S.DRAFT, S.PAID, S.PAIDOFF, S.VOIDED}) == CLOSED_STATUSES
    assert frozenset({S.TRANSFERRED, S.SEPADEBIT}) == PAYMENT_IN_PROGRESS
    assert CLOSED_STATUSES.isdisjoint(PAYMENT_IN_PROGRESS)


# --- days_overdue -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 1), -9),
        (date(2026, 3, 9), -1),
        (date(2026, 3, 10), 0),
        (date(2026, 3, 11), 1),
        (date(2026, 3, 13), 3),
        (date(2026, 4, 10), 31),
        (date(2027, 3, 10), 365),
    ],
)
def test_days_overdue_is_days_since_due_date(today: date, expected: int) -> None:
    assert make_invoice().days_overdue(today) == expected


def test_days_overdue_does_not_depend_on_status() -> None:
    for status in InvoiceStatus:
        assert make_invoice(status=status).days_overdue(date(2026, 3, 20)) == 10


# --- is_overdue ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.OPEN, S.OVERDUE])
def test_not_overdue_before_or_on_the_due_date(status: InvoiceStatus) -> None:
    invoice = make_invoice(status=status)
    assert invoice.is_overdue(date(2026, 3, 1)) is False
    assert invoice.is_overdue(date(2026, 3, 9)) is False
    assert invoice.is_overdue(DUE) is False


def test_lexoffice_overdue_flag_on_due_date_is_not_enough() -> None:
    # lexoffice may already flag the invoice overdue on its due date: we compute it ourselves.
    invoice = make_invoice(status=S.OVERDUE)
    assert invoice.days_overdue(DUE) == 0
    assert invoice.is_overdue(DUE) is False
    assert invoice.is_overdue(DUE + timedelta(days=1)) is True


@pytest.mark.parametrize("status", [S.OPEN, S.OVERDUE])
def test_overdue_from_the_day_after_the_due_date(status: InvoiceStatus) -> None:
    invoice = make_invoice(status=status)
    assert invoice.is_overdue(date(2026, 3, 11)) is True
    assert invoice.is_overdue(date(2026, 4, 30)) is True
    assert invoice.is_overdue(date(2028, 1, 1)) is True


@pytest.mark.parametrize("status", [S.OPEN, S.OVERDUE])
def test_zero_open_amount_is_never_overdue(status: InvoiceStatus) -> None:
    invoice = make_invoice(status=status, open_cents=0)
    assert invoice.is_overdue(date(2026, 3, 11)) is False
    assert invoice.is_overdue(date(2027, 3, 11)) is False


def test_negative_open_amount_is_never_overdue() -> None:
    # A credit (overpayment) is no debt.
    assert make_invoice(status=S.OVERDUE, open_cents=-500).is_overdue(date(2026, 4, 1)) is False


@pytest.mark.parametrize("status", [S.TRANSFERRED, S.SEPADEBIT])
def test_payment_in_progress_is_never_overdue(status: InvoiceStatus) -> None:
    invoice = make_invoice(status=status)
    assert invoice.payment_in_progress is True
    assert invoice.is_closed is False
    assert invoice.is_overdue(date(2026, 3, 11)) is False
    assert invoice.is_overdue(date(2026, 6, 30)) is False
    assert invoice.may_be_dunned() is False


@pytest.mark.parametrize("status", [S.TRANSFERRED, S.SEPADEBIT])
def test_falling_back_to_open_makes_it_overdue_again(status: InvoiceStatus) -> None:
    in_payment = make_invoice(status=status)
    today = date(2026, 4, 1)
    assert in_payment.is_overdue(today) is False
    assert replace(in_payment, status=S.OPEN).is_overdue(today) is True
    assert replace(in_payment, status=S.OVERDUE).is_overdue(today) is True


@pytest.mark.parametrize("status", [S.PAID, S.PAIDOFF, S.VOIDED])
def test_closed_statuses_are_never_overdue(status: InvoiceStatus) -> None:
    # Even with a stale open amount still on the record.
    invoice = make_invoice(status=status, open_cents=119_00)
    assert invoice.is_closed is True
    assert invoice.payment_in_progress is False
    assert invoice.is_overdue(date(2026, 3, 11)) is False
    assert invoice.is_overdue(date(2027, 1, 1)) is False
    assert invoice.may_be_dunned() is False


@pytest.mark.parametrize("status", [S.OPEN, S.OVERDUE])
def test_open_statuses_are_neither_closed_nor_in_payment(status: InvoiceStatus) -> None:
    invoice = make_invoice(status=status)
    assert invoice.is_closed is False
    assert invoice.payment_in_progress is False


def test_partly_paid_invoice_stays_overdue() -> None:
    invoice = make_invoice(status=S.OVERDUE, total_cents=119_00, open_cents=19_00)
    assert invoice.is_overdue(date(2026, 3, 11)) is True
    assert invoice.is_overdue(date(2026, 5, 1)) is True
    assert invoice.may_be_dunned() is True
    assert invoice.open_cents == 19_00


def test_one_cent_open_is_still_overdue() -> None:
    assert make_invoice(status=S.OPEN, open_cents=1).is_overdue(date(2026, 3, 11)) is True


def test_overdue_works_for_revenue_vouchers_too() -> None:
    voucher = make_invoice(kind=InvoiceKind.VOUCHER, status=S.OPEN)
    assert voucher.is_overdue(date(2026, 3, 11)) is True
    assert voucher.is_overdue(DUE) is False


# --- may_be_dunned (the re-read check) ----------------------------------------------------


@pytest.mark.parametrize(
    ("status", "open_cents", "expected"),
    [
        (S.OPEN, 119_00, True),
        (S.OVERDUE, 119_00, True),
        (S.OVERDUE, 1, True),
        (S.OPEN, 0, False),
        (S.OVERDUE, 0, False),
        (S.PAID, 0, False),
        (S.PAID, 119_00, False),
        (S.PAIDOFF, 0, False),
        (S.VOIDED, 119_00, False),
        (S.TRANSFERRED, 119_00, False),
        (S.SEPADEBIT, 119_00, False),
    ],
)
def test_may_be_dunned(status: InvoiceStatus, open_cents: int, expected: bool) -> None:
    assert make_invoice(status=status, open_cents=open_cents).may_be_dunned() is expected


# --- sync start date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voucher_date", "excluded"),
    [
        (date(2025, 12, 31), True),
        (date(2026, 1, 1), False),  # on the sync start date itself: kept
        (date(2026, 1, 2), False),
        (date(2024, 6, 1), True),
    ],
)
def test_sync_start_excludes_vouchers_dated_before_it(voucher_date: date, excluded: bool) -> None:
    invoice = make_invoice(voucher_date=voucher_date, due_date=voucher_date + timedelta(days=14))
    assert invoice.before_sync_start(date(2026, 1, 1)) is excluded


def test_no_sync_start_excludes_nothing() -> None:
    assert make_invoice(voucher_date=date(1999, 1, 1)).before_sync_start(None) is False


def test_sync_start_looks_at_voucher_date_not_due_date() -> None:
    # Dated before the start, due after it: still excluded.
    old = make_invoice(voucher_date=date(2025, 12, 20), due_date=date(2026, 1, 20))
    assert old.before_sync_start(date(2026, 1, 1)) is True
    # Dated on the start date itself: admitted whatever the due date.
    kept = make_invoice(voucher_date=date(2026, 1, 1), due_date=date(2026, 1, 15))
    assert kept.before_sync_start(date(2026, 1, 1)) is False


# --- properties ---------------------------------------------------------------------------

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))

invoices = st.builds(
    Invoice,
    lexoffice_id=st.sampled_from(["inv-1", "inv-2"]),
    voucher_number=st.sampled_from(["RE-1", "RE-2"]),
    voucher_date=dates,
    due_date=dates,
    total_cents=st.integers(min_value=0, max_value=10_000_000),
    open_cents=st.integers(min_value=-10_000, max_value=10_000_000),
    contact_id=st.sampled_from([None, "contact-1"]),
    status=st.sampled_from(InvoiceStatus),
    kind=st.sampled_from(InvoiceKind),
)


@given(invoice=invoices, today=dates)
def test_overdue_implies_every_condition(invoice: Invoice, today: date) -> None:
    if invoice.is_overdue(today):
        assert invoice.open_cents > 0
        assert invoice.status not in CLOSED_STATUSES
        assert invoice.status not in PAYMENT_IN_PROGRESS
        assert invoice.status in {S.OPEN, S.OVERDUE}
        assert invoice.days_overdue(today) >= 1
        assert invoice.may_be_dunned()


@given(invoice=invoices, today=dates)
def test_overdue_is_exactly_the_rule(invoice: Invoice, today: date) -> None:
    expected = (
        invoice.status in {S.OPEN, S.OVERDUE}
        and invoice.open_cents > 0
        and (today - invoice.due_date).days >= 1
    )
    assert invoice.is_overdue(today) is expected


@given(invoice=invoices, today=dates, later=st.integers(min_value=0, max_value=3650))
def test_overdue_stays_overdue_as_time_passes(invoice: Invoice, today: date, later: int) -> None:
    if invoice.is_overdue(today):
        assert invoice.is_overdue(today + timedelta(days=later))


@given(invoice=invoices, today=dates)
def test_days_overdue_grows_by_one_per_day(invoice: Invoice, today: date) -> None:
    assert invoice.days_overdue(today + timedelta(days=1)) == invoice.days_overdue(today) + 1
    assert invoice.days_overdue(invoice.due_date) == 0


@given(invoice=invoices, sync_start=st.none() | dates)
def test_before_sync_start_matches_voucher_date(invoice: Invoice, sync_start: date | None) -> None:
    expected = sync_start is not None and invoice.voucher_date < sync_start
    assert invoice.before_sync_start(sync_start) is expected
