"""The payment-freshness gate (rule 3): never write to someone who may already have paid."""

from __future__ import annotations

from datetime import datetime, timedelta

from automahntion.domain.invoices import (
    CLOSED_STATUSES,
    PAYMENT_IN_PROGRESS,
    Invoice,
    InvoiceStatus,
)

MAX_SYNC_AGE = timedelta(hours=26)


def sync_is_fresh(last_successful_sync: datetime | None, now: datetime) -> bool:
    """A tenant whose last good sync is older than 26 hours gets nothing sent.

    A sync recorded later than the cycle's clock (a what-if run with `--as-of`) counts as fresh.
    """
    if last_successful_sync is None:
        return False
    return now - last_successful_sync <= MAX_SYNC_AGE


def still_as_stated(status: InvoiceStatus, open_cents: int, stated_cents: int) -> bool:
    """The last look right before the hand-over, at the invoice as stored now (a lexoffice
    event or a sync may have stored a payment since the re-check): still to be dunned, and at
    least as much open as the message asks for."""
    stored = status not in CLOSED_STATUSES and status not in PAYMENT_IN_PROGRESS
    return stored and open_cents > 0 and stated_cents <= open_cents


def confirmed_unpaid(reread: Invoice | None) -> bool:
    """The re-read right before a send. `None` means the re-read failed: do not send today."""
    return reread is not None and reread.may_be_dunned()
