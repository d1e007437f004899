"""Our letters on paper (domain rules 8, DIN 5008 form B), read back word by word with their
positions: the address in the envelope window, nothing across the margins, a table of amounts
that adds up, the footer's mandatory details, and letterhead, date line, subject, salutation,
text, table and closing in that order. For each kind of letter we lay out, German and English.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

import pytest

from automahntion.adapters.pdf import WkhtmltopdfRenderer
from automahntion.app.mail.rendering import InvoiceLine, MessageFacts, Rendered
from automahntion.app.post.letter_layout import DunningLetter
from automahntion.app.post.notice_letter import NoticeContext, build_letter
from automahntion.app.tenants.letterhead import BankAccount, Letterhead
from automahntion.domain.interest import Charge, ChargeKind
from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.postal_address import MAX_LINE, PostalAddress
from tests.integration.pdf_words import Line, Word, lines, read

WINDOW_LEFT, WINDOW_RIGHT, WINDOW_TOP, WINDOW_BOTTOM = 20.0, 105.0, 45.0, 90.0
ADDRESS_ZONE_TOP = 62.7
"""DIN 5008 form B: the note zone (with the return line at its foot) is the window's first
17.7 mm, the address zone the remaining 27.3 mm."""
TEXT_LEFT, TEXT_RIGHT = 25.0, 190.0
SLACK = 0.6
"""Glyph boxes reach a little past the ink."""
CLOSING = {"de": r"^Mit freundlichen Grüßen$", "en": r"^Yours faithfully$"}
FOOTER_TOP = 250.0
"""Where the footer begins on a one-page letter; on a longer one it follows the closing."""

HEAD = Letterhead(
    company_name="Bäckerei Sonnenschein GmbH",
    street="Sonnenallee 12",
    postal_code="12045",
    city="Berlin",
    phone="+49 30 1234567",
    email="buchhaltung@sonnenschein.example",
    web="www.sonnenschein.example",
    legal_form="GmbH",
    seat="Berlin",
    register_court="Amtsgericht Charlottenburg",
    register_number="HRB 123456 B",
    managing_directors=("Anna Sonnenschein", "Ben Korn"),
    vat_id="DE123456789",
    bank_accounts=(
        BankAccount("DE89370400440532013000", "COBADEFFXXX", "Commerzbank"),
        BankAccount("DE02120300000000202051", "BYLADEM1001", "Deutsche Kreditbank"),
    ),
)
IBANS = ("DE89 3704 0044 0532 0130 00", "DE02 1203 0000 0000 2020 51")
MAIL_BODY = "Guten Tag, dieser Satz steht nur in der E-Mail. IBAN DE89 3704 0044 0532 0130 00"
TODAY = date(2026, 12, 6)
FEES = (
    Charge("Mahngebühr", 500, "Gebühr dieser Mahnstufe", kind=ChargeKind.LEVEL_FEE),
    Charge(
        "Verzugszinsen (§ 288 BGB)",
        1234,
        "36 Tage (01.11.2026–06.12.2026) × 10,27 % p. a. auf 1234,50 EUR",
        kind=ChargeKind.INTEREST,
    ),
    Charge(
        "Verzugspauschale (§ 288 Abs. 5 BGB)", 4000, "einmalig 40,00 EUR", kind=ChargeKind.FLAT_FEE
    ),
)
MUNICH = PostalAddress("Hauptstraße 5", "80331", "München", supplement="z. Hd. Frau Jürgens")
LONGEST_NAME = "Gasthof zur Alten Mühle Verwaltungs GmbH"[:MAX_LINE]
LONGEST = PostalAddress(
    "Oberer Schlossbergweg 123a, Hinterhaus 4", "80331", "München-Obersendling Süd"
)


def invoice(number: str, language: str, open_cents: int, month: int) -> Invoice:
    return Invoice(
        f"lx-{number}",
        number,
        date(2026, month, 1),
        date(2026, month, 15),
        open_cents,
        open_cents,
        "contact-1",
        InvoiceStatus.OPEN,
        InvoiceKind.VOUCHER,
        language,
    )


@dataclass(frozen=True)
class Kind:
    name: str
    level: Level
    recipient: str
    address: PostalAddress
    invoices: tuple[tuple[str, int, int], ...]
    """(number, open cents, month)."""


KINDS = (
    Kind("voucher letter", Level.M1, "Café Müller", MUNICH, (("RE-2026-0815", 123450, 10),)),
    Kind("letter by post", Level.M2, LONGEST_NAME, LONGEST, (("RE-2026-0816", 9990, 9),)),
    Kind(
        "bundle",
        Level.M3,
        "Café Müller",
        MUNICH,
        (("RE-2026-0815", 123450, 8), ("RE-2026-0816", 9990, 9), ("RE-2026-0820", 50000, 10)),
    ),
    Kind(
        "bundle over two pages",
        Level.M1,
        "Café Müller",
        MUNICH,
        tuple((f"RE-2026-{900 + n}", 10000 + 137 * n, 1 + n % 11) for n in range(22)),
    ),
)


def letter_of(
    kind: Kind, language: str, letterhead: Letterhead = HEAD, deadline: date | None = None
) -> DunningLetter:
    invoices = [invoice(number, language, cents, month) for number, cents, month in kind.invoices]
    first = invoices[0]
    facts = MessageFacts(
        customer_name=kind.recipient,
        invoice_number=", ".join(i.voucher_number for i in invoices),
        invoice_date=first.voucher_date,
        due_date=first.due_date,
        open_cents=sum(i.open_cents for i in invoices),
        total_cents=sum(i.total_cents for i in invoices),
        days_overdue=(TODAY - first.due_date).days,
        fees=FEES,
        company_name="sonnenschein-tenant",
        payment_details="IBAN DE89 3704 0044 0532 0130 00 · Commerzbank",
        payment_deadline=deadline,
        items=tuple(
            InvoiceLine(i.voucher_number, i.voucher_date, i.due_date, i.open_cents)
            for i in invoices
        )
        if len(invoices) > 1
        else (),
    )
    subject = f"{kind.level.value[1]}. Mahnung" if language == "de" else "Dunning notice"
    return build_letter(
        NoticeContext(
            tenant_id=uuid4(),
            invoice_id=uuid4(),
            invoice=first,
            level=kind.level,
            today=TODAY,
            now=datetime(2026, 12, 6, 9, tzinfo=UTC),
            rendered=Rendered(f"{subject}: {facts.invoice_number}", MAIL_BODY),
            facts=facts,
            recipient_address=kind.address.lines(""),
            letterhead=letterhead,
        )
    )


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    for tool in ("wkhtmltopdf", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed for these tests: run scripts/system-deps.sh as root")


RENDERER = WkhtmltopdfRenderer(timeout_s=60)


def pdf_of(letter: DunningLetter) -> bytes:
    return asyncio.run(RENDERER.pdf(letter))


@dataclass(frozen=True)
class Paper:
    letter: DunningLetter
    pdf: bytes
    words: list[Word]
    lines: list[Line]

    def line(self, pattern: str) -> Line:
        found = [line for line in self.lines if re.search(pattern, line.text)]
        assert found, f"no line matches {pattern!r}: {[line.text for line in self.lines]}"
        return found[0]

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_papers: dict[tuple[str, str], Paper] = {}


def paper(kind: Kind, language: str) -> Paper:
    key = (kind.name, language)
    if key not in _papers:
        letter = letter_of(kind, language)
        pdf = pdf_of(letter)
        pages, words = read(pdf)
        for page in pages:
            assert (round(page.width), round(page.height)) == (210, 297)  # A4
        _papers[key] = Paper(letter, pdf, words, lines(words))
    return _papers[key]


CASES = [
    pytest.param(kind, language, id=f"{kind.name}-{language}")
    for kind in KINDS
    for language in ("de", "en")
]


def in_window(word: Word) -> bool:
    return (
        word.page == 1
        and word.left >= WINDOW_LEFT
        and word.right <= WINDOW_RIGHT
        and word.top >= WINDOW_TOP
        and word.bottom <= WINDOW_BOTTOM
    )


def window_lines(words: list[Word]) -> list[Line]:
    """The lines in a band around the window, left of the information block (125 mm)."""
    near = [w for w in words if w.page == 1 and w.left < 120 and 35 <= w.top < WINDOW_BOTTOM + 5]
    return lines(near)


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_the_return_line_and_the_recipient_lie_in_the_window(kind: Kind, language: str) -> None:
    sheet = paper(kind, language)
    assert max(w.page for w in sheet.words) == (2 if len(kind.invoices) > 20 else 1)
    shown = window_lines(sheet.words)
    for line in shown:
        for word in line.words:
            assert in_window(word), (word, line.text)
    texts = [line.text for line in shown]
    assert texts[0] == "Bäckerei Sonnenschein GmbH · Sonnenallee 12 · 12045 Berlin"
    assert shown[0].top < ADDRESS_ZONE_TOP, "the return line heads the window"
    expected = kind.address.lines(kind.recipient)
    assert " ".join(texts[1:]) == " ".join(expected)
    assert all(line.top >= ADDRESS_ZONE_TOP - SLACK for line in shown[1:])


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_nothing_crosses_the_margins(kind: Kind, language: str) -> None:
    sheet = paper(kind, language)
    for word in sheet.words:
        assert word.left >= TEXT_LEFT - SLACK, word
        assert word.right <= TEXT_RIGHT + SLACK, word
        assert word.top >= 10, word
        assert word.bottom <= 297 - 10, word


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_the_table_of_amounts_adds_up(kind: Kind, language: str) -> None:
    sheet = paper(kind, language)
    header = sheet.line("Rechnungsnummer" if language == "de" else "Invoice number")
    total = sheet.line("Zu zahlender Gesamtbetrag" if language == "de" else "Total to pay")
    rows = [
        line
        for line in sheet.lines
        if (line.page, line.top) > (header.page, header.top)
        and (line.page, line.top) < (total.page, total.top)
    ]
    amounts = [cents(line, language) for line in rows]
    listed = [amount for amount in amounts if amount is not None]
    assert len(listed) == len(kind.invoices) + len(FEES), [line.text for line in rows]
    for number, _, _ in kind.invoices:
        assert any(line.text.startswith(number) for line in rows), number
    shown_total = cents(total, language)
    assert shown_total == sum(listed) == sheet.letter.total_cents
    assert shown_total == sum(c for _, c, _ in kind.invoices) + sum(f.cents for f in FEES)


_GERMAN = re.compile(r"^-?\d{1,3}(?:\.\d{3})*,\d{2}$")
_ENGLISH = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.\d{2}$")


def cents(line: Line, language: str) -> int | None:
    """The amount set flush right in a table line ("1.234,56 €" or "EUR 1,234.56")."""
    if line.words[-1].right < TEXT_RIGHT - 5:
        return None
    words = [w.text for w in line.words]
    if language == "de":
        if len(words) < 2 or words[-1] != "€" or not _GERMAN.match(words[-2]):
            return None
        number = words[-2].replace(".", "").replace(",", ".")
    else:
        if len(words) < 2 or words[-2] != "EUR" or not _ENGLISH.match(words[-1]):
            return None
        number = words[-1].replace(",", "")
    return int(Decimal(number) * 100)


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_the_footer_carries_the_mandatory_details_and_each_iban_once(
    kind: Kind, language: str
) -> None:
    sheet = paper(kind, language)
    last = max(word.page for word in sheet.words)
    closing = sheet.line(
        r"^Mit freundlichen Grüßen$" if language == "de" else r"^Yours faithfully$"
    )
    assert closing.page == last
    top = FOOTER_TOP if last == 1 else closing.top + 10
    footer = " ".join(w.text for w in sheet.words if w.page == last and w.top >= top)
    below = [w for w in sheet.words if w.page == last and w.top >= closing.top + 10]
    assert min(w.top for w in below) >= top, "the footer sits at the foot of a one-page letter"
    german = language == "de"
    for detail in (
        ("Rechtsform: GmbH" if german else "Legal form: GmbH"),
        ("Sitz der Gesellschaft: Berlin" if german else "Registered office: Berlin"),
        "Amtsgericht Charlottenburg HRB 123456 B",
        "Anna Sonnenschein, Ben Korn",
        ("USt-IdNr.: DE123456789" if german else "VAT ID: DE123456789"),
        "Commerzbank",
        "BIC COBADEFFXXX",
        "Deutsche Kreditbank",
        *IBANS,
    ):
        assert detail in footer, detail
    whole = sheet.text()
    for iban in IBANS:
        assert whole.count(iban) == 1, iban
    assert "nur in der E-Mail" not in whole


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_letterhead_date_subject_salutation_text_table_closing_in_this_order(
    kind: Kind, language: str
) -> None:
    sheet = paper(kind, language)
    german = language == "de"
    day = "06.12.2026" if german else "6 December 2026"
    order = [
        sheet.line(r"^Bäckerei Sonnenschein GmbH$"),
        sheet.line(re.escape(day)),
        sheet.line(r"Mahnung" if german else r"Dunning notice"),
        sheet.line(r"^Sehr geehrte Damen und Herren,$" if german else r"^Dear Sir or Madam,$"),
        sheet.line(r"Zahlungseingang" if german else r"not been paid"),
        sheet.line("Rechnungsnummer" if german else "Invoice number"),
        sheet.line("Zu zahlender Gesamtbetrag" if german else "Total to pay"),
        sheet.line(r"Bitte überweisen" if german else r"Please transfer"),
        sheet.line(CLOSING[language]),
    ]
    positions = [(line.page, line.top) for line in order]
    assert positions == sorted(positions), [line.text for line in order]
    dateline = order[1]
    assert dateline.text == f"Berlin, {day}"
    assert dateline.words[-1].right >= TEXT_RIGHT - 2, "the date line is set flush right"
    signed = [line for line in sheet.lines if line.text == "Bäckerei Sonnenschein GmbH"]
    assert (signed[-1].page, signed[-1].top) > positions[-1], "the company signs after the closing"


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_long_recipient_and_company_name_wrap_inside_the_window(language: str) -> None:
    long_name = "Hotel und Gaststättenbetriebsgesellschaft Lindenhof am Schlosspark mbH & Co. KG"
    head = replace(
        HEAD, company_name="Sonnenschein Backwaren und Konditorei Vertriebsgesellschaft mbH"
    )
    kind = replace(KINDS[0], recipient=long_name)
    letter = letter_of(kind, language, head)
    _, words = read(pdf_of(letter))
    window = window_lines(words)
    for line in window:
        for word in line.words:
            assert in_window(word), (word, line.text)
    text = " ".join(line.text for line in window)
    assert long_name in text
    assert "Sonnenschein Backwaren und Konditorei Vertriebsgesellschaft mbH" in text
    assert window[-1].text == "80331 München", "the town line is still in the window"
    name_lines = [line for line in window if line.top >= ADDRESS_ZONE_TOP - SLACK]
    assert len(name_lines) >= len(MUNICH.lines(long_name)) + 1, "the long name wraps"


def test_without_a_place_the_date_line_has_no_leading_comma() -> None:
    letter = letter_of(KINDS[0], "de", replace(HEAD, city=""))
    _, words = read(pdf_of(letter))
    dateline = next(line for line in lines(words) if "06.12.2026" in line.text)
    assert dateline.text == "06.12.2026"


def test_the_letter_asks_for_payment_by_the_deadline_its_e_mail_names() -> None:
    letter = letter_of(KINDS[0], "de", deadline=date(2026, 12, 17))
    _, words = read(pdf_of(letter))
    assert "17.12.2026" in "\n".join(line.text for line in lines(words))


def test_without_bank_accounts_the_payment_details_are_printed_once() -> None:
    letter = letter_of(KINDS[0], "de", replace(HEAD, bank_accounts=()))
    _, words = read(pdf_of(letter))
    text = "\n".join(line.text for line in lines(words))
    assert text.count("DE89 3704 0044 0532 0130 00") == 1


def test_a_page_looks_like_a_letter(tmp_path: Path) -> None:
    """The PNG a person looks at (`pdftoppm`): one A4 page at 60 dpi."""
    source = tmp_path / "letter.pdf"
    source.write_bytes(paper(KINDS[0], "de").pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
        timeout=30,
    )
    header = (tmp_path / "page.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (496, 702)  # 210 × 297 mm at 60 dpi


def test_the_fold_marks_and_the_hole_mark_sit_where_din_5008_puts_them(tmp_path: Path) -> None:
    """Form B: fold marks at 105 and 210 mm, the hole mark at 148.5 mm, in the left margin."""
    source = tmp_path / "letter.pdf"
    source.write_bytes(paper(KINDS[0], "de").pdf)
    dpi = 200
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
        timeout=30,
    )
    header, _, pixels = _pgm((tmp_path / "page.pgm").read_bytes())
    width = header[0]
    px = dpi / 25.4

    def dark_rows(x_mm: float) -> list[float]:
        column = round(x_mm * px)
        rows = [y for y in range(header[1]) if pixels[y * width + column] < 200]
        return [y / px for y in rows]

    marks = dark_rows(7.0)
    assert marks, "no marks in the left margin"
    groups: list[list[float]] = []
    for y in marks:
        if groups and y - groups[-1][-1] < 1:
            groups[-1].append(y)
        else:
            groups.append([y])
    centres = [sum(group) / len(group) for group in groups]
    assert len(centres) == 3, centres
    for centre, expected in zip(centres, (105, 148.5, 210), strict=True):
        assert abs(centre - expected) <= 1, centres
    longer = dark_rows(10.5)
    assert longer, "the hole mark is longer than the fold marks"
    assert all(abs(y - 148.5) <= 1 for y in longer), longer


def _pgm(data: bytes) -> tuple[tuple[int, int], int, bytes]:
    """A binary PGM (P5): (width, height), the maximum value and the pixels, one byte each."""
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P5"
    width, height, maximum = int(fields[1]), int(fields[2]), int(fields[3])
    return (width, height), maximum, fields[4][-width * height :]
