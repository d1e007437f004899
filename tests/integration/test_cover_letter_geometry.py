"""A letter by post for a lexoffice invoice: our DIN 5008 cover page (letterhead, return line
and recipient in the window, a short text naming the enclosed dunning, the amount asked, the
enclosure note), then lexoffice's dunning; read back word by word with positions. Made twice,
the posted PDF is the same bytes, so its recorded hash can be checked by making it again."""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from pypdf import PdfReader

from automahntion.app.mail.rendering import MessageFacts, Rendered
from automahntion.app.post.letter_layout import DunningLetter
from automahntion.app.post.notice_letter import NoticeContext, build_cover
from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus
from automahntion.domain.levels import Level
from automahntion_sandboxes.lexoffice.layout import SalesDocument, render
from tests.integration.pdf_words import Line, lines, read
from tests.integration.test_letter_geometry import (
    ADDRESS_ZONE_TOP,
    CLOSING,
    FEES,
    HEAD,
    IBANS,
    LONGEST,
    LONGEST_NAME,
    MAIL_BODY,
    RENDERER,
    SLACK,
    TEXT_LEFT,
    TEXT_RIGHT,
    TODAY,
    in_window,
    window_lines,
)

WORDS = {
    "de": {
        "enclosure": "1. Mahnung",
        "cover": "anbei erhalten Sie unsere 1. Mahnung zu Ihrer Rechnung RE-2026-0816 vom "
        "01.09.2026.",
        "request": "Bitte überweisen Sie den Gesamtbetrag von 1.432,34 € bis zum 16.12.2026",
        "note": "Anlage: 1. Mahnung",
        "day": "Berlin, 06.12.2026",
        "salutation": "Sehr geehrte Damen und Herren,",
        "table": "Rechnungsnummer",
    },
    "en": {
        "enclosure": "1st reminder",
        "cover": "please find enclosed our 1st reminder concerning your invoice RE-2026-0816 "
        "of 1 September 2026.",
        "request": "Please transfer the total of EUR 1,432.34 by 16 December 2026",
        "note": "Enclosure: 1st reminder",
        "day": "Berlin, 6 December 2026",
        "salutation": "Dear Sir or Madam,",
        "table": "Invoice number",
    },
}


def _cover(language: str) -> DunningLetter:
    invoice = Invoice(
        "lx-RE-2026-0816",
        "RE-2026-0816",
        date(2026, 9, 1),
        date(2026, 9, 15),
        137_500,
        137_500,
        "contact-1",
        InvoiceStatus.OPEN,
        InvoiceKind.INVOICE,
        language,
    )
    facts = MessageFacts(
        customer_name=LONGEST_NAME,
        invoice_number=invoice.voucher_number,
        invoice_date=invoice.voucher_date,
        due_date=invoice.due_date,
        open_cents=137_500,
        total_cents=137_500,
        days_overdue=82,
        fees=FEES,
        company_name="sonnenschein-tenant",
        payment_details="IBAN DE89 3704 0044 0532 0130 00",
        payment_deadline=date(2026, 12, 16),
    )
    return build_cover(
        NoticeContext(
            tenant_id=uuid4(),
            invoice_id=uuid4(),
            invoice=invoice,
            level=Level.M1,
            today=TODAY,
            now=datetime(2026, 12, 6, 9, tzinfo=UTC),
            rendered=Rendered("1. Mahnung: Rechnung RE-2026-0816", MAIL_BODY),
            facts=facts,
            recipient_address=LONGEST.lines(""),
            letterhead=HEAD,
        )
    )


LEXOFFICE_DUNNING = render(
    SalesDocument(
        sender="Bäckerei Sonnenschein GmbH",
        sender_address=("Sonnenallee 12", "12045 Berlin"),
        recipient=[LONGEST_NAME, *LONGEST.lines("")],
        info=[("Datum", "06.12.2026"), ("Rechnungsnr.", "RE-2026-0816")],
        title="1. Mahnung",
        introduction="Ihre Rechnung RE-2026-0816 ist noch offen.",
        headings=("Pos.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamtpreis"),
        items=[],
        totals=[("Gesamtbetrag", "1.432,34 €")],
    )
)


