"""What a tenant's letters carry about the sender: the letterhead, the place of the date line,
the mandatory company details of the footer (§ 35a GmbHG, § 37a HGB) and the bank accounts."""

from __future__ import annotations

from dataclasses import dataclass, replace

MAX_BANK_ACCOUNTS = 2
LOGO_MEDIA_TYPES = ("image/png", "image/svg+xml")
MAX_LOGO_BYTES = 200 * 1024


@dataclass(frozen=True)
class BankAccount:
    iban: str
    """Electronic form: upper case, no spaces (checked where it enters)."""
    bic: str | None = None
    bank_name: str = ""


@dataclass(frozen=True)
class Logo:
    media_type: str
    """One of `LOGO_MEDIA_TYPES`."""
    data: bytes


@dataclass(frozen=True)
class Letterhead:
    """Empty strings mean "not given"; a letter leaves out what is not given."""

    company_name: str = ""
    """The name on letters; the tenant's name when empty."""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    """Also the place of the date line ("Berlin, 07.12.2026")."""
    country: str = "DE"
    phone: str = ""
    email: str = ""
    web: str = ""
    legal_form: str = ""
    """E.g. "GmbH", "UG (haftungsbeschränkt)", "e.K."."""
    seat: str = ""
    """Sitz der Gesellschaft."""
    register_court: str = ""
    register_number: str = ""
    managing_directors: tuple[str, ...] = ()
    vat_id: str = ""
    bank_accounts: tuple[BankAccount, ...] = ()
    logo: Logo | None = None

    def name_or(self, tenant_name: str) -> str:
        return self.company_name or tenant_name

    def return_address(self, tenant_name: str) -> str:
        """The one line above the address window: "Firma · Straße · PLZ Ort"."""
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return " · ".join(part for part in (self.name_or(tenant_name), self.street, place) if part)

    def with_logo(self, logo: Logo | None) -> Letterhead:
        return replace(self, logo=logo)
