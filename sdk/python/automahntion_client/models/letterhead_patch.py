from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.bank_account_in import BankAccountIn





T = TypeVar("T", bound="LetterheadPatch")



@_attrs_define
class LetterheadPatch:
    """ Only the fields given change; an empty text removes it from the letters.

        Attributes:
            bank_accounts (list[BankAccountIn] | Unset): At most two; the list replaces the stored one.
            city (str | Unset):
            company_name (str | Unset):
            country (str | Unset): ISO 3166-1 alpha-2
            email (str | Unset):
            legal_form (str | Unset): E.g. "GmbH", "UG (haftungsbeschränkt)", "e.K.".
            managing_directors (list[str] | Unset):
            phone (str | Unset):
            postal_code (str | Unset):
            register_court (str | Unset): E.g. "Amtsgericht Berlin-Charlottenburg".
            register_number (str | Unset): E.g. "HRB 123456 B".
            seat (str | Unset): Sitz der Gesellschaft.
            street (str | Unset):
            vat_id (str | Unset): USt-IdNr.: DE and 9 digits, or another EU country's prefix and 2 to 12 letters or digits;
                spaces are dropped. Empty: none.
            web (str | Unset):
     """

    bank_accounts: list[BankAccountIn] | Unset = UNSET
    city: str | Unset = UNSET
    company_name: str | Unset = UNSET
    country: str | Unset = UNSET
    email: str | Unset = UNSET
    legal_form: str | Unset = UNSET
    managing_directors: list[str] | Unset = UNSET
    phone: str | Unset = UNSET
    postal_code: str | Unset = UNSET
    register_court: str | Unset = UNSET
    register_number: str | Unset = UNSET
    seat: str | Unset = UNSET
    street: str | Unset = UNSET
    vat_id: str | Unset = UNSET
    web: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.bank_account_in import BankAccountIn # noqa: PLC0415
        bank_accounts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.bank_accounts, Unset):
            bank_accounts = []
            for bank_accounts_item_data in self.bank_accounts:
                bank_accounts_item = bank_accounts_item_data.to_dict()
                bank_accounts.append(bank_accounts_item)



        city = self.city

        company_name = self.company_name

        country = self.country

        email = self.email

        legal_form = self.legal_form

        managing_directors: list[str] | Unset = UNSET
        if not isinstance(self.managing_directors, Unset):
            managing_directors = self.managing_directors



        phone = self.phone

        postal_code = self.postal_code

        register_court = self.register_court

        register_number = self.register_number

        seat = self.seat

        street = self.street

        vat_id = self.vat_id

        web = self.web


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if bank_accounts is not UNSET:
            field_dict["bankAccounts"] = bank_accounts
        if city is not UNSET:
            field_dict["city"] = city
        if company_name is not UNSET:
            field_dict["companyName"] = company_name
        if country is not UNSET:
            field_dict["country"] = country
        if email is not UNSET:
            field_dict["email"] = email
        if legal_form is not UNSET:
            field_dict["legalForm"] = legal_form
        if managing_directors is not UNSET:
            field_dict["managingDirectors"] = managing_directors
        if phone is not UNSET:
            field_dict["phone"] = phone
        if postal_code is not UNSET:
            field_dict["postalCode"] = postal_code
        if register_court is not UNSET:
            field_dict["registerCourt"] = register_court
        if register_number is not UNSET:
            field_dict["registerNumber"] = register_number
        if seat is not UNSET:
            field_dict["seat"] = seat
        if street is not UNSET:
            field_dict["street"] = street
        if vat_id is not UNSET:
            field_dict["vatId"] = vat_id
        if web is not UNSET:
            field_dict["web"] = web

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_account_in import BankAccountIn # noqa: PLC0415
        d = dict(src_dict)
        _bank_accounts = d.pop("bankAccounts", UNSET)
        bank_accounts: list[BankAccountIn] | Unset = UNSET
        if _bank_accounts is not UNSET:
            bank_accounts = []
            for bank_accounts_item_data in _bank_accounts:
                bank_accounts_item = BankAccountIn.from_dict(bank_accounts_item_data)



                bank_accounts.append(bank_accounts_item)


        city = d.pop("city", UNSET)

        company_name = d.pop("companyName", UNSET)

        country = d.pop("country", UNSET)

        email = d.pop("email", UNSET)

        legal_form = d.pop("legalForm", UNSET)

        managing_directors = cast(list[str], d.pop("managingDirectors", UNSET))


        phone = d.pop("phone", UNSET)

        postal_code = d.pop("postalCode", UNSET)

        register_court = d.pop("registerCourt", UNSET)

        register_number = d.pop("registerNumber", UNSET)

        seat = d.pop("seat", UNSET)

        street = d.pop("street", UNSET)

        vat_id = d.pop("vatId", UNSET)

        web = d.pop("web", UNSET)

        letterhead_patch = cls(
            bank_accounts=bank_accounts,
            city=city,
            company_name=company_name,
            country=country,
            email=email,
            legal_form=legal_form,
            managing_directors=managing_directors,
            phone=phone,
            postal_code=postal_code,
            register_court=register_court,
            register_number=register_number,
            seat=seat,
            street=street,
            vat_id=vat_id,
            web=web,
        )

        return letterhead_patch

