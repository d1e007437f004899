from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="AccountPatch")



@_attrs_define
class AccountPatch:
    """ The account fields to change; fields left out stay as they are.

        Attributes:
            billing_email (str | Unset): Where subscription invoices go.
            dunning_active (bool | Unset): Off: nothing is sent, and no level needs to be enabled.
            email (str | Unset):
            name (str | Unset):
     """

    billing_email: str | Unset = UNSET
    dunning_active: bool | Unset = UNSET
    email: str | Unset = UNSET
    name: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        billing_email = self.billing_email

        dunning_active = self.dunning_active

        email = self.email

        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if billing_email is not UNSET:
            field_dict["billingEmail"] = billing_email
        if dunning_active is not UNSET:
            field_dict["dunningActive"] = dunning_active
        if email is not UNSET:
            field_dict["email"] = email
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billing_email = d.pop("billingEmail", UNSET)

        dunning_active = d.pop("dunningActive", UNSET)

        email = d.pop("email", UNSET)

        name = d.pop("name", UNSET)

        account_patch = cls(
            billing_email=billing_email,
            dunning_active=dunning_active,
            email=email,
            name=name,
        )

        return account_patch

