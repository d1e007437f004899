"""The tenant's letterhead on the wire (`/v1/settings/letterhead`, the `letterhead` section of
`tenants configure`): texts checked by their bounds when decoded, bank accounts and the VAT id
by `bank_details` before anything is stored."""

from __future__ import annotations

from typing import Annotated

from msgspec import UNSET, Meta, UnsetType

from automahntion.api.bank_details import checked_bank_account, checked_vat_id
from automahntion.api.field_types import NO_BREAK, kept
from automahntion.api.schemas import Schema
from automahntion.app.settings.changes import KEEP, Keep, LetterheadChange
from automahntion.app.tenants.addresses import EMAIL_PATTERN, MAX_EMAIL_LENGTH
from automahntion.app.tenants.letterhead import MAX_BANK_ACCOUNTS, BankAccount, Letterhead, Logo
from automahntion.domain.errors import FieldProblem, ValidationFailed

MAX_MANAGING_DIRECTORS = 10
_LINE = rf"^{NO_BREAK}*$"
"""One line, possibly empty: an empty text is "not given" and leaves the letter without it."""

Line = Annotated[str, Meta(max_length=200, pattern=_LINE)]
ShortLine = Annotated[str, Meta(max_length=100, pattern=_LINE)]
PostalCode = Annotated[str, Meta(max_length=10, pattern=r"^[0-9A-Za-z -]*$")]
Country = Annotated[str, Meta(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
Phone = Annotated[str, Meta(max_length=40, pattern=r"^[0-9+()/ .-]*$")]
OptionalEmail = Annotated[str, Meta(max_length=MAX_EMAIL_LENGTH, pattern=rf"^$|{EMAIL_PATTERN}")]
Web = Annotated[str, Meta(max_length=200, pattern=r"^(?:(?:https?://)?[^\s/]+\.[^\s]+)?$")]
Director = Annotated[str, Meta(min_length=1, max_length=100, pattern=_LINE)]
Directors = Annotated[
    list[Director],
    Meta(
        max_length=MAX_MANAGING_DIRECTORS,
        extra_json_schema={
            "extra": {
                "items": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": _LINE}
            }
        },
    ),
]
"""(Litestar documents no constraint of list items by itself, hence `extra`.)"""
VatId = Annotated[
    str,
    Meta(
        max_length=20,
        pattern=_LINE,
        description="USt-IdNr.: DE and 9 digits, or another EU country's prefix and 2 to 12 "
        "letters or digits; spaces are dropped. Empty: none.",
    ),
]
Iban = Annotated[str, Meta(min_length=1, max_length=42, pattern=_LINE)]
Bic = Annotated[str, Meta(max_length=15, pattern=_LINE)]


class BankAccountIn(Schema):
    """A bank account printed on letters."""

    iban: Iban
    """Checked by its checksum and the country's layout; stored without spaces."""
    bic: Bic | None = None
    """8 or 11 characters (ISO 9362)."""
    bank_name: ShortLine = ""


class BankAccountOut(Schema):
    """A bank account printed on letters."""

    iban: str
    bic: str | None
    bank_name: str


class LogoOut(Schema):
    """The letterhead's logo."""

    media_type: str
    size: int
    """Bytes."""
    download: str
    """Where to fetch it: `GET` this path."""


class LetterheadOut(Schema):
    """What letters by post are printed with."""

    company_name: str
    """The name letters carry; empty: the tenant's name."""
    street: str
    postal_code: str
    city: str
    """Also the place of the date line."""
    country: str
    phone: str
    email: str
    web: str
    legal_form: str
    seat: str
    register_court: str
    register_number: str
    managing_directors: list[str]
    vat_id: str
    bank_accounts: list[BankAccountOut]
    logo: LogoOut | None
    """Set with `PUT /v1/settings/letterhead/logo`."""


class LetterheadPatch(Schema):
    """Only the fields given change; an empty text removes it from the letters."""

    company_name: Line | UnsetType = UNSET
    street: Line | UnsetType = UNSET
    postal_code: PostalCode | UnsetType = UNSET
    city: ShortLine | UnsetType = UNSET
    country: Country | UnsetType = UNSET
    phone: Phone | UnsetType = UNSET
    email: OptionalEmail | UnsetType = UNSET
    web: Web | UnsetType = UNSET
    legal_form: ShortLine | UnsetType = UNSET
    """E.g. "GmbH", "UG (haftungsbeschränkt)", "e.K."."""
    seat: ShortLine | UnsetType = UNSET
    """Sitz der Gesellschaft."""
    register_court: ShortLine | UnsetType = UNSET
    """E.g. "Amtsgericht Berlin-Charlottenburg"."""
    register_number: ShortLine | UnsetType = UNSET
    """E.g. "HRB 123456 B"."""
    managing_directors: Directors | UnsetType = UNSET
    vat_id: VatId | UnsetType = UNSET
    bank_accounts: (
        Annotated[list[BankAccountIn], Meta(max_length=MAX_BANK_ACCOUNTS)] | UnsetType
    ) = UNSET
    """At most two; the list replaces the stored one."""


def _bank_accounts(
    accounts: list[BankAccountIn] | UnsetType, where: str
) -> tuple[tuple[BankAccount, ...] | Keep, list[FieldProblem]]:
    if isinstance(accounts, UnsetType):
        return KEEP, []
    checked, problems = [], []
    for index, account in enumerate(accounts):
        value, found = checked_bank_account(
            account.iban, account.bic, account.bank_name, f"{where}bankAccounts[{index}]"
        )
        checked.append(value)
        problems += found
    return tuple(checked), problems


def letterhead_change(patch: LetterheadPatch, where: str = "") -> LetterheadChange:
    """`where` prefixes the fields a refusal names (`letterhead.` in the CLI's document)."""
    accounts, problems = _bank_accounts(patch.bank_accounts, where)
    vat_id: str | Keep = KEEP
    if not isinstance(patch.vat_id, UnsetType):
        vat_id, found = checked_vat_id(patch.vat_id, f"{where}vatId")
        problems += found
    if problems:
        raise ValidationFailed(problems)
    directors = patch.managing_directors
    return LetterheadChange(
        company_name=kept(patch.company_name),
        street=kept(patch.street),
        postal_code=kept(patch.postal_code),
        city=kept(patch.city),
        country=kept(patch.country),
        phone=kept(patch.phone),
        email=kept(patch.email),
        web=kept(patch.web),
        legal_form=kept(patch.legal_form),
        seat=kept(patch.seat),
        register_court=kept(patch.register_court),
        register_number=kept(patch.register_number),
        managing_directors=KEEP if isinstance(directors, UnsetType) else tuple(directors),
        vat_id=vat_id,
        bank_accounts=accounts,
    )


LOGO_PATH = "/v1/settings/letterhead/logo"


def logo_out(logo: Logo) -> LogoOut:
    return LogoOut(media_type=logo.media_type, size=len(logo.data), download=LOGO_PATH)


def _accounts_in(letterhead: Letterhead) -> list[BankAccountIn]:
    return [
        BankAccountIn(iban=a.iban, bic=a.bic, bank_name=a.bank_name)
        for a in letterhead.bank_accounts
    ]


def letterhead_patch(letterhead: Letterhead) -> LetterheadPatch:
    """Every field as stored (the logo aside): a change that would set it again."""
    return LetterheadPatch(
        company_name=letterhead.company_name,
        street=letterhead.street,
        postal_code=letterhead.postal_code,
        city=letterhead.city,
        country=letterhead.country,
        phone=letterhead.phone,
        email=letterhead.email,
        web=letterhead.web,
        legal_form=letterhead.legal_form,
        seat=letterhead.seat,
        register_court=letterhead.register_court,
        register_number=letterhead.register_number,
        managing_directors=list(letterhead.managing_directors),
        vat_id=letterhead.vat_id,
        bank_accounts=_accounts_in(letterhead),
    )


def letterhead_out(letterhead: Letterhead) -> LetterheadOut:
    return LetterheadOut(
        company_name=letterhead.company_name,
        street=letterhead.street,
        postal_code=letterhead.postal_code,
        city=letterhead.city,
        country=letterhead.country,
        phone=letterhead.phone,
        email=letterhead.email,
        web=letterhead.web,
        legal_form=letterhead.legal_form,
        seat=letterhead.seat,
        register_court=letterhead.register_court,
        register_number=letterhead.register_number,
        managing_directors=list(letterhead.managing_directors),
        vat_id=letterhead.vat_id,
        bank_accounts=[
            BankAccountOut(iban=a.iban, bic=a.bic, bank_name=a.bank_name)
            for a in letterhead.bank_accounts
        ],
        logo=None if letterhead.logo is None else logo_out(letterhead.logo),
    )
