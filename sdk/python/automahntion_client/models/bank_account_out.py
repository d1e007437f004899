from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="BankAccountOut")



@_attrs_define
class BankAccountOut:
    """ A bank account printed on letters.

        Attributes:
            bank_name (str):
            bic (None | str):
            iban (str):
     """

    bank_name: str
    bic: None | str
    iban: str





    def to_dict(self) -> dict[str, Any]:
        bank_name = self.bank_name

        bic: None | str
        bic = self.bic

        iban = self.iban


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "bankName": bank_name,
            "bic": bic,
            "iban": iban,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bank_name = d.pop("bankName")

        def _parse_bic(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        bic = _parse_bic(d.pop("bic"))


        iban = d.pop("iban")

        bank_account_out = cls(
            bank_name=bank_name,
            bic=bic,
            iban=iban,
        )

        return bank_account_out

