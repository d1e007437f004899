"""lexoffice's voucher list read as invoices: the list's filters, its statuses and types, and
what makes a listed voucher unusable."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from automahntion.app.lexoffice.ports import ListedVoucher
from automahntion.domain.invoices import CLOSED_STATUSES, Invoice, InvoiceKind, InvoiceStatus

PAGE_SIZE = 250
INVOICE_TYPES = ("invoice", "downpaymentinvoice")
VOUCHER_TYPES = ("salesinvoice",)
OPEN = ("open",)
IN_PAYMENT = ("transferred", "sepadebit")
CLOSED = ("paid", "paidoff", "voided", "draft")
KINDS = {
    "invoice": InvoiceKind.INVOICE,
    "downpaymentinvoice": InvoiceKind.DOWN_PAYMENT,
    **dict.fromkeys(VOUCHER_TYPES, InvoiceKind.VOUCHER),
}

_STATUSES = {s.value: s for s in InvoiceStatus}


def status_in_group(item: ListedVoucher, group: Sequence[str]) -> InvoiceStatus | None:
    """The list says `overdue` for past-due open *and* direct-debit vouchers: the filter that
    found the item tells which one it is. None for a status we do not know."""
    if item.listed_status != "overdue":
        return _STATUSES.get(item.listed_status)
    return InvoiceStatus.SEPADEBIT if group is IN_PAYMENT else InvoiceStatus.OPEN


def _problems(item: ListedVoucher, status: InvoiceStatus | None) -> str | None:
    """Why the item cannot be dunned as it stands, in the tenant's words (None: it can)."""
    problems = [item.problem] if item.problem else []
    if item.voucher_type not in INVOICE_TYPES + VOUCHER_TYPES:
        problems.append(f"unbekannte Belegart „{item.voucher_type}“")
    if status is None:
        problems.append(f"unbekannter Belegstatus „{item.listed_status}“")
    if item.voucher_date is None:
        problems.append("kein lesbares Belegdatum")
    if item.due_date is None:
        problems.append("kein lesbares Fälligkeitsdatum")
    if item.open_cents is None and not item.problem and status not in CLOSED_STATUSES:
        problems.append("kein offener Betrag")
    if item.open_cents is not None and item.open_cents < 0 and status not in CLOSED_STATUSES:
        problems.append("negativer offener Betrag")
    return "; ".join(problems) or None


def to_invoice(item: ListedVoucher, status: InvoiceStatus | None, today: date) -> Invoice:
    """What a record lacks is filled in from what it has (or `today`) only to keep it: an
    invoice with a problem is `unusable`, blocked and never dunned."""
    voucher_date = item.voucher_date or item.due_date or today
    return Invoice(
        lexoffice_id=item.lexoffice_id,
        voucher_number=item.voucher_number,
        voucher_date=voucher_date,
        due_date=item.due_date or voucher_date,
        total_cents=item.total_cents,
        open_cents=item.open_cents if item.open_cents is not None else 0,
        contact_id=item.contact_id,
        status=status or InvoiceStatus.OPEN,
        kind=KINDS.get(item.voucher_type, InvoiceKind.INVOICE),
        unusable=_problems(item, status),
        changed_at=item.updated_at,
    )
