from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="MandateIn")



@_attrs_define
class MandateIn:
    """ A SEPA direct-debit mandate, accepted by the account holder.

        Attributes:
            account_holder (str):
            iban (str):
     """

    account_holder: str
    iban: str





    def to_dict(self) -> dict[str, Any]:
        account_holder = self.account_holder

        iban = self.iban


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "accountHolder": account_holder,
            "iban": iban,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_holder = d.pop("accountHolder")

        iban = d.pop("iban")

        mandate_in = cls(
            account_holder=account_holder,
            iban=iban,
        )

        return mandate_in

