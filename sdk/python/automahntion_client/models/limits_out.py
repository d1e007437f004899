from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="LimitsOut")



@_attrs_define
class LimitsOut:
    """ What the plan admits.

        Attributes:
            invoices (int): Concurrently open and overdue invoices dunned (the quota).
            thank_yous_per_month (int): 0 without the customer-loyalty extension.
     """

    invoices: int
    thank_yous_per_month: int





    def to_dict(self) -> dict[str, Any]:
        invoices = self.invoices

        thank_yous_per_month = self.thank_yous_per_month


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "invoices": invoices,
            "thankYousPerMonth": thank_yous_per_month,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        invoices = d.pop("invoices")

        thank_yous_per_month = d.pop("thankYousPerMonth")

        limits_out = cls(
            invoices=invoices,
            thank_yous_per_month=thank_yous_per_month,
        )

        return limits_out

