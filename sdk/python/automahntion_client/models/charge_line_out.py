from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ChargeLineOut")



@_attrs_define
class ChargeLineOut:
    """ One line of a charge.

        Attributes:
            amount_cents (int):
            description (str):
            quantity (int):
            unit_cents (int):
     """

    amount_cents: int
    description: str
    quantity: int
    unit_cents: int





    def to_dict(self) -> dict[str, Any]:
        amount_cents = self.amount_cents

        description = self.description

        quantity = self.quantity

        unit_cents = self.unit_cents


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amountCents": amount_cents,
            "description": description,
            "quantity": quantity,
            "unitCents": unit_cents,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_cents = d.pop("amountCents")

        description = d.pop("description")

        quantity = d.pop("quantity")

        unit_cents = d.pop("unitCents")

        charge_line_out = cls(
            amount_cents=amount_cents,
            description=description,
            quantity=quantity,
            unit_cents=unit_cents,
        )

        return charge_line_out

