"""Port: turning a tenant's template and an invoice's facts into the text that is sent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from automahntion.domain.escalation import SentLevel
from automahntion.domain.interest import Charge
from automahntion.domain.levels import AfterLastLevel
from automahntion.domain.salutation import Addressee
from automahntion.domain.templates import Template


@dataclass(frozen=True)
class InvoiceLine:
    voucher_number: str
    voucher_date: date
    due_date: date
    open_cents: int
    fees: tuple[Charge, ...] = ()
    """This invoice's share of the message's fees."""


@dataclass(frozen=True)
class MessageFacts:
    """The values a template may use (see `domain.templates.PLACEHOLDERS`), unformatted."""

    customer_name: str
    invoice_number: str
    invoice_date: date
    due_date: date
    open_cents: int
    total_cents: int
    days_overdue: int
    fees: tuple[Charge, ...]
    company_name: str
    payment_details: str
    items: tuple[InvoiceLine, ...] = ()
    """Set when one message covers several invoices of one customer."""
    addressee: Addressee | None = None
    """The person greeted by name; None greets formally."""
    payment_deadline: date | None = None
    payment_days: int = 7
    previous: SentLevel | None = None
    """The last message sent for the invoice (for all invoices of a bundle); None: none was."""
    is_last_level: bool = False
    after_last_level: AfterLastLevel = AfterLastLevel.NONE
    document_attached: bool = False
    """The e-mail carries the notice's document (a PDF)."""

    @property
    def lines(self) -> tuple[InvoiceLine, ...]:
        """Each invoice of the message with its fees (one line for a single invoice)."""
        if self.items:
            return self.items
        return (
            InvoiceLine(
                self.invoice_number,
                self.invoice_date,
                self.due_date,
                self.open_cents,
                self.fees,
            ),
        )

    @property
    def total_due_cents(self) -> int:
        return self.open_cents + sum(fee.cents for fee in self.fees)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str

    @property
    def sha256(self) -> str:
        """The hash recorded for a sent e-mail: what proves a rebuilt one is the same."""
        return hashlib.sha256(f"{self.subject}\n\n{self.body}".encode()).hexdigest()


class TemplateInvalid(Exception):
    """The template uses something it may not (unknown placeholder, unsafe expression)."""


class TemplateRenderer(Protocol):
    def render(self, template: Template, facts: MessageFacts, language: str = "de") -> Rendered:
        """Dates and amounts formatted for `language` (the template's); raises
        `TemplateInvalid`."""
        ...

    def check(self, text: str) -> str | None:
        """Why `text` (a subject or a body) cannot be a template, or None when it can."""
        ...
