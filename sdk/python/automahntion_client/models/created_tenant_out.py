from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.admin_tenant_out import AdminTenantOut





T = TypeVar("T", bound="CreatedTenantOut")



@_attrs_define
class CreatedTenantOut:
    """ A tenant just created, with its first API key (shown once).

        Attributes:
            api_key (str): The tenant's first API key, shown this once.
            tenant (AdminTenantOut): A tenant as the operator sees it in the list.
     """

    api_key: str
    tenant: AdminTenantOut





    def to_dict(self) -> dict[str, Any]:
        from ..models.admin_tenant_out import AdminTenantOut # noqa: PLC0415
        api_key = self.api_key

        tenant = self.tenant.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "apiKey": api_key,
            "tenant": tenant,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_tenant_out import AdminTenantOut # noqa: PLC0415
        d = dict(src_dict)
        api_key = d.pop("apiKey")

        tenant = AdminTenantOut.from_dict(d.pop("tenant"))




        created_tenant_out = cls(
            api_key=api_key,
            tenant=tenant,
        )

        return created_tenant_out

