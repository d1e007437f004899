"""What activation tells the owner about long-overdue invoices (domain rules 3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from automahntion.domain.activation import LongOverdue, long_overdue
from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, TenantRules, plan_day
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy
from automahntion.domain.recipients import Contact, EmailAddresses

TODAY = date(2026, 11, 27)
CONTACT = Contact("c1", "Café", EmailAddresses(business=("a@cafe.example",)))


def _file(
    number: str, due_ago: int, voucher_ago: int, contact: Contact | None = CONTACT, **kw: object
) -> InvoiceFile:
    invoice = Invoice(
        lexoffice_id=f"id-{number}",
        voucher_number=number,
        voucher_date=TODAY - timedelta(days=voucher_ago),
        due_date=TODAY - timedelta(days=due_ago),
        total_cents=10_000,
        open_cents=10_000,
        contact_id=contact.lexoffice_id if contact else None,
        status=InvoiceStatus.OPEN,
    )
    return InvoiceFile(invoice, contact, **kw)


def _answer(files: list[InvoiceFile], limit: int = 10, **rules: object) -> LongOverdue:
    policy = TenantRules(DunningPolicy.default(), SendingCalendar(), limit, **rules)
    return long_overdue(plan_day(files, policy, TODAY), TODAY)


def test_the_suggested_sync_start_is_the_day_after_the_latest_long_overdue_voucher() -> None:
    files = [
        _file("RE-1", 150, 180),
        _file("RE-2", 91, 100),
        _file("RE-3", 90, 200),
        _file("RE-4", 10, 40),
    ]
    assert _answer(files) == LongOverdue(2, TODAY - timedelta(days=99))


def test_that_sync_start_leaves_every_one_of_them_out() -> None:
    files = [_file("RE-1", 150, 180), _file("RE-2", 120, 130), _file("RE-3", 10, 40)]
    answer = _answer(files)
    assert answer.sync_start is not None
    assert _answer(files, sync_start=answer.sync_start) == LongOverdue(0, None)


def test_nothing_long_overdue_suggests_no_sync_start() -> None:
    assert _answer([_file("RE-1", 90, 100), _file("RE-2", 5, 20)]) == LongOverdue(0, None)
    assert _answer([]) == LongOverdue(0, None)


def test_waiting_and_blocked_invoices_count_but_closed_or_handed_over_ones_do_not() -> None:
    nobody = Contact("c9", "Kantine")
    paid = _file("RE-paid", 200, 210)
    paid = replace(paid, invoice=replace(paid.invoice, status=InvoiceStatus.PAID, open_cents=0))
    files = [
        _file("RE-admitted", 100, 110),
        _file("RE-waiting", 95, 105),
        _file("RE-blocked", 120, 130, nobody),
        _file("RE-handed-over", 300, 310, handed_over=True),
        paid,
    ]
    assert _answer(files, limit=1) == LongOverdue(3, TODAY - timedelta(days=104))
