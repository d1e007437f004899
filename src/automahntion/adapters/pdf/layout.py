"""The dunning letter as one self-contained HTML page (DIN 5008 form B): inline CSS, at most
one `data:` image.

Every text of the letter is user data: the jinja2 environment autoescapes everything, and the
filters that build markup (`paragraphs`, `lines`) escape before they add tags. A logo is only
ever put on the page as a base64 `data:` URI of a PNG or SVG, so the page refers to no URL that
a renderer could fetch. The fixed phrases are the layout's own, German or English.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Final

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from automahntion.adapters.pdf.phrases import PHRASES, Phrases
from automahntion.app.post.letter_layout import DunningLetter
from automahntion.app.tenants.letterhead import (
    LOGO_MEDIA_TYPES,
    MAX_BANK_ACCOUNTS,
    BankAccount,
    Letterhead,
    Logo,
)

LOCALE: Final = "de_DE"
TEMPLATE: Final = "letter.html.j2"

PRINT_ZOOM: Final = 1.3014
"""Debian's wkhtmltopdf (unpatched Qt) lays pages out at 1/1.3014 of their CSS size and cannot
switch that off (`--zoom` and `--disable-smart-shrinking` need a patched Qt); zooming the body
by the inverse makes a CSS millimetre a millimetre on paper, so the address sits in the window."""

_PARAGRAPH_BREAK: Final = re.compile(r"\n[ \t]*\n\s*")


def format_money(cents: int) -> str:
    """`123456` → `1.234,56 €` (with a no-break space before the sign, as babel writes it)."""
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


def format_money_en(cents: int) -> str:
    """`123456` → `EUR 1,234.56` (no-break space after the code)."""
    return "EUR\xa0" + format_decimal(Decimal(cents) / 100, "#,##0.00", locale="en")


def format_day(day: date) -> str:
    """`2026-11-27` → `27.11.2026`."""
    return format_date(day, "dd.MM.yyyy", locale=LOCALE)


def format_day_en(day: date) -> str:
    """`2026-12-06` → `6 December 2026`."""
    return format_date(day, "d MMMM yyyy", locale="en")


def format_iban(iban: str) -> str:
    """`de89370400440532013000` → `DE89 3704 0044 0532 0130 00`."""
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def logo_uri(logo: Logo | None) -> str | None:
    """The logo as a `data:` URI, or None for no logo or one of another media type."""
    if logo is None or logo.media_type not in LOGO_MEDIA_TYPES or not logo.data:
        return None
    return f"data:{logo.media_type};base64,{base64.b64encode(logo.data).decode('ascii')}"


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def lines(text: str) -> Markup:
    """Escaped text whose newlines become `<br>`."""
    return Markup("<br>\n").join(escape(line) for line in _normalise(text).split("\n"))


def paragraphs(text: str) -> Markup:
    """Escaped text: blank lines separate `<p>` paragraphs, single newlines become `<br>`."""
    blocks = [block for block in _PARAGRAPH_BREAK.split(_normalise(text)) if block.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(lines(block)) for block in blocks)


def shown_accounts(sender: Letterhead) -> tuple[BankAccount, ...]:
    return sender.bank_accounts[:MAX_BANK_ACCOUNTS]


def date_line(letter: DunningLetter) -> str:
    """`Berlin, 27.11.2026`; without a place only the date."""
    day = format_day_en if letter.language == "en" else format_day
    place = letter.sender.city.strip()
    return f"{place}, {day(letter.letter_date)}" if place else day(letter.letter_date)


def footer_details(sender: Letterhead, words: Phrases) -> tuple[str, ...]:
    """The mandatory details of § 35a GmbHG and § 37a HGB, as far as they are given."""
    register = " ".join(part for part in (sender.register_court, sender.register_number) if part)
    directors = ", ".join(name for name in sender.managing_directors if name.strip())
    labelled = (
        (words.legal_form, sender.legal_form),
        (words.seat, sender.seat),
        (words.register, register),
        (words.directors, directors),
        (words.vat_id, sender.vat_id),
    )
    return tuple(f"{label}: {value.strip()}" for label, value in labelled if value.strip())


def contact_lines(sender: Letterhead, words: Phrases) -> tuple[str, ...]:
    labelled = ((words.phone, sender.phone), (words.email, sender.email), (words.web, sender.web))
    return tuple(f"{label} {value.strip()}" for label, value in labelled if value.strip())


def _text(letter: DunningLetter, words: Phrases, day: Callable[[date], str]) -> str:
    if letter.enclosure and letter.items:
        first = letter.items[0]
        return words.cover.format(
            document=letter.enclosure, number=first.voucher_number, date=day(first.voucher_date)
        )
    return words.text_many if len(letter.items) > 1 else words.text_one


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("automahntion.adapters.pdf", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters.update(iban=format_iban, lines=lines, paragraphs=paragraphs)
    return environment


class LetterLayout:
    """Renders `DunningLetter`s with the packaged template (loaded once)."""

    def __init__(self) -> None:
        self._template = _environment().get_template(TEMPLATE)

    def render(self, letter: DunningLetter, *, print_zoom: float | None = None) -> str:
        """The page; `print_zoom` is set only for wkhtmltopdf (see `PRINT_ZOOM`)."""
        english = letter.language == "en"
        words = PHRASES[letter.language]
        sender = letter.sender
        money = format_money_en if english else format_money
        day = format_day_en if english else format_day
        accounts = shown_accounts(sender)
        town = " ".join(part for part in (sender.postal_code, sender.city) if part)
        return self._template.render(
            letter=letter,
            words=words,
            money=money,
            day=day,
            logo=logo_uri(sender.logo),
            sender_line=sender.return_address(letter.company_name),
            sender_address=tuple(part for part in (sender.street, town) if part),
            contacts=contact_lines(sender, words),
            details=footer_details(sender, words),
            accounts=accounts,
            date_line=date_line(letter),
            salutation=letter.salutation or words.salutation,
            text=_text(letter, words, day),
            request=words.request(money(letter.total_cents), day(letter.deadline), len(accounts)),
            print_zoom=print_zoom,
        )
