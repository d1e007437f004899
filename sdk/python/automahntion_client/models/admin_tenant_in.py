from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan import Plan
from ..types import UNSET, Unset






T = TypeVar("T", bound="AdminTenantIn")



@_attrs_define
class AdminTenantIn:
    """ A new tenant.

        Attributes:
            email (str):
            name (str):
            plan (Plan | Unset): The subscription plan; it sets the monthly quota of invoices.
     """

    email: str
    name: str
    plan: Plan | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        email = self.email

        name = self.name

        plan: str | Unset = UNSET
        if not isinstance(self.plan, Unset):
            plan = self.plan.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
            "name": name,
        })
        if plan is not UNSET:
            field_dict["plan"] = plan

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        name = d.pop("name")

        _plan = d.pop("plan", UNSET)
        plan: Plan | Unset
        if isinstance(_plan,  Unset):
            plan = UNSET
        else:
            plan = Plan(_plan)




        admin_tenant_in = cls(
            email=email,
            name=name,
            plan=plan,
        )

        return admin_tenant_in

