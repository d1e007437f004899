from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="BankAccountIn")



@_attrs_define
class BankAccountIn:
    """ A bank account printed on letters.

        Attributes:
            iban (str): Checked by its checksum and the country's layout; stored without spaces.
            bank_name (str | Unset):  Default: ''.
            bic (None | str | Unset): 8 or 11 characters (ISO 9362).
     """

    iban: str
    bank_name: str | Unset = ''
    bic: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        iban = self.iban

        bank_name = self.bank_name

        bic: None | str | Unset
        if isinstance(self.bic, Unset):
            bic = UNSET
        else:
            bic = self.bic


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "iban": iban,
        })
        if bank_name is not UNSET:
            field_dict["bankName"] = bank_name
        if bic is not UNSET:
            field_dict["bic"] = bic

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        iban = d.pop("iban")

        bank_name = d.pop("bankName", UNSET)

        def _parse_bic(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bic = _parse_bic(d.pop("bic", UNSET))


        bank_account_in = cls(
            iban=iban,
            bank_name=bank_name,
            bic=bic,
        )

        return bank_account_in

