"""Port: our own dunning letter layout as HTML and PDF (for revenue vouchers, which lexoffice
cannot dun)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class BankAccount:
    holder: str
    iban: str
    bic: str | None = None
    bank: str | None = None


@dataclass(frozen=True)
class OpenItem:
    voucher_number: str
    voucher_date: date
    due_date: date
    open_cents: int


@dataclass(frozen=True)
class FeeLine:
    label: str
    cents: int
    explanation: str


@dataclass(frozen=True)
class DunningLetter:
    """Everything the layout shows; every text here is user data and is escaped."""

    company_name: str
    company_address: tuple[str, ...]
    recipient_name: str
    recipient_address: tuple[str, ...]
    place: str
    letter_date: date
    title: str
    introduction: str
    items: tuple[OpenItem, ...]
    fees: tuple[FeeLine, ...]
    closing: str
    bank_accounts: tuple[BankAccount, ...] = ()
    logo_data_uri: str | None = None
    """A `data:image/png;base64,…` (or jpeg/svg) URI; no other URLs are ever loaded."""

    @property
    def total_cents(self) -> int:
        return sum(i.open_cents for i in self.items) + sum(f.cents for f in self.fees)


class DocumentRenderer(Protocol):
    def html(self, letter: DunningLetter) -> str:
        """Self-contained HTML: inline CSS, data: images only."""
        ...

    async def pdf(self, letter: DunningLetter) -> bytes:
        """The same page as PDF (wkhtmltopdf without local file access or JavaScript, with a
        timeout)."""
        ...
