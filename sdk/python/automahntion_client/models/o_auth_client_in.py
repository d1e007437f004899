from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.o_auth_client_in_scopes_item import OAuthClientInScopesItem
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="OAuthClientIn")



@_attrs_define
class OAuthClientIn:
    """ A widget to register as an OAuth client.

        Attributes:
            name (str): Shown to the tenant on the consent page
            redirect_uris (list[str]): Compared exactly. https, or http on 127.0.0.1, [::1] or localhost
            scopes (list[OAuthClientInScopesItem]): What the client may ask a tenant for.
            confidential (bool | Unset): A confidential client (with a backend) gets a secret; a public one (in the browser)
                none. Default: False.
     """

    name: str
    redirect_uris: list[str]
    scopes: list[OAuthClientInScopesItem]
    confidential: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        redirect_uris = self.redirect_uris



        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item = scopes_item_data.value
            scopes.append(scopes_item)



        confidential = self.confidential


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "redirectUris": redirect_uris,
            "scopes": scopes,
        })
        if confidential is not UNSET:
            field_dict["confidential"] = confidential

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        redirect_uris = cast(list[str], d.pop("redirectUris"))


        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in (_scopes):
            scopes_item = OAuthClientInScopesItem(scopes_item_data)



            scopes.append(scopes_item)


        confidential = d.pop("confidential", UNSET)

        o_auth_client_in = cls(
            name=name,
            redirect_uris=redirect_uris,
            scopes=scopes,
            confidential=confidential,
        )

        return o_auth_client_in

