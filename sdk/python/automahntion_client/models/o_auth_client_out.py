from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="OAuthClientOut")



@_attrs_define
class OAuthClientOut:
    """ A registered OAuth client; never its secret.

        Attributes:
            client_id (str):
            confidential (bool):
            created_at (datetime.datetime):
            id (UUID):
            name (str):
            redirect_uris (list[str]):
            scopes (list[str]):
            revoked_at (datetime.datetime | None | Unset):
     """

    client_id: str
    confidential: bool
    created_at: datetime.datetime
    id: UUID
    name: str
    redirect_uris: list[str]
    scopes: list[str]
    revoked_at: datetime.datetime | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        confidential = self.confidential

        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        redirect_uris = self.redirect_uris



        scopes = self.scopes



        revoked_at: None | str | Unset
        if isinstance(self.revoked_at, Unset):
            revoked_at = UNSET
        elif isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "clientId": client_id,
            "confidential": confidential,
            "createdAt": created_at,
            "id": id,
            "name": name,
            "redirectUris": redirect_uris,
            "scopes": scopes,
        })
        if revoked_at is not UNSET:
            field_dict["revokedAt"] = revoked_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("clientId")

        confidential = d.pop("confidential")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        id = UUID(d.pop("id"))




        name = d.pop("name")

        redirect_uris = cast(list[str], d.pop("redirectUris"))


        scopes = cast(list[str], d.pop("scopes"))


        def _parse_revoked_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)



                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        revoked_at = _parse_revoked_at(d.pop("revokedAt", UNSET))


        o_auth_client_out = cls(
            client_id=client_id,
            confidential=confidential,
            created_at=created_at,
            id=id,
            name=name,
            redirect_uris=redirect_uris,
            scopes=scopes,
            revoked_at=revoked_at,
        )

        return o_auth_client_out

