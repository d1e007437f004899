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
    """ 
        Attributes:
            bank_accounts (list[BankAccountIn] | Unset):
            city (str | Unset):
            company_name (str | Unset):
            country (str | Unset): ISO 3166-1 alpha-2
            email (str | Unset):
            legal_form (str | Unset):
            managing_directors (list[str] | Unset):
            phone (str | Unset):
            postal_code (str | Unset):
            register_court (str | Unset):
            register_number (str | Unset):
            seat (str | Unset):
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
        bank_accounts: list[dict[str, Any]] | Unset
        if isinstance(self.bank_accounts, Unset):
            bank_accounts = UNSET
        else:
            bank_accounts = []
            for bank_accounts_type_0_item_data in self.bank_accounts:
                bank_accounts_type_0_item = bank_accounts_type_0_item_data.to_dict()
                bank_accounts.append(bank_accounts_type_0_item)




        city: str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        company_name: str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        country: str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        email: str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        legal_form: str | Unset
        if isinstance(self.legal_form, Unset):
            legal_form = UNSET
        else:
            legal_form = self.legal_form

        managing_directors: list[str] | Unset
        if isinstance(self.managing_directors, Unset):
            managing_directors = UNSET
        else:
            managing_directors = self.managing_directors




        phone: str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        postal_code: str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        register_court: str | Unset
        if isinstance(self.register_court, Unset):
            register_court = UNSET
        else:
            register_court = self.register_court

        register_number: str | Unset
        if isinstance(self.register_number, Unset):
            register_number = UNSET
        else:
            register_number = self.register_number

        seat: str | Unset
        if isinstance(self.seat, Unset):
            seat = UNSET
        else:
            seat = self.seat

        street: str | Unset
        if isinstance(self.street, Unset):
            street = UNSET
        else:
            street = self.street

        vat_id: str | Unset
        if isinstance(self.vat_id, Unset):
            vat_id = UNSET
        else:
            vat_id = self.vat_id

        web: str | Unset
        if isinstance(self.web, Unset):
            web = UNSET
        else:
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
        def _parse_bank_accounts(data: object) -> list[BankAccountIn] | Unset:
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            bank_accounts_type_0 = []
            _bank_accounts_type_0 = data
            for bank_accounts_type_0_item_data in (_bank_accounts_type_0):
                bank_accounts_type_0_item = BankAccountIn.from_dict(bank_accounts_type_0_item_data)



                bank_accounts_type_0.append(bank_accounts_type_0_item)

            return bank_accounts_type_0

        bank_accounts = _parse_bank_accounts(d.pop("bankAccounts", UNSET))


        def _parse_city(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))


        def _parse_company_name(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        company_name = _parse_company_name(d.pop("companyName", UNSET))


        def _parse_country(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))


        def _parse_email(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))


        def _parse_legal_form(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        legal_form = _parse_legal_form(d.pop("legalForm", UNSET))


        def _parse_managing_directors(data: object) -> list[str] | Unset:
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            managing_directors_type_0 = cast(list[str], data)

            return managing_directors_type_0

        managing_directors = _parse_managing_directors(d.pop("managingDirectors", UNSET))


        def _parse_phone(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))


        def _parse_postal_code(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postalCode", UNSET))


        def _parse_register_court(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        register_court = _parse_register_court(d.pop("registerCourt", UNSET))


        def _parse_register_number(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        register_number = _parse_register_number(d.pop("registerNumber", UNSET))


        def _parse_seat(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        seat = _parse_seat(d.pop("seat", UNSET))


        def _parse_street(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        street = _parse_street(d.pop("street", UNSET))


        def _parse_vat_id(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        vat_id = _parse_vat_id(d.pop("vatId", UNSET))


        def _parse_web(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        web = _parse_web(d.pop("web", UNSET))


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

