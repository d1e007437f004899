from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.bank_account_out import BankAccountOut
  from ..models.logo_out import LogoOut





T = TypeVar("T", bound="LetterheadOut")



@_attrs_define
class LetterheadOut:
    """ What letters by post are printed with.

        Attributes:
            bank_accounts (list[BankAccountOut]):
            city (str): Also the place of the date line.
            company_name (str): The name letters carry; empty: the tenant's name.
            country (str):
            email (str):
            legal_form (str):
            logo (LogoOut | None): Set with `PUT /v1/settings/letterhead/logo`.
            managing_directors (list[str]):
            phone (str):
            postal_code (str):
            register_court (str):
            register_number (str):
            seat (str):
            street (str):
            vat_id (str):
            web (str):
     """

    bank_accounts: list[BankAccountOut]
    city: str
    company_name: str
    country: str
    email: str
    legal_form: str
    logo: LogoOut | None
    managing_directors: list[str]
    phone: str
    postal_code: str
    register_court: str
    register_number: str
    seat: str
    street: str
    vat_id: str
    web: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.bank_account_out import BankAccountOut # noqa: PLC0415
        from ..models.logo_out import LogoOut # noqa: PLC0415
        bank_accounts = []
        for bank_accounts_item_data in self.bank_accounts:
            bank_accounts_item = bank_accounts_item_data.to_dict()
            bank_accounts.append(bank_accounts_item)



        city = self.city

        company_name = self.company_name

        country = self.country

        email = self.email

        legal_form = self.legal_form

        logo: dict[str, Any] | None
        if isinstance(self.logo, LogoOut):
            logo = self.logo.to_dict()
        else:
            logo = self.logo

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
            "bankAccounts": bank_accounts,
            "city": city,
            "companyName": company_name,
            "country": country,
            "email": email,
            "legalForm": legal_form,
            "logo": logo,
            "managingDirectors": managing_directors,
            "phone": phone,
            "postalCode": postal_code,
            "registerCourt": register_court,
            "registerNumber": register_number,
            "seat": seat,
            "street": street,
            "vatId": vat_id,
            "web": web,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_account_out import BankAccountOut # noqa: PLC0415
        from ..models.logo_out import LogoOut # noqa: PLC0415
        d = dict(src_dict)
        bank_accounts = []
        _bank_accounts = d.pop("bankAccounts")
        for bank_accounts_item_data in (_bank_accounts):
            bank_accounts_item = BankAccountOut.from_dict(bank_accounts_item_data)



            bank_accounts.append(bank_accounts_item)


        city = d.pop("city")

        company_name = d.pop("companyName")

        country = d.pop("country")

        email = d.pop("email")

        legal_form = d.pop("legalForm")

        def _parse_logo(data: object) -> LogoOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logo_type_0 = LogoOut.from_dict(data)



                return logo_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LogoOut | None, data)

        logo = _parse_logo(d.pop("logo"))


        managing_directors = cast(list[str], d.pop("managingDirectors"))


        phone = d.pop("phone")

        postal_code = d.pop("postalCode")

        register_court = d.pop("registerCourt")

        register_number = d.pop("registerNumber")

        seat = d.pop("seat")

        street = d.pop("street")

        vat_id = d.pop("vatId")

        web = d.pop("web")

        letterhead_out = cls(
            bank_accounts=bank_accounts,
            city=city,
            company_name=company_name,
            country=country,
            email=email,
            legal_form=legal_form,
            logo=logo,
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

        return letterhead_out

