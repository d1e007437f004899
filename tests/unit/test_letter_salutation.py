"""Rule 8: a letter the service lays out greets "Sehr geehrte Frau/Herr <Nachname>" when
lexoffice gives a person, else "Sehr geehrte Damen und Herren" (English: "Dear Ms/Mr …",
"Dear Sir or Madam")."""

from __future__ import annotations

from datetime import date

import pytest

from automahntion.adapters.pdf.layout import LetterLayout
from automahntion.app.mail.rendering import MessageFacts
from automahntion.app.post.letter_layout import Language
from automahntion.app.post.notice_letter import LetterInput, laid_out
from automahntion.app.tenants.letterhead import Letterhead
from automahntion.domain.levels import Level
from automahntion.domain.salutation import Addressee, Title

LAYOUT = LetterLayout()


def _page(addressee: Addressee | None, language: Language, *, cover: bool = False) -> str:
    facts = MessageFacts(
        customer_name="Erika Weber",
        invoice_number="RE-1",
        invoice_date=date(2026, 10, 1),
        due_date=date(2026, 10, 15),
        open_cents=123_456,
        total_cents=123_456,
        days_overdue=50,
        fees=(),
        company_name="Bäckerei Sonnenschein",
        payment_details="IBAN DE89 3704 0044 0532 0130 00",
        addressee=addressee,
        payment_deadline=date(2026, 12, 14),
    )
    given = LetterInput(
        facts,
        "1. Mahnung",
        language,
        Level.M1,
        Letterhead(),
        ("Hauptstraße 5", "80331 München"),
        date(2026, 12, 4),
    )
    return LAYOUT.render(laid_out(given, cover=cover))


@pytest.mark.parametrize("cover", [False, True])
@pytest.mark.parametrize(
    ("addressee", "language", "greeting"),
    [
        (Addressee(Title.MS, "Weber"), "de", "Sehr geehrte Frau Weber,"),
        (Addressee(Title.MR, "Weber"), "de", "Sehr geehrter Herr Weber,"),
        (Addressee(Title.MS, "Weber"), "en", "Dear Ms Weber,"),
        (None, "de", "Sehr geehrte Damen und Herren,"),
        (None, "en", "Dear Sir or Madam,"),
    ],
)
def test_a_letter_greets_the_person_lexoffice_gives_by_name(
    addressee: Addressee | None, language: Language, greeting: str, cover: bool
) -> None:
    page = _page(addressee, language, cover=cover)
    assert greeting in page
    if addressee is not None:
        assert "Damen und Herren" not in page
        assert "Sir or Madam" not in page
