"""Rule 7: each amount on a message is shown with how it was computed; rule 8: amounts read
"1.234,56 €" in German texts and "EUR 1,234.56" in English ones — on our own letters too."""

from __future__ import annotations

from datetime import date

from automahntion.app.lexoffice.ports import DunningLine, InvoiceDetails
from automahntion.app.mail.rendering import MessageFacts
from automahntion.app.post.dunning_document import DunningFacts, dunning_request
from automahntion.app.post.letter_lines import fee_lines
from automahntion.domain.interest import (
    BaseRateTable,
    Charge,
    ChargeKind,
    MessageContext,
    charges,
)
from automahntion.domain.levels import Level
from automahntion.domain.recipients import DebtorKind


def _charges() -> list[Charge]:
    """M2 to a business on 1,234.56 EUR, in default since 21 June 2025, sent 10 July 2025:
    interest across the 1 July 2025 rate change, and the flat fee."""
    context = MessageContext(
        open_cents=123_456,
        due_date=date(2025, 6, 1),
        debtor=DebtorKind.BUSINESS,
        first_level_sent_on=date(2025, 6, 20),
        send_on=date(2025, 7, 10),
        level_fee_cents=500,
        flat_fee_claimed_before=False,
    )
    return charges(context, statutory_extras=True, table=BaseRateTable())


def _interest_line(language: str) -> str:
    found = _charges()
    lines = fee_lines(found, "en" if language == "en" else "de")
    kinds = [c.kind for c in found]
    return lines[kinds.index(ChargeKind.INTEREST)].explanation


def test_an_english_letter_shows_how_its_interest_was_computed() -> None:
    explanation = _interest_line("en")
    assert "10 days" in explanation
    assert "21 June 2025" in explanation
    assert "30 June 2025" in explanation
    assert "1 July 2025" in explanation
    assert "10 July 2025" in explanation
    assert "11.27" in explanation
    assert "10.27" in explanation
    assert "EUR 1,234.56" in explanation


def test_a_german_letter_shows_its_interest_base_as_a_german_amount() -> None:
    explanation = _interest_line("de")
    assert "10 Tage" in explanation
    assert "21.06.2025" in explanation
    assert "10.07.2025" in explanation
    assert "11,27 %" in explanation
    assert "10,27 %" in explanation
    assert "1.234,56 €" in explanation
    assert "EUR" not in explanation


def test_every_fee_line_explains_its_amount_in_the_letters_format() -> None:
    for language, currency in (("de", "€"), ("en", "EUR")):
        lines = fee_lines(_charges(), "en" if language == "en" else "de")
        assert [line.cents for line in lines] == [c.cents for c in _charges()]
        assert all(line.explanation.strip() for line in lines), language
        money_lines = [ln for ln in lines if any(ch.isdigit() for ch in ln.explanation)]
        assert all(currency in ln.explanation for ln in money_lines), (language, money_lines)


def _dunning_lines(language: str) -> tuple[DunningLine, ...]:
    facts = MessageFacts(
        customer_name="Lakeside Ltd",
        invoice_number="RE-1",
        invoice_date=date(2025, 5, 2),
        due_date=date(2025, 6, 1),
        open_cents=123_456,
        total_cents=123_456,
        days_overdue=39,
        fees=tuple(_charges()),
        company_name="Hotel Lindenhof GmbH",
        payment_details="IBAN DE89 3704 0044 0532 0130 00",
    )
    details = InvoiceDetails(language, "c-1", "Lakeside Ltd", "DE", "net")
    made = DunningFacts("inv-1", Level.M2, date(2025, 7, 10), facts)
    return dunning_request(made, details).lines


def test_lexoffices_dunning_shows_how_its_interest_was_computed_in_its_language() -> None:
    for language, base in (("de", "1.234,56 €"), ("en", "EUR 1,234.56")):
        interest = next(line for line in _dunning_lines(language) if line.cents == 7_29)
        assert base in interest.description, language
        assert "10.07.2025" in interest.description or "10 July 2025" in interest.description
