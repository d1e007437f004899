from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ConnectedOut")



@_attrs_define
class ConnectedOut:
    """ lexoffice connected.

        Attributes:
            company_name (str):
            connected (bool):
            organization_id (str):
            webhooks (bool):
     """

    company_name: str
    connected: bool
    organization_id: str
    webhooks: bool





    def to_dict(self) -> dict[str, Any]:
        company_name = self.company_name

        connected = self.connected

        organization_id = self.organization_id

        webhooks = self.webhooks


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "companyName": company_name,
            "connected": connected,
            "organizationId": organization_id,
            "webhooks": webhooks,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        company_name = d.pop("companyName")

        connected = d.pop("connected")

        organization_id = d.pop("organizationId")

        webhooks = d.pop("webhooks")

        connected_out = cls(
            company_name=company_name,
            connected=connected,
            organization_id=organization_id,
            webhooks=webhooks,
        )

        return connected_out

