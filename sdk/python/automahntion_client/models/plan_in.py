from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan import Plan
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PlanIn")



@_attrs_define
class PlanIn:
    """ Replaces the tenant's plan; a custom limit left out or null means the plan's own.

        Attributes:
            plan (Plan): The subscription plan; it sets the monthly quota of invoices.
            custom_limit (int | None | Unset):
     """

    plan: Plan
    custom_limit: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        plan = self.plan.value

        custom_limit: int | None | Unset
        if isinstance(self.custom_limit, Unset):
            custom_limit = UNSET
        else:
            custom_limit = self.custom_limit


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "plan": plan,
        })
        if custom_limit is not UNSET:
            field_dict["customLimit"] = custom_limit

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan = Plan(d.pop("plan"))




        def _parse_custom_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        custom_limit = _parse_custom_limit(d.pop("customLimit", UNSET))


        plan_in = cls(
            plan=plan,
            custom_limit=custom_limit,
        )

        return plan_in

