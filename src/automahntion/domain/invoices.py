"""Invoices as the rules see them (rule 2): overdue, closed, payment in progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class InvoiceStatus(StrEnum):
    """The invoice's status as lexoffice has it (`overdue` once its due date has passed)."""

    DRAFT = "draft"
    """An invoice taken back to draft in lexoffice: nothing to dun."""
    OPEN = "open"
    OVERDUE = "overdue"
    PAID = "paid"
    PAIDOFF = "paidoff"
    VOIDED = "voided"
    TRANSFERRED = "transferred"
    SEPADEBIT = "sepadebit"


class InvoiceKind(StrEnum):
    """The lexoffice voucher type: an invoice, a down-payment invoice, or a revenue voucher."""

    INVOICE = "invoice"
    DOWN_PAYMENT = "down_payment_invoice"
    """An Abschlagsrechnung: dunned like an invoice, with lexoffice endpoints of its own."""
    VOUCHER = "voucher"

    @property
    def has_lexoffice_document(self) -> bool:
        """lexoffice keeps the document (PDF, dunnings) of invoices; a revenue voucher imported
        from elsewhere has none, so its letters are our own."""
        return self is not InvoiceKind.VOUCHER


CLOSED_STATUSES = frozenset(
    {InvoiceStatus.DRAFT, InvoiceStatus.PAID, InvoiceStatus.PAIDOFF, InvoiceStatus.VOIDED}
)
PAYMENT_IN_PROGRESS = frozenset({InvoiceStatus.TRANSFERRED, InvoiceStatus.SEPADEBIT})


@dataclass(frozen=True, slots=True)
class Invoice:
    """One invoice or revenue voucher synced from lexoffice. Money is integer cents (EUR)."""

    lexoffice_id: str
    voucher_number: str
    voucher_date: date
    due_date: date
    total_cents: int
    open_cents: int
    contact_id: str | None
    status: InvoiceStatus
    kind: InvoiceKind = InvoiceKind.INVOICE
    language: str | None = None
    """lexoffice's `language` of the invoice (`de` when it names none or one we do not know);
    None until it was read (the voucher list does not carry it)."""
    unusable: str | None = None
    """Why lexoffice's record of it cannot be used, in words (None: it can); such an invoice
    is blocked (`unusable_record`) and the other fields hold what could be read."""
    changed_at: datetime | None = None
    """lexoffice's `updatedDate` of it as the voucher list last gave it (None: not listed since
    it was first stored with it): moved, something of the invoice changed in lexoffice."""

    def days_overdue(self, today: date) -> int:
        return (today - self.due_date).days

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def payment_in_progress(self) -> bool:
        return self.status in PAYMENT_IN_PROGRESS

    def is_overdue(self, today: date) -> bool:
        """Overdue by our own reckoning from the due date, never by lexoffice's flag alone.

        lexoffice may flag an invoice `overdue` on its due date, and flags past-due direct
        debits `overdue` in its list: both are checked against the invoice's own state here.
        """
        if self.open_cents <= 0 or self.is_closed or self.payment_in_progress:
            return False
        return self.days_overdue(today) >= 1

    def before_sync_start(self, sync_start: date | None) -> bool:
        return sync_start is not None and self.voucher_date < sync_start

    @property
    def still_owed(self) -> bool:
        """Something is left to pay and the invoice is not closed (a payment in progress may
        still be under way: see `may_be_dunned`)."""
        return not self.is_closed and self.open_cents > 0

    def may_be_dunned(self) -> bool:
        """What the payment-freshness re-read must confirm right before a send."""
        return self.still_owed and not self.payment_in_progress
