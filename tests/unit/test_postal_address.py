"""Whether a letter can be printed (rule 8), and how the day's plan holds a letter that cannot."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, Standing, TenantRules, plan_day
from automahntion.domain.escalation import Hold, Send, SentLevel, Wait
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy, Level, default_levels
from automahntion.domain.postal_address import MAX_LINE, PostalAddress, address_problem
from automahntion.domain.recipients import BlockReason, Contact, EmailAddresses

TODAY = date(2026, 11, 27)
GOOD = PostalAddress(street="Hauptstraße 1", zip="10115", city="Berlin")


def test_a_complete_german_address_can_be_printed() -> None:
    assert address_problem("Café Morgenrot", GOOD) is None
    assert address_problem("Café Morgenrot", replace(GOOD, country_code="de")) is None
    assert GOOD.lines("Café Morgenrot") == ("Café Morgenrot", "Hauptstraße 1", "10115 Berlin")


def test_what_keeps_a_letter_from_being_printed() -> None:
    assert address_problem("Café", None) == "no postal address"
    assert address_problem("Café", PostalAddress(city="Berlin")) == "missing street, zip"
    assert address_problem(" ", GOOD) == "missing name"
    assert address_problem("Café", replace(GOOD, country_code="AT")) == (
        "country AT: letters go only to addresses in Germany"
    )
    assert address_problem("Café", replace(GOOD, zip="1011")) == "zip '1011' is not five digits"
    assert address_problem("Café", replace(GOOD, street="Haupt-\nstraße 1")) == (
        "line break in street"
    )
    long_name = "Gaststätte zum goldenen Hirschen am Marktplatz GmbH & Co. KG"
    assert address_problem(long_name, GOOD) == (
        f"line longer than {MAX_LINE} characters: {long_name!r}"
    )


_text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60)


@given(
    name=_text,
    street=_text,
    zip_code=st.from_regex(r"\d{5}", fullmatch=True) | _text,
    city=_text,
    supplement=_text,
)
def test_an_address_passes_exactly_when_every_line_is_there_and_fits(
    name: str, street: str, zip_code: str, city: str, supplement: str
) -> None:
    """(property) Printable means: name, street, five-digit zip and city present, and no line
    of the window wider than it."""
    address = PostalAddress(street=street, zip=zip_code, city=city, supplement=supplement)
    complete = all(v.strip() for v in (name, street, city)) and zip_code.strip().isdigit()
    fits = all(len(line) <= MAX_LINE for line in address.lines(name))
    expected = complete and len(zip_code.strip()) == 5 and zip_code.strip().isascii() and fits
    assert (address_problem(name, address) is None) == expected


def _file(due_ago: int, problem: str | None, history: tuple[SentLevel, ...] = ()) -> InvoiceFile:
    due = TODAY - timedelta(days=due_ago)
    invoice = Invoice(
        lexoffice_id="id-1",
        voucher_number="RE-1",
        voucher_date=due - timedelta(days=14),
        due_date=due,
        total_cents=10_000,
        open_cents=10_000,
        contact_id="c1",
        status=InvoiceStatus.OPEN,
    )
    contact = Contact("c1", "Café", EmailAddresses(business=("a@cafe.example",)))
    return InvoiceFile(invoice, contact, history=history, letter_problem=problem)


def _rules() -> TenantRules:
    levels = [replace(s, by_post=True) if s.level is Level.M1 else s for s in default_levels()]
    return TenantRules(DunningPolicy.create(levels), SendingCalendar(), 10)


def test_a_letter_that_cannot_be_printed_is_held_but_the_invoice_keeps_its_slot() -> None:
    r1 = (SentLevel(Level.R1, TODAY - timedelta(days=10)),)
    [held] = plan_day([_file(15, "missing street", r1)], _rules(), TODAY)
    assert held.decision == Wait(Hold.BLOCKED, Level.M1)
    assert held.blocked is BlockReason.ADDRESS_NOT_PRINTABLE
    assert held.standing is Standing.ADMITTED
    [printable] = plan_day([_file(15, None, r1)], _rules(), TODAY)
    assert printable.decision == Send(Level.M1)


def test_an_unprintable_address_does_not_hold_an_e_mail() -> None:
    [reminder] = plan_day([_file(5, "missing street")], _rules(), TODAY)
    assert reminder.decision == Send(Level.R1)
    assert reminder.blocked is None
