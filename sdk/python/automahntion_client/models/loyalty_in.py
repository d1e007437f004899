from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan import Plan
from typing import cast






T = TypeVar("T", bound="LoyaltyIn")



@_attrs_define
class LoyaltyIn:
    """ The loyalty extension's plan; null ends it.

        Attributes:
            plan (None | Plan): Starter 30, Business 120, Pro 480 thank-you e-mails a month; null ends the extension.
     """

    plan: None | Plan





    def to_dict(self) -> dict[str, Any]:
        plan: None | str
        if isinstance(self.plan, Plan):
            plan = self.plan.value
        else:
            plan = self.plan


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "plan": plan,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_plan(data: object) -> None | Plan:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                plan_type_0 = Plan(data)



                return plan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Plan, data)

        plan = _parse_plan(d.pop("plan"))


        loyalty_in = cls(
            plan=plan,
        )

        return loyalty_in

