"""Port: our own dunning letter, laid out as a DIN 5008 form B business letter (HTML and PDF),
for revenue vouchers, which lexoffice cannot dun, whether attached to a mail or posted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from automahntion.app.tenants.letterhead import Letterhead

Language = Literal["de", "en"]


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
    """Everything the layout shows; every text here is user data and is escaped.

    The order on paper: letterhead, return line and recipient in the window, "Ort, Datum",
    `title`, salutation, text, the table (`items`, `fees`, total), the request to pay by
    `deadline`, closing and the company's name; the footer carries `sender`'s mandatory
    details and bank accounts. The fixed phrases are the layout's, in `language`."""

    sender: Letterhead
    company_name: str
    """The name the letter is signed with (the letterhead's, else the tenant's)."""
    recipient_name: str
    recipient_address: tuple[str, ...]
    letter_date: date
    title: str
    deadline: date
    items: tuple[OpenItem, ...]
    fees: tuple[FeeLine, ...]
    language: Language = "de"
    salutation: str = ""
    """Empty: "Sehr geehrte Damen und Herren," (or its English)."""
    payment_note: str = ""
    """How to pay, printed after the request when `sender` names no bank account."""
    enclosure: str = ""
    """The title of a document enclosed after this page (lexoffice's dunning, e.g. "1. Mahnung"):
    the letter is then its cover, naming it and the amount, with no table of its own."""

    @property
    def total_cents(self) -> int:
        return sum(i.open_cents for i in self.items) + sum(f.cents for f in self.fees)


class DocumentNotMade(Exception):
    """The renderer could not make the PDF (its binary missing, a timeout, a crash)."""


class DocumentRenderer(Protocol):
    def html(self, letter: DunningLetter) -> str:
        """Self-contained HTML: inline CSS, data: images only."""
        ...

    async def pdf(self, letter: DunningLetter) -> bytes:
        """The same page as PDF (wkhtmltopdf without local file access or JavaScript, with a
        timeout). The same letter gives the same bytes: the PDF's dates are the letter's."""
        ...

    def joined(self, cover: bytes, enclosed: bytes) -> bytes:
        """One PDF: the cover's pages, then the enclosed document's; the same two give the same
        bytes. Raises `DocumentNotMade` when one of them is no readable PDF."""
        ...
