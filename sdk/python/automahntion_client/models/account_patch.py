from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AccountPatch")



@_attrs_define
class AccountPatch:
    """ 
        Attributes:
            billing_email (str | Unset):
            dunning_active (bool | Unset):
            email (str | Unset):
            name (str | Unset):
     """

    billing_email: str | Unset = UNSET
    dunning_active: bool | Unset = UNSET
    email: str | Unset = UNSET
    name: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        billing_email: str | Unset
        if isinstance(self.billing_email, Unset):
            billing_email = UNSET
        else:
            billing_email = self.billing_email

        dunning_active: bool | Unset
        if isinstance(self.dunning_active, Unset):
            dunning_active = UNSET
        else:
            dunning_active = self.dunning_active

        email: str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        name: str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
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
        def _parse_billing_email(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        billing_email = _parse_billing_email(d.pop("billingEmail", UNSET))


        def _parse_dunning_active(data: object) -> bool | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | Unset, data)

        dunning_active = _parse_dunning_active(d.pop("dunningActive", UNSET))


        def _parse_email(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))


        def _parse_name(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        account_patch = cls(
            billing_email=billing_email,
            dunning_active=dunning_active,
            email=email,
            name=name,
        )

        return account_patch

