"""The dunning we ask lexoffice to keep (rule 8): a title that fits, the invoice in the
introduction, and lines that add up to what the message asks; and the sandbox's rendering of
it, inside the page."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from automahntion.adapters.lexoffice.mapping import dunning_body
from automahntion.app.lexoffice.ports import InvoiceDetails
from automahntion.app.mail.rendering import MessageFacts
from automahntion.app.post.dunning_document import DunningFacts, dunning_request, title
from automahntion.domain.interest import Charge, ChargeKind
from automahntion.domain.levels import Level
from automahntion_sandboxes.lexoffice.documents import dunning_pdf
from automahntion_sandboxes.lexoffice.layout import Item, SalesDocument, render
from automahntion_sandboxes.lexoffice.state import Dunning, Organization, Voucher

FACTS = MessageFacts(
    customer_name="Lakeside Ltd",
    invoice_number="RE-2026-000123",
    invoice_date=date(2026, 10, 1),
    due_date=date(2026, 10, 15),
    open_cents=123_456,
    total_cents=150_000,
    days_overdue=50,
    fees=(
        Charge("Mahngebühr", 500, "Gebühr dieser Mahnstufe", kind=ChargeKind.LEVEL_FEE),
        Charge("Verzugszinsen (§ 288 BGB)", 1_234, "50 Tage", kind=ChargeKind.INTEREST),
        Charge("Verzugspauschale (§ 288 Abs. 5 BGB)", 4_000, "einmalig", kind=ChargeKind.FLAT_FEE),
    ),
    company_name="Hotel Lindenhof GmbH",
    payment_details="IBAN DE89 3704 0044 0532 0130 00",
)


def _details(language: str, tax_type: str = "net") -> InvoiceDetails:
    return InvoiceDetails(language, "c-1", "Lakeside Ltd", "DE", tax_type)


@pytest.mark.parametrize(
    ("level", "language", "expected"),
    [
        (Level.M1, "de", "1. Mahnung"),
        (Level.M2, "de", "2. Mahnung"),
        (Level.M3, "de", "3. Mahnung"),
        (Level.M1, "en", "1st reminder"),
        (Level.M2, "en", "2nd reminder"),
        (Level.M3, "en", "3rd reminder"),
    ],
)
def test_the_title_names_the_level_and_fits_lexoffices_field(
    level: Level, language: str, expected: str
) -> None:
    assert title(level, language) == expected
    assert len(expected) <= 25


@pytest.mark.parametrize(
    ("language", "number_date", "open_amount", "total"),
    [
        ("de", "RE-2026-000123 vom 01.10.2026", "1.234,56 €", "1.291,90 €"),
        ("en", "RE-2026-000123 of 1 October 2026", "EUR 1,234.56", "EUR 1,291.90"),
    ],
)
def test_the_introduction_names_the_invoice_and_the_lines_add_up_to_what_is_asked(
    language: str, number_date: str, open_amount: str, total: str
) -> None:
    request = dunning_request(
        DunningFacts("inv-1", Level.M2, date(2026, 12, 4), FACTS), _details(language)
    )
    assert number_date in request.introduction
    assert open_amount in request.introduction
    assert total in request.introduction
    assert [line.cents for line in request.lines] == [123_456, 500, 1_234, 4_000]
    assert request.total_cents == FACTS.total_due_cents == 129_190
    assert request.remark == FACTS.payment_details
    body = dunning_body(request)
    assert body["title"] == title(Level.M2, language)
    assert body["language"] == language
    items = body["lineItems"]
    assert {item["type"] for item in items} == {"custom"}
    assert sum(item["unitPrice"]["netAmount"] * item["quantity"] for item in items) == (
        pytest.approx(1291.90)
    )
    assert all(item["unitPrice"]["taxRatePercentage"] == 0 for item in items)
    if language == "en":
        assert [item["name"] for item in items[1:]] == [
            "Dunning fee",
            "Default interest (section 288 BGB)",
            "Flat-rate default charge (section 288 (5) BGB)",
        ]


def test_a_gross_invoice_gets_gross_amounts() -> None:
    request = dunning_request(
        DunningFacts("inv-1", Level.M1, date(2026, 12, 4), FACTS), _details("de", "gross")
    )
    items = dunning_body(request)["lineItems"]
    assert all("grossAmount" in i["unitPrice"] and "netAmount" not in i["unitPrice"] for i in items)


def _words(pdf: bytes, folder: Path) -> tuple[str, list[tuple[float, float, float, float]], int]:
    path = folder / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(html.replace("<!DOCTYPE", "<!--").replace('.dtd">', '.dtd"-->'))
    ns = "{http://www.w3.org/1999/xhtml}"
    boxes = [
        (
            float(w.attrib["xMin"]),
            float(w.attrib["yMin"]),
            float(w.attrib["xMax"]),
            float(w.attrib["yMax"]),
        )
        for w in root.iter(f"{ns}word")
    ]
    return text, boxes, len(list(root.iter(f"{ns}page")))


def test_the_sandbox_lays_a_long_dunning_out_inside_the_page(tmp_path: Path) -> None:
    long_text = " ".join(["Bitte überweisen Sie den offenen Betrag umgehend."] * 120)
    items = [
        Item(
            str(n),
            "Offener Betrag aus Rechnung " + "RE-" * 30,
            "Erläuterung " * 40,
            "1",
            "1,00 €",
            "1,00 €",
        )
        for n in range(1, 30)
    ]
    document = SalesDocument(
        sender="Hotel Lindenhof GmbH",
        recipient=[
            "Lakeside Ltd",
            "Eine sehr lange Zusatzzeile " * 5,
            "Hauptstr. 1",
            "10115 Berlin",
        ],
        info=[("Datum", "04.12.2026"), ("Rechnungsnr.", "RE-2026-000123")],
        title="1. Mahnung",
        introduction=long_text,
        headings=("Pos.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamtpreis"),
        items=items,
        totals=[("Gesamtbetrag", "29,00 €")],
        remark="IBAN DE89 3704 0044 0532 0130 00",
    )
    text, boxes, pages = _words(render(document), tmp_path)
    assert pages > 1, "the text flows onto further pages"
    assert "Gesamtbetrag" in text
    assert "29,00 €" in text
    assert "Seite 1 von" in text
    mm = 72 / 25.4
    assert all(y0 >= 0 and y1 <= 842 for _, y0, _, y1 in boxes)
    assert all(x0 >= 20 * mm - 1 and x1 <= 595 - 20 * mm + 1 for x0, _, x1, _ in boxes)


def _sandbox_dunning(language: str) -> bytes:
    created = datetime(2026, 12, 4, 9, tzinfo=UTC)
    organization = Organization(
        "org-1", "Hotel Lindenhof GmbH", "conn-1", created, ("Seestraße 5", "82211", "Herrsching")
    )
    invoice = Voucher(
        "inv-1", "org-1", "invoice", "RE-2026-000123", date(2026, 10, 1), date(2026, 10, 15),
        150_000, 19, "c-1", "Lakeside Ltd", None, language, "open", False, created, created,
        123_456,
    )  # fmt: skip
    organization.vouchers[invoice.id] = invoice
    request = dunning_request(
        DunningFacts("inv-1", Level.M1, date(2026, 12, 4), FACTS), _details(language)
    )
    body = dunning_body(request) | {
        "address": {
            "name": "Lakeside Ltd",
            "street": "1 Lake Road",
            "zip": "10115",
            "city": "Berlin",
        }
    }
    dunning = Dunning("d-1", "org-1", "inv-1", body, created, created)
    return bytes(dunning_pdf(organization, dunning).content)


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        ("de", ("04.12.2026", "01.10.2026")),
        ("en", ("4 December 2026", "1 October 2026")),
    ],
)
def test_the_sandboxs_dunning_has_its_senders_address_and_dates_of_its_language(
    language: str, dates: tuple[str, str], tmp_path: Path
) -> None:
    text, _, _ = _words(_sandbox_dunning(language), tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    head = "\n".join(lines[:8])
    assert "Hotel Lindenhof GmbH" in head
    assert "Seestraße 5" in head
    assert "82211 Herrsching" in head
    assert "Hotel Lindenhof GmbH · Seestraße 5 · 82211 Herrsching" in text, "the return line"
    for day in dates:
        assert day in text
    if language == "en":
        assert "04.12.2026" not in text
        assert "01.10.2026" not in text
