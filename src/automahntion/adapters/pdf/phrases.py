"""The fixed phrases of our dunning letter, German and English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Phrases:
    salutation: str
    text_one: str
    text_many: str
    pay: str
    """With `{total}`, `{deadline}` and `{target}`."""
    targets: tuple[str, str, str]
    """Where to pay to with no, one or two bank accounts in the footer."""
    void: str
    closing: str
    number: str
    invoice_date: str
    due_since: str
    open_amount: str
    total: str
    legal_form: str
    seat: str
    register: str
    directors: str
    vat_id: str
    phone: str
    email: str
    web: str
    bank: str
    cover: str
    """A cover letter's text, with `{document}`, `{number}` and `{date}`."""
    enclosure: str
    """The enclosure note under the closing ("Anlage")."""

    def request(self, total: str, deadline: str, accounts: int) -> str:
        target = self.targets[min(accounts, len(self.targets) - 1)]
        return self.pay.format(total=total, deadline=deadline, target=target)


PHRASES: Final = {
    "de": Phrases(
        salutation="Sehr geehrte Damen und Herren,",
        text_one="für die unten aufgeführte Rechnung konnten wir bis heute keinen "
        "Zahlungseingang feststellen.",
        text_many="für die unten aufgeführten Rechnungen konnten wir bis heute keinen "
        "Zahlungseingang feststellen.",
        pay="Bitte überweisen Sie den Gesamtbetrag von {total} bis zum {deadline}{target}.",
        targets=(
            "",
            " auf unser unten genanntes Konto",
            " auf eines unserer unten genannten Konten",
        ),
        void="Sollten Sie die Zahlung inzwischen geleistet haben, betrachten Sie dieses "
        "Schreiben bitte als gegenstandslos.",
        closing="Mit freundlichen Grüßen",
        number="Rechnungsnummer",
        invoice_date="Rechnungsdatum",
        due_since="fällig seit",
        open_amount="offener Betrag",
        total="Zu zahlender Gesamtbetrag",
        legal_form="Rechtsform",
        seat="Sitz der Gesellschaft",
        register="Registergericht",
        directors="Geschäftsführung",
        vat_id="USt-IdNr.",
        phone="Telefon",
        email="E-Mail",
        web="Web",
        bank="Bankverbindung",
        cover="anbei erhalten Sie unsere {document} zu Ihrer Rechnung {number} vom {date}.",
        enclosure="Anlage",
    ),
    "en": Phrases(
        salutation="Dear Sir or Madam,",
        text_one="according to our records, the invoice listed below has not been paid yet.",
        text_many="according to our records, the invoices listed below have not been paid yet.",
        pay="Please transfer the total of {total} by {deadline}{target}.",
        targets=("", " to our account given below", " to one of our accounts given below"),
        void="If you have paid in the meantime, please disregard this letter.",
        closing="Yours faithfully",
        number="Invoice number",
        invoice_date="Invoice date",
        due_since="Due since",
        open_amount="Amount open",
        total="Total to pay",
        legal_form="Legal form",
        seat="Registered office",
        register="Register court",
        directors="Managing directors",
        vat_id="VAT ID",
        phone="Phone",
        email="E-mail",
        web="Web",
        bank="Bank details",
        cover="please find enclosed our {document} concerning your invoice {number} of {date}.",
        enclosure="Enclosure",
    ),
}