def _posted(language: str) -> bytes:
    cover = asyncio.run(RENDERER.pdf(_cover(language)))
    return RENDERER.joined(cover, LEXOFFICE_DUNNING)


_made: dict[str, tuple[bytes, list[Line]]] = {}


def _paper(language: str) -> tuple[bytes, list[Line]]:
    if language not in _made:
        pdf = _posted(language)
        _, words = read(pdf)
        _made[language] = (pdf, lines(words))
    return _made[language]


def _line(found: list[Line], pattern: str) -> Line:
    matching = [line for line in found if re.search(pattern, line.text)]
    assert matching, f"no line matches {pattern!r}: {[line.text for line in found]}"
    return matching[0]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_cover_comes_first_and_lexoffices_dunning_follows(language: str) -> None:
    _, found = _paper(language)
    assert {line.page for line in found} == {1, 2}
    assert all(line.page == 1 for line in found if WORDS[language]["note"] in line.text)
    second = " ".join(line.text for line in found if line.page == 2)
    assert "Ihre Rechnung RE-2026-0816 ist noch offen." in second
    assert "1.432,34 €" in second


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_cover_puts_the_return_line_and_the_recipient_in_the_window(language: str) -> None:
    pdf, _ = _paper(language)
    _, words = read(pdf)
    shown = window_lines([w for w in words if w.page == 1])
    for line in shown:
        for word in line.words:
            assert in_window(word), (word, line.text)
    texts = [line.text for line in shown]
    assert texts[0] == "Bäckerei Sonnenschein GmbH · Sonnenallee 12 · 12045 Berlin"
    assert shown[0].top < ADDRESS_ZONE_TOP
    assert " ".join(texts[1:]) == " ".join(LONGEST.lines(LONGEST_NAME))
    assert all(line.top >= ADDRESS_ZONE_TOP - SLACK for line in shown[1:])
    for word in (w for w in words if w.page == 1):
        assert word.left >= TEXT_LEFT - SLACK, word
        assert word.right <= TEXT_RIGHT + SLACK, word
        assert word.top >= 10, word
        assert word.bottom <= 297 - 10, word


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_cover_names_the_enclosed_dunning_and_the_amount_in_order(language: str) -> None:
    _, found = _paper(language)
    first = [line for line in found if line.page == 1]
    words = WORDS[language]
    text = "\n".join(line.text for line in first)
    assert words["table"] not in text, "the amounts are lexoffice's document's, not repeated"
    order = [
        _line(first, r"^Bäckerei Sonnenschein GmbH$"),
        _line(first, re.escape(words["day"])),
        _line(first, r"^1\. Mahnung: Rechnung RE-2026-0816$"),
        _line(first, re.escape(words["salutation"])),
        _line(first, re.escape(words["cover"].split(" RE-")[0])),
        _line(first, re.escape(words["request"].split(" bis ")[0].split(" by ")[0])),
        _line(first, CLOSING[language]),
        _line(first, re.escape(words["note"])),
    ]
    positions = [line.top for line in order]
    assert positions == sorted(positions), [line.text for line in order]
    flat = " ".join(text.split())
    assert words["cover"] in flat
    assert words["request"] in flat
    footer = " ".join(line.text for line in first if line.top >= 250)
    for iban in IBANS:
        assert iban in footer
    assert "Amtsgericht Charlottenburg" in footer
    assert "HRB 123456 B" in footer


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_posted_pdf_is_the_same_bytes_when_made_again(language: str) -> None:
    first, _ = _paper(language)
    time.sleep(1.1)  # wkhtmltopdf stamps the second it ran: the stamp is the letter's day
    again = _posted(language)
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(first).hexdigest()
    later = asyncio.run(RENDERER.pdf(replace(_cover(language), letter_date=date(2026, 12, 7))))
    assert RENDERER.joined(later, LEXOFFICE_DUNNING) != first, "another day is another letter"
    assert PdfReader(io.BytesIO(first)).metadata == {
        "/CreationDate": "D:20261206000000Z",
        "/Producer": "automahntion",
    }, "dated by the letter's day, not the second it was made"
