"""The dunning letter as one self-contained HTML page: inline CSS, at most one `data:` image.

Every text of the letter is user data: the jinja2 environment autoescapes everything, and the
filters that build markup (`paragraphs`, `lines`) escape before they add tags. A logo is only
ever used when it is a base64 `data:` URI of a PNG, JPEG or SVG image; anything else (an http
or file URL above all) is dropped, so the page refers to no URL that a renderer could fetch.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date
from decimal import Decimal
from typing import Final

from babel.dates import format_date
from babel.numbers import format_currency
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from automahntion.app.post.letter_layout import BankAccount, DunningLetter

LOCALE: Final = "de_DE"
MAX_BANK_ACCOUNTS: Final = 2
TEMPLATE: Final = "letter.html.j2"

PRINT_ZOOM: Final = 1.3014
"""Debian's wkhtmltopdf (unpatched Qt) lays pages out at 1/1.3014 of their CSS size and cannot
switch that off (`--zoom` and `--disable-smart-shrinking` need a patched Qt); zooming the body
by the inverse makes a CSS millimetre a millimetre on paper, so the address sits in the window."""

_LOGO: Final = re.compile(
    r"data:image/(?:png|jpeg|svg\+xml);base64,(?P<payload>[A-Za-z0-9+/]+={0,2})", re.ASCII
)
_PARAGRAPH_BREAK: Final = re.compile(r"\n[ \t]*\n\s*")


def format_money(cents: int) -> str:
    """`123456` → `1.234,56 €` (with a no-break space before the sign, as babel writes it)."""
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


def format_day(day: date) -> str:
    """`2026-11-27` → `27.11.2026`."""
    return format_date(day, "dd.MM.yyyy", locale=LOCALE)


def format_iban(iban: str) -> str:
    """`de89370400440532013000` → `DE89 3704 0044 0532 0130 00`."""
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def accepted_logo(uri: str | None) -> str | None:
    """The logo URI if it is a well-formed base64 `data:` URI of a PNG, JPEG or SVG image, else
    None: no other URL is ever put on the page."""
    if uri is None:
        return None
    candidate = uri.strip()
    match = _LOGO.fullmatch(candidate)
    if match is None:
        return None
    try:
        base64.b64decode(match["payload"], validate=True)
    except (binascii.Error, ValueError):
        return None
    return candidate


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def lines(text: str) -> Markup:
    """Escaped text whose newlines become `<br>`."""
    return Markup("<br>\n").join(escape(line) for line in _normalise(text).split("\n"))


def paragraphs(text: str) -> Markup:
    """Escaped text: blank lines separate `<p>` paragraphs, single newlines become `<br>`."""
    blocks = [block for block in _PARAGRAPH_BREAK.split(_normalise(text)) if block.strip()]
    return Markup("\n").join(Markup("<p>{}</p>").format(lines(block)) for block in blocks)


def sender_line(letter: DunningLetter) -> str:
    """The return address above the window: `Name · Street · Town`."""
    parts = (letter.company_name, *letter.company_address)
    return " · ".join(part.strip() for part in parts if part.strip())


def shown_accounts(letter: DunningLetter) -> tuple[BankAccount, ...]:
    return letter.bank_accounts[:MAX_BANK_ACCOUNTS]


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("automahntion.adapters.pdf", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters.update(
        money=format_money,
        date_de=format_day,
        iban=format_iban,
        lines=lines,
        paragraphs=paragraphs,
    )
    return environment


class LetterLayout:
    """Renders `DunningLetter`s with the packaged template (loaded once)."""

    def __init__(self) -> None:
        self._template = _environment().get_template(TEMPLATE)

    def render(self, letter: DunningLetter, *, print_zoom: float | None = None) -> str:
        """The page; `print_zoom` is set only for wkhtmltopdf (see `PRINT_ZOOM`)."""
        return self._template.render(
            letter=letter,
            logo=accepted_logo(letter.logo_data_uri),
            sender_line=sender_line(letter),
            accounts=shown_accounts(letter),
            print_zoom=print_zoom,
        )
