"""The dunning letter's HTML layout: German and English formats, escaping, the logo, the
letterhead's details and the order of the letter's parts."""

from __future__ import annotations

import base64
from dataclasses import fields, replace
from datetime import date

import pytest

from automahntion.adapters.pdf.layout import (
    PRINT_ZOOM,
    LetterLayout,
    format_day,
    format_day_en,
    format_iban,
    format_money,
    format_money_en,
    lines,
    logo_uri,
    paragraphs,
)
from automahntion.app.post.letter_layout import DunningLetter, FeeLine, OpenItem
from automahntion.app.tenants.letterhead import BankAccount, Letterhead, Logo

NBSP = "\xa0"
HOSTILE = '<script>alert(1)</script><img src="file:///etc/passwd">'
PNG_BYTES = b"\x89PNG\r\n\x1a\nfake"
PNG = "data:image/png;base64," + base64.b64encode(PNG_BYTES).decode()


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


def test_a_png_or_svg_logo_becomes_a_data_uri() -> None:
    assert logo_uri(Logo("image/png", PNG_BYTES)) == PNG
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert logo_uri(Logo("image/svg+xml", svg)) == (
        "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    )


@pytest.mark.parametrize(
    "logo",
    [
        None,
        Logo("image/png", b""),
        Logo("image/gif", b"GIF89a"),
        Logo("text/html", b"<script>alert(1)</script>"),
        Logo('image/png;base64,AAAA" onerror="alert(1)', b"x"),
    ],
)
def test_anything_else_is_no_logo(logo: Logo | None) -> None:
    assert logo_uri(logo) is None


@pytest.mark.parametrize(
    ("cents", "text"),
    [(123456, "1,234.56"), (0, "0.00"), (5, "0.05"), (100000000, "1,000,000.00")],
)
def test_english_money_is_euro_code_then_grouped_amount(cents: int, text: str) -> None:
    assert format_money_en(cents) == f"EUR{NBSP}{text}"


def test_english_dates_name_the_month() -> None:
    assert format_day_en(date(2026, 12, 6)) == "6 December 2026"


def test_lines_escape_then_break() -> None:
    assert str(lines("a <b>\r\nc & d\n")) == "a &lt;b&gt;<br>\nc &amp; d"


def test_paragraphs_escape_then_split_on_blank_lines() -> None:
    text = "Hallo <i>Welt</i>,\n\n  \nerste Zeile\nzweite Zeile\n\n\nEnde"
    assert str(paragraphs(text)) == (
        "<p>Hallo &lt;i&gt;Welt&lt;/i&gt;,</p>\n<p>erste Zeile<br>\nzweite Zeile</p>\n<p>Ende</p>"
    )
    assert str(paragraphs("  \n ")) == ""


# --- the whole page -------------------------------------------------------------------------


SENDER = Letterhead(
    company_name="Bäckerei Sonnenschein GmbH",
    street="Sonnenallee 12",
    postal_code="12045",
    city="Berlin",
    phone="+49 30 1234567",
    legal_form="GmbH",
    seat="Berlin",
    register_court="Amtsgericht Charlottenburg",
    register_number="HRB 123456 B",
    managing_directors=("Anna Sonnenschein", "Ben Korn"),
    vat_id="DE123456789",
    bank_accounts=(BankAccount("DE89370400440532013000", "COBADEFFXXX", "Commerzbank"),),
    logo=Logo("image/png", PNG_BYTES),
)


def make_letter(**changes: object) -> DunningLetter:
    letter = DunningLetter(
        sender=SENDER,
        company_name="Bäckerei Sonnenschein GmbH",
        recipient_name="Café Müller",
        recipient_address=("Hauptstraße 5", "80331 München"),
        letter_date=date(2026, 11, 27),
        title="2. Mahnung",
        deadline=date(2026, 12, 4),
        items=(OpenItem("RE-1", date(2026, 9, 1), date(2026, 10, 1), 123450),),
        fees=(FeeLine("Mahngebühr", 500, "Pauschale"),),
    )
    return replace(letter, **changes)  # type: ignore[arg-type]


LAYOUT = LetterLayout()

TEXT_FIELDS = [f.name for f in fields(DunningLetter) if f.type == "str"]
SENDER_FIELDS = [
    f.name
    for f in fields(Letterhead)
    if f.type == "str" and f.name not in {"company_name", "country"}
]
"""The letter is signed with `DunningLetter.company_name`; the country is not printed."""


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_every_text_field_is_escaped(name: str) -> None:
    page = LAYOUT.render(
        make_letter(**{name: f"x{HOSTILE}x"}, sender=replace(SENDER, bank_accounts=()))
    )
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<img") == 1  # only the logo


@pytest.mark.parametrize("name", SENDER_FIELDS)
def test_every_letterhead_field_is_escaped(name: str) -> None:
    sender = replace(SENDER, **{name: f"x{HOSTILE}x"})  # type: ignore[arg-type]
    page = LAYOUT.render(make_letter(sender=sender))
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<img") == 1


def test_nested_texts_are_escaped() -> None:
    letter = make_letter(
        recipient_address=(HOSTILE,),
        items=(OpenItem(HOSTILE, date(2026, 9, 1), date(2026, 10, 1), 1),),
        fees=(FeeLine(HOSTILE, 1, HOSTILE),),
        sender=replace(
            SENDER,
            managing_directors=(HOSTILE,),
            bank_accounts=(BankAccount(HOSTILE, HOSTILE, HOSTILE),),
        ),
    )
    page = LAYOUT.render(letter)
    assert "<script" not in page
    assert page.count("<img") == 1


def test_at_most_two_bank_accounts_are_shown() -> None:
    accounts = tuple(BankAccount(f"DE0{n}000000000000000000", None, f"Bank {n}") for n in (1, 2, 3))
    page = LAYOUT.render(make_letter(sender=replace(SENDER, bank_accounts=accounts)))
    assert "Bank 1" in page
    assert "Bank 2" in page
    assert "Bank 3" not in page
    assert "auf eines unserer unten genannten Konten" in page


def test_without_accounts_the_payment_note_says_how_to_pay() -> None:
    sender = replace(SENDER, bank_accounts=(), logo=None)
    page = LAYOUT.render(make_letter(sender=sender, fees=(), payment_note="Bar im Laden"))
    assert "IBAN" not in page
    assert "<img" not in page
    assert "<p>Bar im Laden</p>" in page
    assert "Zu zahlender Gesamtbetrag" in page
    assert f"1.234,50{NBSP}€" in page


def test_with_accounts_the_payment_note_is_left_out() -> None:
    page = LAYOUT.render(make_letter(payment_note="IBAN DE89 3704 0044 0532 0130 00"))
    assert page.count("DE89 3704 0044 0532 0130 00") == 1


def test_the_parts_come_in_the_order_of_a_business_letter() -> None:
    page = LAYOUT.render(make_letter())
    parts = [
        "Bäckerei Sonnenschein GmbH · Sonnenallee 12 · 12045 Berlin",
        "Café Müller",
        "Berlin, 27.11.2026",
        "<h1>2. Mahnung</h1>",
        "Sehr geehrte Damen und Herren,",
        "für die unten aufgeführte Rechnung",
        "Rechnungsnummer",
        "Zu zahlender Gesamtbetrag",
        f"Bitte überweisen Sie den Gesamtbetrag von 1.239,50{NBSP}€ bis zum 04.12.2026",
        "Mit freundlichen Grüßen",
        "Sitz der Gesellschaft: Berlin",
    ]
    positions = [page.index(part) for part in parts]
    assert positions == sorted(positions)


def test_the_footer_names_the_mandatory_details() -> None:
    page = LAYOUT.render(make_letter())
    for detail in (
        "Rechtsform: GmbH",
        "Sitz der Gesellschaft: Berlin",
        "Registergericht: Amtsgericht Charlottenburg HRB 123456 B",
        "Geschäftsführung: Anna Sonnenschein, Ben Korn",
        "USt-IdNr.: DE123456789",
        "DE89 3704 0044 0532 0130 00",
        "BIC COBADEFFXXX",
    ):
        assert detail in page, detail


def test_details_not_given_are_left_out() -> None:
    page = LAYOUT.render(make_letter(sender=Letterhead(), company_name="Mustermann"))
    for label in ("Rechtsform", "Sitz der", "Registergericht", "Geschäftsführung", "USt-IdNr"):
        assert label not in page
    assert '<div class="dateline">27.11.2026</div>' in page
    assert '<div class="sender">Mustermann</div>' in page


def test_an_english_letter_is_english_throughout() -> None:
    page = LAYOUT.render(make_letter(language="en"))
    for text in (
        'lang="en"',
        "Berlin, 27 November 2026",
        "Dear Sir or Madam,",
        "Invoice number",
        "1 September 2026",
        f"EUR{NBSP}1,234.50",
        f"Please transfer the total of EUR{NBSP}1,239.50 by 4 December 2026",
        "Yours faithfully",
        "Registered office: Berlin",
        "VAT ID: DE123456789",
    ):
        assert text in page, text
    for german in ("Sehr geehrte", "Rechnungsnummer", "Mit freundlichen", "€"):
        assert german not in page, german


def test_a_given_salutation_replaces_the_default() -> None:
    page = LAYOUT.render(make_letter(salutation="Sehr geehrte Frau Weber,"))
    assert "Sehr geehrte Frau Weber," in page
    assert "Damen und Herren" not in page


def test_only_the_pdf_variant_is_zoomed_for_wkhtmltopdf() -> None:
    letter = make_letter()
    assert "zoom" not in LAYOUT.render(letter)
    assert f"zoom: {PRINT_ZOOM};" in LAYOUT.render(letter, print_zoom=PRINT_ZOOM)
