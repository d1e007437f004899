"""What a page of the invoice overview asks for: filters, and the place in the order it starts
after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from automahntion.app.invoices.records import StoredInvoice
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level

NO_LEVEL: Literal["none"] = "none"


@dataclass(frozen=True)
class InvoiceCriteria:
    status: InvoiceStatus | None = None
    level: Level | Literal["none"] | None = None
    """The highest level sent so far (a claim in `sending` counts), or `none` for invoices
    that got nothing yet."""
    blocked: bool | None = None
    waiting: bool | None = None
    """Waiting for a quota slot."""
    text: str | None = None
    """A part of the invoice number or the customer's name, in any case."""
    updated_since: datetime | None = None
    """Changed at or after this moment: the invoice, its messages, letters or documents, or
    its customer (by the database's clock)."""


def position(stored: StoredInvoice) -> str:
    """Unique and stable: due date, then id. ISO dates and UUID strings sort as text."""
    return f"{stored.invoice.due_date.isoformat()}|{stored.id}"
