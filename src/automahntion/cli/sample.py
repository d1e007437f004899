"""A small bakery's invoices, dated relative to the demo's day, covering every standing."""

from __future__ import annotations

from datetime import date, timedelta

from automahntion.app.tenants.letterhead import BankAccount, Letterhead
from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, TenantRules
from automahntion.domain.escalation import SentLevel
from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import Contact, DebtorKind, EmailAddresses

COMPANY = "Bäckerei Sonnenschein GmbH"
SAMPLE_LIMIT = 7
SAMPLE_LETTERHEAD = Letterhead(
    company_name=COMPANY,
    street="Sonnenallee 12",
    postal_code="12045",
    city="Berlin",
    phone="+49 30 1234567",
    email="buchhaltung@baeckerei-sonnenschein.example",
    legal_form="GmbH",
    seat="Berlin",
    register_court="Amtsgericht Charlottenburg",
    register_number="HRB 123456 B",
    managing_directors=("Anna Sonnenschein",),
    vat_id="DE123456789",
    bank_accounts=(BankAccount("DE89370400440532013000", "COBADEFF", "Commerzbank"),),
)
"""The demo tenant's letterhead: what its own letters carry."""
SAMPLE_ORGANIZATION = {
    "companyName": COMPANY,
    "address": {
        "street": SAMPLE_LETTERHEAD.street,
        "zip": SAMPLE_LETTERHEAD.postal_code,
        "city": SAMPLE_LETTERHEAD.city,
    },
}
"""The demo's lexoffice organization (the sandbox's): lexoffice prints the same sender."""


def _contact(cid: str, name: str, **emails: tuple[str, ...]) -> Contact:
    kind = DebtorKind.CONSUMER if cid.startswith("p") else DebtorKind.BUSINESS
    return Contact(cid, name, EmailAddresses(**emails), kind)


CONTACTS = {
    c.lexoffice_id: c
    for c in (
        _contact("c-cafe", "Café Morgenrot", business=("buchhaltung@cafe-morgenrot.de",)),
        _contact("c-hotel", "Hotel Lindenhof", office=("info@hotel-lindenhof.de",)),
        _contact("c-kita", "Kita Sonnenblume", business=("verwaltung@kita-sonnenblume.de",)),
        _contact("c-kantine", "Kantine Nord GmbH"),
        _contact("p-meier", "Erika Meier", private=("erika.meier@example.org",)),
        _contact("c-markt", "Wochenmarkt e. V.", business=("kasse@wochenmarkt.example",)),
        _contact("c-schule", "Grundschule am See", business=("sekretariat@gs-see.example",)),
    )
}


def sample_rules(today: date) -> TenantRules:
    return TenantRules(
        policy=DunningPolicy.default(),
        calendar=SendingCalendar(),
        limit=SAMPLE_LIMIT,
        sync_start=today - timedelta(days=120),
    )


def sample_files(today: date) -> list[InvoiceFile]:
    def invoice(
        number: str,
        contact: str | None,
        due_ago: int,
        total: int,
        *,
        open_cents: int | None = None,
        status: InvoiceStatus = InvoiceStatus.OPEN,
        issued_before_due: int = 14,
    ) -> Invoice:
        due = today - timedelta(days=due_ago)
        return Invoice(
            lexoffice_id=f"lx-{number}",
            voucher_number=number,
            voucher_date=due - timedelta(days=issued_before_due),
            due_date=due,
            total_cents=total,
            open_cents=total if open_cents is None else open_cents,
            contact_id=contact,
            status=status,
            kind=InvoiceKind.INVOICE,
        )

    def file(
        inv: Invoice, history: tuple[SentLevel, ...] = (), invoice_pause: Pause | None = None
    ) -> InvoiceFile:
        contact = CONTACTS.get(inv.contact_id) if inv.contact_id else None
        return InvoiceFile(
            inv, contact, history, admitted_before=bool(history), invoice_pause=invoice_pause
        )

    def sent(level: Level, days_ago: int) -> SentLevel:
        return SentLevel(level, today - timedelta(days=days_ago))

    return [
        file(invoice("RE-2026-101", "c-cafe", 3, 18_450)),
        file(invoice("RE-2026-087", "c-hotel", 14, 96_000), (sent(Level.R1, 11),)),
        file(
            invoice("RE-2026-064", "c-kita", 28, 42_380, open_cents=12_380),
            (sent(Level.R1, 25), sent(Level.M1, 14)),
        ),
        file(invoice("RE-2026-071", "c-kantine", 20, 7_990)),
        file(invoice("RE-2026-090", None, 12, 3_500)),
        file(invoice("RE-2026-093", "p-meier", 9, 2_450), (sent(Level.R1, 6),)),
        file(
            invoice("RE-2026-080", "c-markt", 16, 31_200),
            (sent(Level.R1, 13),),
            invoice_pause=Pause("Ratenzahlung vereinbart", today + timedelta(days=10)),
        ),
        file(invoice("RE-2026-095", "c-schule", 2, 12_000)),
        file(invoice("RE-2026-096", "c-cafe", 1, 4_200)),
        file(invoice("RE-2026-099", "c-hotel", -5, 23_100)),
        file(invoice("RE-2026-083", "c-schule", 10, 8_800, status=InvoiceStatus.TRANSFERRED)),
        file(
            invoice("RE-2026-077", "c-markt", 18, 15_500, status=InvoiceStatus.PAID, open_cents=0)
        ),
        file(invoice("RE-2025-311", "c-kita", 150, 64_000, issued_before_due=30)),
        file(invoice("RE-2026-100", "c-schule", 4, 5_600)),
        file(invoice("RE-2026-097", "c-cafe", 5, 9_900)),
    ]
