"""What the owner is told before activating (rule 3): how many invoices are long overdue, and
the sync start date that would leave them out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from automahntion.domain.cycle import Outlook, Standing

NOT_ACTIVATED = "not activated: nothing is sent before the owner activates it"
"""Why a tenant's cycle and thank-you e-mails send nothing yet."""

LONG_OVERDUE_DAYS = 90
"""Overdue for more than this many days: an owner may rather not remind of it out of the blue."""

STILL_DUNNED = frozenset({Standing.ADMITTED, Standing.WAITING, Standing.BLOCKED})
"""Where an invoice stands that dunning would still reach once it is admitted or unblocked."""


@dataclass(frozen=True)
class LongOverdue:
    count: int
    sync_start: date | None
    """The earliest sync start date that leaves every one of them out; None when there is none."""


def long_overdue(outlooks: Iterable[Outlook], today: date) -> LongOverdue:
    """Invoices still dunned on `today` and overdue for more than `LONG_OVERDUE_DAYS`. A sync
    start leaves out invoices dated before it, so the day after the latest voucher date among
    them is the earliest that leaves out all of them."""
    dates = [
        o.file.invoice.voucher_date
        for o in outlooks
        if o.standing in STILL_DUNNED and o.file.invoice.days_overdue(today) > LONG_OVERDUE_DAYS
    ]
    return LongOverdue(len(dates), max(dates) + timedelta(days=1) if dates else None)
