"""The dunning letter's HTML layout: German formats, escaping, and which logos are accepted."""

from __future__ import annotations

import base64
from dataclasses import fields, replace
from datetime import date

import pytest

from automahntion.adapters.pdf.layout import (
    PRINT_ZOOM,
    LetterLayout,
    accepted_logo,
    format_day,
    format_iban,
    format_money,
    lines,
    paragraphs,
)
from automahntion.app.post.letter_layout import BankAccount, DunningLetter, FeeLine, OpenItem

NBSP = "\xa0"
HOSTILE = '<script>alert(1)</script><img src="file:///etc/passwd">'
PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (123456, "1.234,56"),
        (123450, "1.234,50"),
        (0, "0,00"),
        (5, "0,05"),
        (99, "0,99"),
        (4000, "40,00"),
        (100000000, "1.000.000,00"),
        (-1234, "-12,34"),
    ],
)
def test_money_is_german_euros(cents: int, text: str) -> None:
    assert format_money(cents) == f"{text}{NBSP}€"


def test_money_is_exact_for_large_amounts() -> None:
    assert format_money(123456789012345) == f"1.234.567.890.123,45{NBSP}€"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 27), "27.11.2026"),
        (date(2026, 1, 5), "05.01.2026"),
        (date(1999, 12, 31), "31.12.1999"),
    ],
)
def test_dates_are_day_month_year(day: date, text: str) -> None:
    assert format_day(day) == text


@pytest.mark.parametrize(
    ("iban", "grouped"),
    [
        ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"),
        ("de89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
        (" DE02\t120300000000202051 ", "DE02 1203 0000 0000 2020 51"),
        ("AT611904300234573201", "AT61 1904 3002 3457 3201"),
        ("", ""),
    ],
)
def test_ibans_are_grouped_by_four(iban: str, grouped: str) -> None:
    assert format_iban(iban) == grouped


@pytest.mark.parametrize(
    "uri",
    [
        PNG,
        "data:image/jpeg;base64,/9j/4AAQSkZJRg==",
        "data:image/svg+xml;base64," + base64.b64encode(b"<svg/>").decode(),
    ],
)
def test_image_data_uris_are_accepted(uri: str) -> None:
    assert accepted_logo(uri) == uri
    assert accepted_logo(f"  {uri}\n") == uri


@pytest.mark.parametrize(
    "uri",
    [
        None,
        "",
        "https://example.com/logo.png",
        "http://127.0.0.1/logo.png",
        "file:///etc/passwd",
        "//example.com/logo.png",
        "logo.png",
        "javascript:alert(1)",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml,<svg onload='alert(1)'/>",
        "data:image/svg+xml;utf8,<svg/>",
        "data:image/png,rawbytes",
        "data:image/png;base64,",
        "data:image/png;base64,AAA",  # not valid base64 (bad padding)
        "data:image/png;base64,AA AA",
        'data:image/png;base64,AAAA" onerror="alert(1)',
        "data:image/png;base64,AAAA\nhttps://example.com/x.png",
        "DATA:IMAGE/PNG;BASE64,AAAA",
        "data:image/png;charset=utf-8;base64,AAAA",
    ],
)
def test_anything_else_is_no_logo(uri: str | None) -> None:
    assert accepted_logo(uri) is None


def test_lines_escape_then_break() -> None:
    assert str(lines("a <b>\r\nc & d\n")) == "a &lt;b&gt;<br>\nc &amp; d"


def test_paragraphs_escape_then_split_on_blank_lines() -> None:
    text = "Hallo <i>Welt</i>,\n\n  \nerste Zeile\nzweite Zeile\n\n\nEnde"
    assert str(paragraphs(text)) == (
        "<p>Hallo &lt;i&gt;Welt&lt;/i&gt;,</p>\n<p>erste Zeile<br>\nzweite Zeile</p>\n<p>Ende</p>"
    )
    assert str(paragraphs("  \n ")) == ""


# --- the whole page -------------------------------------------------------------------------


def make_letter(**changes: object) -> DunningLetter:
    letter = DunningLetter(
        company_name="Bäckerei Sonnenschein GmbH",
        company_address=("Sonnenallee 12", "12045 Berlin"),
        recipient_name="Café Müller",
        recipient_address=("Hauptstraße 5", "80331 München"),
        place="Berlin",
        letter_date=date(2026, 11, 27),
        title="2. Mahnung",
        introduction="Sehr geehrte Damen und Herren,\n\nbitte zahlen Sie.",
        items=(OpenItem("RE-1", date(2026, 9, 1), date(2026, 10, 1), 123450),),
        fees=(FeeLine("Mahngebühr", 500, "Pauschale"),),
        closing="Mit freundlichen Grüßen",
        bank_accounts=(BankAccount("Bäckerei Sonnenschein GmbH", "DE89370400440532013000"),),
        logo_data_uri=PNG,
    )
    return replace(letter, **changes)  # type: ignore[arg-type]


LAYOUT = LetterLayout()

TEXT_FIELDS = [f.name for f in fields(DunningLetter) if f.type == "str"]


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_every_text_field_is_escaped(name: str) -> None:
    page = LAYOUT.render(make_letter(**{name: f"x{HOSTILE}x"}))
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<img") == 1  # only the logo


def test_nested_texts_are_escaped() -> None:
    letter = make_letter(
        company_address=(HOSTILE,),
        recipient_address=(HOSTILE,),
        items=(OpenItem(HOSTILE, date(2026, 9, 1), date(2026, 10, 1), 1),),
        fees=(FeeLine(HOSTILE, 1, HOSTILE),),
        bank_accounts=(BankAccount(HOSTILE, HOSTILE, HOSTILE, HOSTILE),),
    )
    page = LAYOUT.render(letter)
    assert "<script" not in page
    assert page.count("<img") == 1


def test_at_most_two_bank_accounts_are_shown() -> None:
    accounts = tuple(BankAccount(f"Konto {n}", f"DE0{n}000000000000000000") for n in (1, 2, 3))
    page = LAYOUT.render(make_letter(bank_accounts=accounts))
    assert "Konto 1" in page
    assert "Konto 2" in page
    assert "Konto 3" not in page


def test_without_accounts_or_fees_the_page_still_renders() -> None:
    page = LAYOUT.render(make_letter(bank_accounts=(), fees=(), logo_data_uri=None))
    assert "IBAN" not in page
    assert "<img" not in page
    assert "Zu zahlender Gesamtbetrag" in page
    assert f"1.234,50{NBSP}€" in page


def test_only_the_pdf_variant_is_zoomed_for_wkhtmltopdf() -> None:
    letter = make_letter()
    assert "zoom" not in LAYOUT.render(letter)
    assert f"zoom: {PRINT_ZOOM};" in LAYOUT.render(letter, print_zoom=PRINT_ZOOM)
